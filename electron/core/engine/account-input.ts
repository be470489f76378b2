import type { z } from 'zod';
import { AccountCreateSchema, AccountUpdateSchema } from '../../../shared/account-input';
import { idShapedNameProblem, looksLikeAccountId } from '../../../shared/account-names';
import type { ProviderId } from '../../../shared/providers';
import { zodProblems } from '../../../shared/zod-problems';
import { TokenDeskError } from '../errors';
import { validateFields } from '../providers/registry';
import type { Provider } from '../providers/types';
import type { StoredAccount } from '../vault/types';

/** Input of TokenDeskCore.create, before defaults. */
export type CreateInput = z.input<typeof AccountCreateSchema>;
/** Input of TokenDeskCore.update. */
export type UpdateInput = z.input<typeof AccountUpdateSchema>;

/** Validates a create request; `invalid_input` says which part is wrong. */
export function parseCreate(input: CreateInput): z.output<typeof AccountCreateSchema> {
  const parsed = AccountCreateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new TokenDeskError('invalid_input', `The new account is not valid: ${zodProblems(parsed.error)}.`);
}

/** Validates an update request; `invalid_input` says which part is wrong. */
export function parseUpdate(input: UpdateInput): z.output<typeof AccountUpdateSchema> {
  const parsed = AccountUpdateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new TokenDeskError('invalid_input', `The account change is not valid: ${zodProblems(parsed.error)}.`);
}

/** Field values split the way the vault keeps them. */
export interface SplitValues {
  /** Non-secret values (stored in plain text). */
  fields: Record<string, string>;
  /** Secret values (encrypted). */
  secrets: Record<string, string>;
}

/** Throws `invalid_input` naming the valid fields when `values` has a key the provider does not know. */
export function checkFieldNames(provider: Provider, values: Record<string, string>): void {
  const known = new Set(provider.info.fields.map((f) => f.name));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length === 0) return;
  throw new TokenDeskError(
    'invalid_input',
    `${provider.info.displayName.en} accounts have no field ${unknown.map((u) => `"${u}"`).join(', ')}. ` +
      `Valid fields: ${[...known].join(', ')}.`,
  );
}

/**
 * Throws the registry's `invalid_input` listing every missing or malformed field and the provider's
 * cross-field rule (`provider.validate`, e.g. OneAccess: client credentials or an access token);
 * values are never echoed. Create and update both end here.
 */
export function checkFieldValues(provider: Provider, values: Record<string, string>): void {
  const problem = validateFields(provider, values);
  if (problem) throw problem;
}

/**
 * Refuses a new name (on add, or changed on edit) shaped like an account id or id prefix: the command
 * line would take it for another account's short id (ids win, but a person could still be misled).
 * Names already stored that way stay as they are until changed.
 */
export function checkAccountName(name: string): void {
  if (looksLikeAccountId(name)) throw new TokenDeskError('invalid_input', `The account cannot be saved: ${idShapedNameProblem(name)}.`, { needsUser: true });
}

function split(provider: Provider, values: Record<string, string>): SplitValues {
  const out: SplitValues = { fields: {}, secrets: {} };
  for (const spec of provider.info.fields) {
    const value = values[spec.name];
    if (value === undefined || value === '') continue;
    if (spec.secret) out.secrets[spec.name] = value;
    else out.fields[spec.name] = value;
  }
  return out;
}

/** Validates the values of a new account and splits them into plain and secret ones. */
export function prepareCreate(provider: Provider, values: Record<string, string>): SplitValues {
  checkFieldNames(provider, values);
  checkFieldValues(provider, values);
  return split(provider, values);
}

/**
 * Applies an edit: an absent or empty secret keeps its stored value; an empty plain value clears it
 * (the provider default applies again); the result is validated as a whole.
 */
export function prepareUpdate(
  provider: Provider,
  current: SplitValues,
  values: Record<string, string>,
): SplitValues {
  checkFieldNames(provider, values);
  const merged: Record<string, string> = { ...current.fields, ...current.secrets };
  const secretNames = new Set(provider.info.fields.filter((f) => f.secret).map((f) => f.name));
  for (const [name, value] of Object.entries(values)) {
    if (secretNames.has(name) && value === '') continue;
    if (value === '') delete merged[name];
    else merged[name] = value;
  }
  checkFieldValues(provider, merged);
  return split(provider, merged);
}

/** A new account record: no token yet, auto-refresh as asked or as the provider suggests. */
export function newStoredAccount(
  input: { provider: ProviderId; name: string; env: string; autoRefresh?: boolean | undefined },
  provider: Provider,
  fields: Record<string, string>,
  id: string,
  now: number,
): StoredAccount {
  return {
    id,
    name: input.name,
    provider: input.provider,
    env: input.env,
    createdAt: now,
    updatedAt: now,
    fields,
    expiresAt: null,
    issuedAt: null,
    lastRefreshAt: null,
    lastError: null,
    extras: {},
    providerState: {},
    autoRefresh: input.autoRefresh ?? provider.info.autoRefreshDefault,
  };
}
