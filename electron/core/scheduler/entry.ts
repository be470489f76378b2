import { refreshMargin, type Margins } from '../../../shared/refresh-margin';
import { BACKOFF_BASE_MS, backoffDelay } from './policy';
import type { SchedulerAccount, SchedulerRefreshResult, SchedulerState } from './types';

/** The scheduler never starts two refreshes of one account closer together than this. */
export const MIN_REFRESH_GAP_MS = 30_000;

/** What the scheduler remembers of one account between plans. */
export interface Entry {
  failures: number;
  retryAt: number | null;
  /** The retry waits for an unlock, not for a failure: resume() clears it. */
  retryAfterLock: boolean;
  blockedReason: string | null;
  lastAttemptAt: number | null;
  /** The account as last seen; null right after our own refresh (its side effects are not a change). */
  seen: string | null;
  /** When a given expiry was first seen: estimates the lifetime when the host knows no issue time. */
  observed: { expiresAt: number; at: number } | null;
  /** What was last published; undefined before the first publish. */
  published: SchedulerState | null | undefined;
}

/** A fresh entry for an account first seen with this fingerprint. */
export function newEntry(seen: string): Entry {
  return { failures: 0, retryAt: null, retryAfterLock: false, blockedReason: null, lastAttemptAt: null, seen, observed: null, published: undefined };
}

/** What the scheduler compares to notice that someone else changed an account. */
export const fingerprint = (a: SchedulerAccount): string =>
  `${a.expiresAt}|${a.issuedAt}|${a.autoRefresh}|${a.hasToken}|${a.revision ?? ''}|${a.renewBy ?? ''}`;

/** True when publishing `b` would tell nothing new after `a`. */
export const sameState = (a: SchedulerState | null | undefined, b: SchedulerState | null): boolean =>
  (a ?? null) === b ||
  (!!a && !!b && a.nextAt === b.nextAt && a.failures === b.failures && a.blockedReason === b.blockedReason);

/**
 * Applies a refresh result to the entry: a success clears the failures; `locked` waits for the unlock
 * without counting; an error that needs the user stops auto-refresh with its message as the reason;
 * any other error backs off. Returns the state to publish.
 */
export function recordResult(
  entry: Entry,
  result: SchedulerRefreshResult,
  now: number,
  random: () => number,
  margins: Margins,
): SchedulerState {
  entry.seen = null;
  entry.retryAfterLock = false;
  if (result.ok) {
    entry.failures = 0;
    entry.retryAt = null;
    entry.blockedReason = null;
    if (result.expiresAt !== null) entry.observed = { expiresAt: result.expiresAt, at: now };
  } else if (result.error?.code === 'locked') {
    entry.retryAt = now + BACKOFF_BASE_MS;
    entry.retryAfterLock = true;
  } else if (result.error?.needsUser) {
    entry.failures += 1;
    entry.retryAt = null;
    entry.blockedReason = result.error.message;
  } else {
    entry.failures += 1;
    entry.retryAt = now + backoffDelay(entry.failures, random);
  }
  let nextAt: number | null = entry.retryAt;
  if (entry.blockedReason !== null) nextAt = null;
  else if (result.ok && result.expiresAt !== null) {
    const lifetime = result.expiresAt - now;
    nextAt = Math.max(result.expiresAt - refreshMargin(lifetime > 0 ? lifetime : null, margins), now + MIN_REFRESH_GAP_MS);
  }
  return { nextAt, failures: entry.failures, blockedReason: entry.blockedReason };
}
