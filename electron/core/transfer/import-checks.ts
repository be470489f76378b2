import { idShapedNameProblem, isAccountId, looksLikeAccountId } from '../../../shared/account-names';
import { parseCustomProvider, type CustomProvider } from '../../../shared/custom-provider';
import { fieldProblemOf } from '../../../shared/field-rules';
import { isBuiltinProviderId, type FieldSpec } from '../../../shared/providers';
import { hasControlCharacters, stripControlCharacters } from '../../../shared/text';
import { TokenDeskError } from '../errors';
import { definedProvider } from '../providers/custom/custom';
import { CREDENTIALS_IN_URL, getProvider } from '../providers/registry';
import type { Vault } from '../vault/types';
import type { BundleAccount, BundlePayload } from './bundle';

/**
 * A bundle is sealed under a passphrase, not made by this vault: anyone who knows the passphrase could
 * have written it. Everything in it is checked before anything is planned or written: ids are what
 * TokenDesk makes (UUIDs for accounts, the id rule for custom providers), each appears once, definitions
 * validate, and accounts meet the rules an account typed in here meets (names and environments without
 * control or text-direction characters, names not shaped like an id, addresses without user:pass@).
 * One failure refuses the whole bundle.
 */
export function checkBundle(vault: Vault, payload: BundlePayload): Map<string, CustomProvider> {
  const definitions = new Map<string, CustomProvider>();
  for (const item of payload.customProviders) {
    const parsed = parseCustomProvider(item.definition);
    if (!parsed.ok) throw new TokenDeskError('invalid_input', `The bundle holds a custom provider definition that is not valid (${parsed.problem}), so nothing was imported.`);
    const { id } = parsed.definition;
    if (definitions.has(id)) throw new TokenDeskError('invalid_input', `The bundle holds custom provider ${id} twice, so nothing was imported. Export it again.`);
    definitions.set(id, parsed.definition);
  }
  const seen = new Set<string>();
  for (const entry of payload.accounts) {
    const { id } = entry.account;
    if (!isAccountId(id)) {
      throw new TokenDeskError('invalid_input', `The bundle holds an account whose id "${stripControlCharacters(id).slice(0, 60)}" is not one TokenDesk makes (a UUID), so nothing was imported. Export it again from TokenDesk.`, { needsUser: true });
    }
    if (seen.has(id)) throw new TokenDeskError('invalid_input', `The bundle holds account ${id} twice, so nothing was imported. Export it again.`);
    seen.add(id);
    checkAccount(vault, entry, definitions);
  }
  return definitions;
}

function checkAccount(vault: Vault, { account }: BundleAccount, bundled: Map<string, CustomProvider>): void {
  const shown = stripControlCharacters(account.name).slice(0, 80);
  const refuse = (problem: string): never => {
    throw new TokenDeskError('invalid_input', `The bundle's account "${shown}" (${account.id}) ${problem}, so nothing was imported. Correct it in the TokenDesk that exported it, then export again.`, { needsUser: true });
  };
  if (hasControlCharacters(account.name) || account.name.trim() === '' || account.name.length > 200) refuse('has a name that is empty, too long or holds control or text-direction characters');
  if (looksLikeAccountId(account.name)) refuse(`has a name that cannot be used: ${idShapedNameProblem(account.name)}`);
  if (hasControlCharacters(account.env) || account.env.length > 50) refuse('has an environment that is too long or holds control or text-direction characters');
  // Both definitions the account may run with: this vault's, and the bundle's should the person take it.
  const theirs = bundled.get(account.provider);
  const specs = [...(fieldSpecsOf(vault, new Map(), account.provider) ?? []), ...(theirs ? definedProvider(theirs).info.fields : [])];
  for (const spec of specs) {
    if (spec.kind !== 'url' || spec.secret) continue;
    const problem = fieldProblemOf({ ...spec, required: false }, Object.hasOwn(account.fields, spec.name) ? (account.fields[spec.name] ?? '') : '');
    if (problem?.kind === 'urlCredentials') refuse(`has a field ${spec.name} that ${CREDENTIALS_IN_URL}`);
    if (problem) refuse(`has a field ${spec.name} that is not an http(s) address`);
  }
}

/**
 * The field specs of a provider as this vault will run it: a built-in, this vault's definition (kept
 * unless the person takes the bundle's), else the bundle's; null when none is known.
 */
export function fieldSpecsOf(vault: Vault, bundled: Map<string, CustomProvider>, id: string): FieldSpec[] | null {
  if (isBuiltinProviderId(id)) return getProvider(id).info.fields;
  const stored = vault.definition(id);
  const parsed = stored ? parseCustomProvider(stored.definition) : null;
  if (parsed?.ok) return definedProvider(parsed.definition).info.fields;
  const theirs = bundled.get(id);
  return theirs ? definedProvider(theirs).info.fields : null;
}
