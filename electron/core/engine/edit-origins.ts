import { parseCustomProvider, type CustomProvider } from '../../../shared/custom-provider';
import { TokenDeskError } from '../errors';
import { applyDefaults } from '../providers/registry';
import type { Provider } from '../providers/types';
import type { AccountSecrets, StoredAccount, Vault } from '../vault/types';
import { requestOrigins } from './try-origins';

/**
 * Edits that move where an account's secrets go (issue 17): stored secrets never follow an account to a
 * server it did not use. An edit that sends its requests to a new origin needs every stored secret
 * field typed again in the same edit, and drops the stored token (the old server issued it). The rule
 * is here, under every surface (window, IPC, command line), so a window that was taken over cannot
 * point an account elsewhere and then refresh it.
 */

/** The reason (ErrorInfo.reason) the window explains in the person's language. */
export const ORIGIN_MOVE_REASON = 'edit_moves_origin';

function originOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null; // not a URL: no origin of its own
  }
}

/** Where an account's requests go with these values: its URL fields, and a custom definition's request URLs. */
export function accountOrigins(provider: Provider, given: Readonly<Record<string, string>>): Set<string> {
  // With defaults applied, as a refresh sends them: a default typed out is the same server.
  const values = applyDefaults(provider, { ...given });
  const origins = new Set<string>();
  for (const field of provider.info.fields) {
    const origin = field.kind === 'url' ? originOf(values[field.name]) : null;
    if (origin) origins.add(origin);
  }
  const definition = 'definition' in provider ? (provider as { definition: CustomProvider }).definition : null;
  if (definition) for (const origin of requestOrigins(definition, { fields: values, token: null, now: 0 })) origins.add(origin);
  return origins;
}

/**
 * The token to keep after an edit of `stored` into `next` (`typed`: the values typed in the edit);
 * `invalid_input` naming the secret fields to type when the edit moves an origin and they were not.
 */
export function tokenAfterEdit(
  provider: Provider,
  stored: { account: Pick<StoredAccount, 'name' | 'fields'>; secrets: AccountSecrets },
  next: { fields: Record<string, string>; secrets: Record<string, string> },
  typed: Readonly<Record<string, string>>,
): string | null {
  const was = accountOrigins(provider, { ...stored.account.fields, ...stored.secrets.fields });
  const moved = [...accountOrigins(provider, { ...next.fields, ...next.secrets })].filter((origin) => !was.has(origin));
  if (moved.length === 0) return stored.secrets.token;
  const missing = Object.keys(stored.secrets.fields).filter((name) => !typed[name]);
  if (missing.length > 0) {
    throw new TokenDeskError(
      'invalid_input',
      `This edit sends the requests of "${stored.account.name}" to ${moved.join(', ')}, where they did not go before. Its stored secrets do not follow it there: type ${missing.join(', ')} again in the same edit, or keep the server as it is.`,
      { needsUser: true, reason: ORIGIN_MOVE_REASON },
    );
  }
  return null;
}

/**
 * A replaced custom definition that sends an account's requests to an origin the old one did not (with
 * that account's values): the account's stored secrets and token are dropped, and its last error says
 * which fields to type again (shown in the window and by `tokendesk show`). They were entered for the
 * old server; the new one gets only what the person types for it.
 */
export async function forgetMovedSecrets(vault: Vault, before: CustomProvider | null, after: CustomProvider, now: number): Promise<void> {
  if (!before) return;
  const secretNames = after.fields.filter((field) => field.secret).map((field) => field.name);
  for (const account of [...vault.peek()].filter((a) => a.provider === after.id)) {
    const values = { fields: account.fields, token: null, now };
    const was = new Set(requestOrigins(before, values));
    const to = requestOrigins(after, values).filter((origin) => !was.has(origin));
    const { secretsSet, hasToken } = vault.presence(account.id);
    if (to.length === 0 || (secretsSet.length === 0 && !hasToken)) continue;
    const fields = secretNames.length > 0 ? secretNames : secretsSet;
    const error = new TokenDeskError(
      'invalid_input',
      `The provider ${after.id} now sends the requests of "${account.name}" to ${to.join(', ')}, so its stored secrets were not kept. Type ${fields.join(', ')} again.`,
      { needsUser: true, reason: ORIGIN_MOVE_REASON, next: { kind: 'edit', fields }, account: account.id },
    );
    await vault.put({ ...account, lastError: error.toInfo(now), updatedAt: now }, { fields: {}, token: null });
  }
}

/** The definition of custom provider `id` as stored, when it is TokenDesk's (signed) and valid; else null. */
export function storedDefinition(vault: Vault, id: string): CustomProvider | null {
  const stored = vault.definition(id);
  if (!stored || vault.definitionAuthentic(id) !== true) return null;
  const parsed = parseCustomProvider(stored.definition);
  return parsed.ok ? parsed.definition : null;
}
