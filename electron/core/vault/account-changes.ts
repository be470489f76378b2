import { isDeepStrictEqual } from 'node:util';
import { TokenDeskError } from '../errors';
import { openSecrets, type SealedSecrets } from './account-secrets';
import type { AccountSecrets, StoredAccount, TokenChange } from './types';

/**
 * Which parts of an account this process changed, so that a merge with another process's save keeps
 * exactly those and takes the rest from the file: a `tokendesk edit` that renames an account must not
 * bring back the token the app replaced a moment earlier.
 */

/** An account in memory: plain metadata, secrets still sealed (they are opened only on `secrets(id)`). */
export interface Entry extends SealedSecrets {
  account: StoredAccount;
  /** The record's MAC (record-mac.ts); null: not signed yet (a merge mixed two versions while locked). */
  mac: string | null;
}

/** The whole account: it is new here, or was removed here. */
export const WHOLE = '*';
const TOKEN = 'token';
const META = 'meta:';
const FIELD = 'field:';

function openedOrNull(entry: Entry, key: Buffer | null): AccountSecrets | null {
  if (!key) return null;
  try {
    return openSecrets(key, entry.account, entry);
  } catch (error) {
    // Old secrets that fail to open cannot be compared: every secret then counts as changed.
    if (error instanceof TokenDeskError) return null;
    throw error;
  }
}

/**
 * The parts a put changes against what memory held before it: metadata keys, secret field names and
 * the token. Secrets are compared as plain text, since sealing the same text twice differs.
 */
export function changedParts(previous: Entry | undefined, next: StoredAccount, plain: AccountSecrets | TokenChange | undefined, key: Buffer | null): string[] {
  if (!previous) return [WHOLE];
  const before = previous.account as unknown as Record<string, unknown>;
  const after = next as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const name in before) if (!isDeepStrictEqual(before[name], after[name])) parts.push(META + name);
  for (const name in after) if (!Object.hasOwn(before, name) && after[name] !== undefined) parts.push(META + name);
  if (!plain) return parts; // "keep the stored secrets"
  // A refresh's new token: it wins over another process's token, like any change made here.
  if (!('fields' in plain)) return [...parts, TOKEN];
  const old = openedOrNull(previous, key);
  if (!old || old.token !== plain.token) parts.push(TOKEN);
  for (const name of new Set([...Object.keys(old?.fields ?? previous.secrets), ...Object.keys(plain.fields)])) {
    if (!old || old.fields[name] !== plain.fields[name]) parts.push(FIELD + name);
  }
  return parts;
}

/** True when two entries hold the same account and the same sealed secrets. */
export function sameEntries(a: Entry, b: Entry): boolean {
  return a.token === b.token && a.mac === b.mac && isDeepStrictEqual(a.secrets, b.secrets) && isDeepStrictEqual(a.account, b.account);
}

/**
 * An account changed here (`parts`) and saved by another process too: our parts over the file's version.
 * Both sides seal under the same data key, bound to the same id and field names, so sealed values mix.
 */
export function mergeAccount(ours: Entry, theirs: Entry, parts: ReadonlySet<string>): Entry {
  const ourAccount: Record<string, unknown> = { ...ours.account };
  const account: Record<string, unknown> = { ...theirs.account };
  const secrets = { ...theirs.secrets };
  for (const part of parts) {
    if (part.startsWith(META)) {
      const name = part.slice(META.length);
      if (name in ourAccount) account[name] = ourAccount[name];
      else delete account[name];
    } else if (part.startsWith(FIELD)) {
      const name = part.slice(FIELD.length);
      const sealed = ours.secrets[name];
      if (sealed === undefined) delete secrets[name];
      else secrets[name] = sealed;
    }
  }
  // Every key comes whole from one of two valid accounts with the same id, so the mix is valid too. It
  // is signed by the caller (it holds the key) or stays unsigned until the next unlock.
  return { account: account as unknown as StoredAccount, secrets, token: parts.has(TOKEN) ? ours.token : theirs.token, mac: null };
}
