import { isDeepStrictEqual } from 'node:util';
import { parseCustomProvider } from '../../../shared/custom-provider';
import { fieldProblemOf } from '../../../shared/field-rules';
import { isBuiltinProviderId, type FieldSpec } from '../../../shared/providers';
import { hasControlCharacters, stripControlCharacters } from '../../../shared/text';
import { TokenDeskError } from '../errors';
import { definedProvider } from '../providers/custom/custom';
import { CREDENTIALS_IN_URL, getProvider } from '../providers/registry';
import type { Clock } from '../platform';
import { defaultScrypt } from '../vault/kdf';
import type { ScryptParams, StoredAccount, Vault } from '../vault/types';
import { openBundle, sealBundle, type BundleAccount, type BundleProvider } from './bundle';

/** What to do with an account whose id the vault already holds. */
export type ImportMode = 'newer' | 'replace' | 'skip';
/** What happened to one account of a bundle. */
export type ImportAction = 'added' | 'replaced' | 'kept' | 'skipped';

/** One line of an import report: an account, or (`kind: 'provider'`) a custom provider's definition. */
export interface ImportOutcome {
  id: string;
  name: string;
  provider: string;
  action: ImportAction;
  kind?: 'account' | 'provider';
}

/** The last time anything happened to an account: an edit or a refresh. */
const freshness = (account: StoredAccount): number => Math.max(account.updatedAt, account.lastRefreshAt ?? 0);

/** Decides one account's fate; pure, so the rules read in one place. */
export function importAction(current: StoredAccount | undefined, incoming: StoredAccount, mode: ImportMode): ImportAction {
  if (!current) return 'added';
  if (mode === 'skip') return 'skipped';
  if (mode === 'replace') return 'replaced';
  return freshness(incoming) > freshness(current) ? 'replaced' : 'kept';
}

/** Seals the chosen accounts (all when `ids` is empty) with their secrets into a bundle's text. */
export async function exportAccounts(
  vault: Vault,
  clock: Clock,
  options: { ids?: string[]; passphrase: string; scrypt?: ScryptParams },
): Promise<{ text: string; count: number }> {
  const accounts = options.ids && options.ids.length > 0 ? options.ids.map((id) => requireAccount(vault, id)) : vault.list();
  const entries: BundleAccount[] = accounts.map((account) => {
    const secrets = vault.secrets(account.id);
    return { account: { ...account }, secrets: { fields: { ...secrets.fields }, token: secrets.token } };
  });
  const customProviders = providersUsed(vault, accounts);
  const text = await sealBundle({ exportedAt: clock.now(), accounts: entries, customProviders }, options.passphrase, options.scrypt ?? defaultScrypt());
  return { text, count: entries.length };
}

/**
 * The definitions of the custom providers the accounts use. One changed outside TokenDesk is refused:
 * the vault that imports it would sign it as its own.
 */
function providersUsed(vault: Vault, accounts: StoredAccount[]): BundleProvider[] {
  const used = new Set(accounts.map((a) => a.provider).filter((id) => !isBuiltinProviderId(id)));
  return vault.definitions().flatMap(({ id, definition, updatedAt }) => {
    if (!used.has(id)) return [];
    if (vault.definitionAuthentic(id) === false) {
      throw new TokenDeskError('invalid_input', `The definition of custom provider ${id} was changed outside TokenDesk, so it is not exported. Check it (tokendesk provider show ${id}), store it again (provider add --file … --replace), then export.`, { needsUser: true });
    }
    return [{ definition, updatedAt }];
  });
}

/** Decides the fate of each custom provider of a bundle, checking every one before anything is written. */
function providerPlan(vault: Vault, bundled: BundleProvider[], mode: ImportMode): Array<{ id: string; name: string; action: ImportAction; write: BundleProvider | null }> {
  const stored = new Map(vault.definitions().map((d) => [d.id, d]));
  const seen = new Set<string>();
  const plan: Array<{ id: string; name: string; action: ImportAction; write: BundleProvider | null }> = [];
  for (const item of bundled) {
    const parsed = parseCustomProvider(item.definition);
    if (!parsed.ok) throw new TokenDeskError('invalid_input', `The bundle holds a custom provider definition that is not valid (${parsed.problem}), so it was not imported.`);
    const { id, name } = parsed.definition;
    if (seen.has(id)) throw new TokenDeskError('invalid_input', `The bundle holds custom provider ${id} twice, so it was not imported. Export it again.`);
    seen.add(id);
    const current = stored.get(id);
    // The same definition already here (and genuine) is nothing to report.
    if (current && isDeepStrictEqual(current.definition, item.definition) && vault.definitionAuthentic(id) !== false) continue;
    const action: ImportAction = !current ? 'added' : mode === 'skip' ? 'skipped' : mode === 'replace' || item.updatedAt > current.updatedAt ? 'replaced' : 'kept';
    plan.push({ id, name, action, write: action === 'added' || action === 'replaced' ? item : null });
  }
  return plan;
}

/**
 * Opens a bundle and merges it. Nothing is written unless the whole bundle opened and validated, so a
 * wrong passphrase or a changed byte leaves the vault as it was.
 */
export async function importAccounts(
  vault: Vault,
  options: { text: string; passphrase: string; mode: ImportMode },
): Promise<ImportOutcome[]> {
  const payload = await openBundle(options.text, options.passphrase);
  const seen = new Set<string>();
  for (const { account } of payload.accounts) {
    if (seen.has(account.id)) {
      throw new TokenDeskError('invalid_input', `The bundle holds account ${account.id} twice, so it was not imported. Export it again.`);
    }
    seen.add(account.id);
  }
  const plan = providerPlan(vault, payload.customProviders, options.mode);
  refuseUnsafeAccounts(vault, payload.accounts, payload.customProviders);
  const outcomes: ImportOutcome[] = plan.map(({ id, name, action }) => ({ id, name, provider: id, action, kind: 'provider' }));
  // Definitions first, so no imported account is even briefly without its provider.
  await Promise.all(plan.flatMap(({ id, write }) => (write ? [vault.putDefinition(id, write.definition, write.updatedAt)] : [])));
  const writes: Promise<void>[] = [];
  for (const { account, secrets } of payload.accounts) {
    const action = importAction(vault.get(account.id), account, options.mode);
    outcomes.push({ id: account.id, name: account.name, provider: account.provider, action });
    if (action === 'added' || action === 'replaced') writes.push(vault.put(account, secrets));
  }
  await Promise.all(writes); // group commit: one write for the whole bundle
  return outcomes;
}

/** The field specs of a provider: a built-in, the bundle's definition, or the vault's; null when none is known. */
function fieldSpecsOf(vault: Vault, bundled: BundleProvider[], id: string): FieldSpec[] | null {
  if (isBuiltinProviderId(id)) return getProvider(id).info.fields;
  const candidates = [...bundled.map((b) => b.definition), ...vault.definitions().filter((d) => d.id === id).map((d) => d.definition)];
  for (const candidate of candidates) {
    const parsed = parseCustomProvider(candidate);
    if (parsed.ok && parsed.definition.id === id) return definedProvider(parsed.definition).info.fields;
  }
  return null;
}

/**
 * A bundle is sealed under a passphrase, not made by this vault: anyone who knows the passphrase could have
 * written it. Its accounts meet the rules an account typed in here meets (names and environments without
 * control or text-direction characters, addresses without user:pass@), or nothing is imported.
 */
function refuseUnsafeAccounts(vault: Vault, accounts: BundleAccount[], bundled: BundleProvider[]): void {
  for (const { account } of accounts) {
    const shown = stripControlCharacters(account.name).slice(0, 80);
    const refuse = (problem: string): never => {
      throw new TokenDeskError('invalid_input', `The bundle's account "${shown}" (${stripControlCharacters(account.id)}) ${problem}, so nothing was imported. Correct it in the TokenDesk that exported it, then export again.`, { needsUser: true });
    };
    if (hasControlCharacters(account.name) || account.name.trim() === '' || account.name.length > 200) refuse('has a name that is empty, too long or holds control or text-direction characters');
    if (hasControlCharacters(account.env) || account.env.length > 50) refuse('has an environment that is too long or holds control or text-direction characters');
    for (const spec of fieldSpecsOf(vault, bundled, account.provider) ?? []) {
      if (spec.kind !== 'url' || spec.secret) continue;
      const problem = fieldProblemOf({ ...spec, required: false }, account.fields[spec.name] ?? '');
      if (problem?.kind === 'urlCredentials') refuse(`has a field ${spec.name} that ${CREDENTIALS_IN_URL}`);
      if (problem) refuse(`has a field ${spec.name} that is not an http(s) address`);
    }
  }
}

function requireAccount(vault: Vault, id: string): StoredAccount {
  const account = vault.get(id);
  if (!account) throw new TokenDeskError('not_found', `No account with id "${id}". List the accounts to see their ids.`);
  return account;
}
