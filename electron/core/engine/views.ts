import type { AccountView } from '../../../shared/account';
import { accountStatus } from '../../../shared/expiry';
import type { AutoRefreshState } from './types';
import type { StoredAccount, Vault } from '../vault/types';

/** Which secrets an account holds (names only, never values). */
export interface SecretPresence {
  secretsSet: string[];
  hasToken: boolean;
}

/** Everything a view is derived from besides the stored account. */
export interface ViewContext {
  now: number;
  presence: SecretPresence;
  refreshing: boolean;
  autoRefreshState: AutoRefreshState | undefined;
}

/**
 * The renderer's and the CLI's picture of an account. Built field by field (never by spreading the
 * stored record) so nothing secret can slip in: only non-secret fields, extras and secret NAMES.
 */
export function toAccountView(account: StoredAccount, ctx: ViewContext): AccountView {
  const { presence } = ctx;
  return {
    id: account.id,
    name: account.name,
    provider: account.provider,
    env: account.env,
    status: accountStatus(
      {
        expiresAt: account.expiresAt,
        hasToken: presence.hasToken,
        lastRefreshAt: account.lastRefreshAt,
        lastError: account.lastError,
      },
      ctx.now,
    ),
    expiresAt: account.expiresAt,
    issuedAt: account.issuedAt,
    lastRefreshAt: account.lastRefreshAt,
    lastError: account.lastError,
    extras: { ...account.extras },
    fields: { ...account.fields },
    secretsSet: [...presence.secretsSet],
    hasToken: presence.hasToken,
    refreshing: ctx.refreshing,
    autoRefresh: {
      enabled: account.autoRefresh,
      nextAt: ctx.autoRefreshState?.nextAt ?? null,
      failures: ctx.autoRefreshState?.failures ?? 0,
      blockedReason: ctx.autoRefreshState?.blockedReason ?? null,
    },
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

/**
 * Secret NAMES and token presence of an account: read from the vault while unlocked (and remembered
 * in `cache`), taken from `cache` while locked.
 */
export function secretPresence(vault: Vault, account: StoredAccount, cache: Map<string, SecretPresence>): SecretPresence {
  if (vault.info().state === 'unlocked') {
    const secrets = vault.secrets(account.id);
    const presence = {
      secretsSet: Object.keys(secrets.fields).filter((k) => secrets.fields[k] !== ''),
      hasToken: secrets.token !== null,
    };
    cache.set(account.id, presence);
    return presence;
  }
  // Locked and never seen: only a successful refresh stores a token, so lastRefreshAt tells.
  return cache.get(account.id) ?? { secretsSet: [], hasToken: account.lastRefreshAt !== null };
}
