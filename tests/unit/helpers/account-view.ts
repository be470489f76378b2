import type { AccountView } from '../../../shared/account';

/** An account view with a valid token; override what the test is about. */
export function accountView(id: string, now: number, patch: Partial<AccountView> = {}): AccountView {
  return {
    id,
    name: `Account ${id}`,
    provider: 'sud',
    env: '',
    status: 'valid',
    expiresAt: now + 60 * 60_000,
    issuedAt: now,
    lastRefreshAt: now,
    lastError: null,
    extras: {},
    fields: {},
    secretsSet: ['code'],
    hasToken: true,
    damage: null,
    refreshing: false,
    autoRefresh: { enabled: true, nextAt: now + 54 * 60_000, failures: 0, blockedReason: null },
    createdAt: now,
    updatedAt: now,
    ...patch,
  };
}
