import { parseCustomProvider } from '../../../shared/custom-provider';
import { choiceKey, type ImportChoice, type ImportItem, type ImportOutcome } from '../../../shared/import-plan';
import { isBuiltinProviderId } from '../../../shared/providers';
import { forgetMovedSecrets, storedDefinition } from '../engine/edit-origins';
import { storedAccount } from '../engine/guards';
import { TokenDeskError } from '../errors';
import type { Clock } from '../platform';
import { defaultScrypt } from '../vault/kdf';
import type { AccountSecrets, ScryptParams, StoredAccount, Vault } from '../vault/types';
import { sealBundle, type BundleAccount, type BundlePayload, type BundleProvider } from './bundle';
import { checkBundle, fieldSpecsOf } from './import-checks';
import { accountDifferences, definitionDifferences } from './import-differences';

/** Seals the chosen accounts (all when `ids` is empty) with their secrets into a bundle's text. */
export async function exportAccounts(
  vault: Vault,
  clock: Clock,
  options: { ids?: string[]; passphrase: string; scrypt?: ScryptParams },
): Promise<{ text: string; count: number }> {
  const accounts = options.ids && options.ids.length > 0 ? options.ids.map((id) => storedAccount(vault, id)) : vault.list();
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

/**
 * What importing `payload` would do here, item by item, after checking the whole bundle (import-checks.ts).
 * Nothing in the bundle decides by itself: an item already here is `same` or `differs`, never replaced
 * on the strength of its own timestamps.
 */
export function planImport(vault: Vault, payload: BundlePayload): ImportItem[] {
  const definitions = checkBundle(vault, payload);
  const items: ImportItem[] = [];
  for (const [id, theirs] of definitions) {
    const stored = vault.definition(id);
    const ours = stored ? parseCustomProvider(stored.definition) : null;
    const differences = ours ? definitionDifferences(ours.ok ? ours.definition : null, theirs, vault.definitionAuthentic(id)) : [];
    items.push({ kind: 'provider', id, name: theirs.name, provider: id, status: statusOf(ours !== null, differences), differences });
  }
  for (const entry of payload.accounts) {
    const { id, name, provider } = entry.account;
    const ours = vault.peekAccount(id);
    const differences = ours ? accountDifferences(ours, ...readableHere(vault, id), entry, fieldSpecsOf(vault, definitions, ours.provider) ?? []) : [];
    items.push({ kind: 'account', id, name, provider, status: statusOf(ours !== undefined, differences), differences });
  }
  return items;
}

const statusOf = (here: boolean, differences: readonly unknown[]): ImportItem['status'] => (!here ? 'new' : differences.length > 0 ? 'differs' : 'same');

/** This vault's secrets of an account to compare with, or null and why they cannot be read. */
function readableHere(vault: Vault, id: string): [AccountSecrets | null, string | null] {
  try {
    return [vault.secrets(id), null];
  } catch {
    return [null, vault.damage(id) ?? 'unreadable'];
  }
}

/**
 * Merges an opened bundle: new items are added, identical ones left alone, and an item that differs is
 * replaced only when `replace` names it; otherwise this vault's copy stays and the outcome says what
 * differs. Checked and planned as a whole first, so nothing is written when any part is refused.
 */
export async function applyImport(vault: Vault, payload: BundlePayload, replace: readonly ImportChoice[], now: number): Promise<ImportOutcome[]> {
  const items = planImport(vault, payload);
  const known = new Set(items.map(choiceKey));
  for (const choice of replace) {
    if (!known.has(choiceKey(choice))) throw new TokenDeskError('invalid_input', `The bundle holds no ${choice.kind === 'provider' ? 'custom provider' : 'account'} ${choice.id}, so nothing was imported. Name one of the items the bundle holds.`);
  }
  const chosen = new Set(replace.map(choiceKey));
  const outcomes: ImportOutcome[] = items.map(({ status, ...item }) => {
    const action = status === 'new' ? 'added' : status === 'same' ? 'unchanged' : chosen.has(choiceKey(item)) ? 'replaced' : 'kept';
    return { ...item, action };
  });
  const writes = new Set(outcomes.filter((o) => o.action === 'added' || o.action === 'replaced').map(choiceKey));
  // Definitions first, so no imported account is even briefly without its provider. Stored as the
  // bundle wrote them, but as of now: the bundle's own times mean nothing here.
  for (const { definition } of payload.customProviders) {
    const id = (definition as { id: string }).id; // planImport checked that every definition validates
    if (!writes.has(choiceKey({ kind: 'provider', id }))) continue;
    const before = storedDefinition(vault, id);
    await vault.putDefinition(id, definition, now);
    const parsed = parseCustomProvider(definition);
    // Accounts of this vault that it now sends elsewhere keep no stored secrets (engine/edit-origins.ts).
    if (parsed.ok) await forgetMovedSecrets(vault, before, parsed.definition, now);
  }
  const puts: Promise<void>[] = [];
  for (const { account, secrets } of payload.accounts) {
    if (writes.has(choiceKey({ kind: 'account', id: account.id }))) puts.push(vault.put({ ...account, updatedAt: now }, secrets));
  }
  await Promise.all(puts); // group commit: one write for the whole bundle
  return outcomes;
}
