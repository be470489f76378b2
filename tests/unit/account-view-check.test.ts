import { describe, expect, it } from 'vitest';
import { AccountViewSchema } from '../../shared/account';
import { accountViewsProblem } from '../../shared/account-view-check';
import { accountView } from './helpers/account-view';

const NOW = 1_700_000_000_000;

/** Views the way they may go wrong: each must be refused by the fast check exactly when zod refuses it. */
const mutations: Array<[string, (v: Record<string, unknown>) => void]> = [
  ['a missing field', (v) => delete v.hasToken],
  ['a field value that is not text', (v) => (v.fields = { baseUrl: 5 })],
  ['a provider id of the wrong shape (custom ids are lower-case)', (v) => (v.provider = 'Evil Provider')],
  ['an unknown status', (v) => (v.status = 'fine')],
  ['an unknown damage', (v) => (v.damage = 'broken')],
  ['a bad last error', (v) => (v.lastError = { code: 'nope', message: 'x' })],
  ['a bad auto-refresh', (v) => (v.autoRefresh = { enabled: 'yes', nextAt: null, failures: 0, blockedReason: null })],
  ['a secret name that is not text', (v) => (v.secretsSet = [1])],
  ['a time that is not a number', (v) => (v.expiresAt = '2026-01-01')],
];

describe('the fast check of the account list (accounts:list result)', () => {
  it('accepts what core builds, damaged or not, with errors and extras', () => {
    const views = [
      accountView('a', NOW),
      accountView('b', NOW, { damage: 'changed', lastError: { code: 'network', message: 'down', at: NOW }, extras: { nick: { deep: [1] } } }),
      accountView('c', NOW, { damage: 'unreadable', expiresAt: null, status: 'unknown' }),
    ];
    expect(accountViewsProblem(views)).toBeNull();
    expect(AccountViewSchema.array().safeParse(views).success).toBe(true);
  });

  it('refuses a view carrying a key the contract does not declare (zod would only strip it)', () => {
    const view = { ...accountView('x', NOW), token: 'eyJ.secret' };
    expect(accountViewsProblem([view])).toBe('0.keys');
  });

  for (const [what, mutate] of mutations) {
    it(`refuses a view with ${what}, as zod does`, () => {
      const view = accountView('x', NOW) as unknown as Record<string, unknown>;
      mutate(view);
      const views = [accountView('ok', NOW), view];
      expect(AccountViewSchema.array().safeParse(views).success).toBe(false);
      expect(accountViewsProblem(views)).toMatch(/^1\./);
    });
  }
});
