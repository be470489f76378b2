import type { AccountView } from '../../../shared/account';
import { instantOrNull } from '../../../shared/datetime';
import type { ErrorInfo } from '../../../shared/errors';
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

/** The stored last error with a time no date can hold left out (a vault written before such times were refused). */
function lastErrorOf(error: ErrorInfo | null): ErrorInfo | null {
  if (error?.at === undefined || instantOrNull(error.at) !== null) return error;
  const { at: _at, ...rest } = error;
  return rest;
}

/**
 * The renderer's and the CLI's picture of an account. Built field by field (never by spreading the
 * stored record) so nothing secret can slip in: only non-secret fields, extras and secret NAMES.
 * A stored time no date can hold (a vault from before the provider boundary refused them) is shown as
 * not known, so one such account cannot break the list, its JSON or its countdown for every account.
 */
export function toAccountView(account: Readonly<StoredAccount>, ctx: ViewContext): AccountView {
  const { presence } = ctx;
  const expiresAt = instantOrNull(account.expiresAt);
  const lastRefreshAt = instantOrNull(account.lastRefreshAt);
  const lastError = lastErrorOf(account.lastError);
  return {
    id: account.id,
    name: account.name,
    provider: account.provider,
    env: account.env,
    status: accountStatus(
      {
        expiresAt,
        hasToken: presence.hasToken,
        lastRefreshAt,
        lastError,
      },
      ctx.now,
    ),
    expiresAt,
    issuedAt: instantOrNull(account.issuedAt),
    lastRefreshAt,
    lastError,
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

