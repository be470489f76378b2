import type { AccountView } from '../../../shared/account';
import { accountStatus } from '../../../shared/expiry';
import type { AutoRefreshState } from './types';
import type { AccountDamage, SecretPresence, StoredAccount } from '../vault/types';

/** Everything a view is derived from besides the stored account. */
export interface ViewContext {
  now: number;
  presence: SecretPresence;
  damage: AccountDamage | null;
  refreshing: boolean;
  autoRefreshState: AutoRefreshState | undefined;
}

/**
 * The renderer's and the CLI's picture of an account. Built field by field (never by spreading the
 * stored record) so nothing secret can slip in: only non-secret fields, extras and secret NAMES.
 */
export function toAccountView(account: Readonly<StoredAccount>, ctx: ViewContext): AccountView {
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
    damage: ctx.damage,
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

