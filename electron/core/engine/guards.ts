import { TokenDeskError } from '../errors';
import type { StoredAccount, Vault } from '../vault/types';

/**
 * Whether `account` is due for a bulk refresh with `ifExpiringWithinMs`: never refreshed (expiry
 * unknown because there is no token yet), already expired, or expiring within `windowMs`. An account
 * that has a token but no known expiry is NOT included: there is nothing to measure it against.
 */
export function isDue(account: Readonly<StoredAccount>, now: number, windowMs: number): boolean {
  if (account.lastRefreshAt === null) return true;
  if (account.expiresAt === null) return false;
  return account.expiresAt - now <= windowMs;
}

/** Throws `locked` (with how to fix it) unless the vault's secrets are readable. */
export function requireUnlocked(vault: Vault, dataDir: string): void {
  const state = vault.info().state;
  if (state === 'unlocked') return;
  throw new TokenDeskError(
    'locked',
    state === 'uninitialized'
      ? `There is no vault in ${dataDir} yet. Create one first (tokendesk init, or open the app).`
      : 'The vault is locked. Unlock it with your passphrase first.',
    { needsUser: true },
  );
}

/** The error for an id no account has (one wording for every command). */
export function noAccount(id: string): TokenDeskError {
  return new TokenDeskError('not_found', `No account with id "${id}". List the accounts to see their ids.`);
}

/** A copy of the stored account `id`, or `not_found`. */
export function storedAccount(vault: Vault, id: string): StoredAccount {
  const account = vault.get(id);
  if (!account) throw noAccount(id);
  return account;
}
