import { z } from 'zod';
import { ErrorInfoSchema } from './errors';
import { ProviderIdSchema } from './providers';

/** An account's status; derived from its times by `accountStatus` in expiry.ts. */
export const ACCOUNT_STATUSES = ['valid', 'expiring', 'expired', 'unknown', 'never', 'error'] as const;
/** An account's status. */
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Auto-refresh state of one account, as the scheduler sees it. */
export const AutoRefreshViewSchema = z.object({
  enabled: z.boolean(),
  /** Epoch ms of the next planned attempt, or null when none is planned. */
  nextAt: z.number().nullable(),
  /** Consecutive failures (drives the backoff). */
  failures: z.number().int(),
  /** Why auto-refresh stopped for this account (needs the user), or null. */
  blockedReason: z.string().nullable(),
});
/** Auto-refresh state of one account. */
export type AutoRefreshView = z.infer<typeof AutoRefreshViewSchema>;

/**
 * What the renderer and `tokendesk list --json` know of an account. Never carries a secret:
 * secret field values and the token stay in the vault (docs/architecture.md, "The IPC contract").
 */
export const AccountViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: ProviderIdSchema,
  env: z.string(),
  status: z.enum(ACCOUNT_STATUSES),
  /** Epoch ms; null when no expiry is known. */
  expiresAt: z.number().nullable(),
  issuedAt: z.number().nullable(),
  lastRefreshAt: z.number().nullable(),
  lastError: ErrorInfoSchema.nullable(),
  /** Non-secret facts from the last exchange: user info, cookie names, decoded JWT claims, ... */
  extras: z.record(z.string(), z.unknown()),
  /** Non-secret field values, for the edit form. */
  fields: z.record(z.string(), z.string()),
  /** Names of secret fields that hold a value (their values are never sent). */
  secretsSet: z.array(z.string()),
  hasToken: z.boolean(),
  /**
   * Why the account cannot be used, or null: `changed`: its saved details were changed outside
   * TokenDesk (a person must confirm them); `unreadable`: a stored secret failed its integrity check.
   */
  damage: z.enum(['changed', 'unreadable']).nullable(),
  /** True while a refresh of this account is in flight. */
  refreshing: z.boolean(),
  autoRefresh: AutoRefreshViewSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
});
/** What the renderer knows of an account. */
export type AccountView = z.infer<typeof AccountViewSchema>;

/** The outcome of refreshing one account. */
export const RefreshResultSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  expiresAt: z.number().nullable(),
  error: ErrorInfoSchema.nullable(),
});
/** The outcome of refreshing one account. */
export type RefreshResult = z.infer<typeof RefreshResultSchema>;

/** One line of the exchange history. Never holds a secret. */
export const HistoryEntrySchema = z.object({
  at: z.number(),
  accountId: z.string(),
  accountName: z.string().optional(),
  provider: ProviderIdSchema.optional(),
  /** e.g. `get_sstoken`, `update_sstoken`, `access_token`, `sso_ticket`, `user_token`, `renewal_token`. */
  operation: z.string(),
  /** What started it: a person, the scheduler, the CLI. */
  trigger: z.enum(['manual', 'auto', 'cli']).optional(),
  httpStatus: z.number().int().nullable(),
  durationMs: z.number(),
  outcome: z.enum(['ok', 'error']),
  errorCode: z.string().nullable(),
  /** Human message of the error (already free of secrets). */
  errorMessage: z.string().nullable().optional(),
});
/** One line of the exchange history. */
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
