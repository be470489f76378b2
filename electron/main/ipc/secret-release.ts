import type { ErrorInfo } from '../../../shared/errors';
import { TokenDeskError } from '../../core';

/**
 * Reveal and copy hand a token to the window (or its clipboard) on one click, with no passphrase asked.
 * Should the window ever be taken over (a renderer exploit), these are the calls it would make: so they
 * share a small budget per minute, and each one that releases a token is written to the history (which
 * account, reveal or copy and its format; never the value). A window over budget gets `locked` with the
 * time it may ask again; the first refusal of each minute is in the history too.
 */

/** The reason (ErrorInfo.reason) the window explains in the person's language. */
export const SECRET_BUDGET_REASON = 'secret_budget';

/** How many tokens the window may reveal or copy (together, every account) within `windowMs`. */
export const SECRET_BUDGET = { max: 10, windowMs: 60_000 } as const;

/** What releasing needs: the clock, and the history (core.recordSecretUse). */
export interface SecretReleaseDeps {
  now(): number;
  record(id: string, operation: string, error?: ErrorInfo): Promise<void>;
}

/** Runs one release of a token within the budget; see the module comment. */
export type ReleaseSecret = <T>(id: string, operation: string, release: () => T | Promise<T>) => Promise<T>;

function overBudget(retryAt: number, now: number): TokenDeskError {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  return new TokenDeskError(
    'locked',
    `The window asked for more than ${SECRET_BUDGET.max} tokens (reveals and copies together) within a minute, so this one was not shown or copied. TokenDesk limits this so a window that was taken over cannot empty the vault at once. Try again in ${seconds} s (at ${new Date(retryAt).toISOString()}).`,
    { reason: SECRET_BUDGET_REASON, retryAt },
  );
}

/** The budget and the history record around reveal and copy. */
export function createSecretRelease(deps: SecretReleaseDeps, budget: { max: number; windowMs: number } = SECRET_BUDGET): ReleaseSecret {
  /** When each release of the last window happened, oldest first. */
  const taken: number[] = [];
  let refusalRecordedAt = Number.NEGATIVE_INFINITY;
  return async <T>(id: string, operation: string, release: () => T | Promise<T>): Promise<T> => {
    const now = deps.now();
    while (taken.length > 0 && (taken[0] ?? 0) <= now - budget.windowMs) taken.shift();
    if (taken.length >= budget.max) {
      const error = overBudget((taken[0] ?? now) + budget.windowMs, now);
      // A window that keeps asking must not push the older history out: one line per window of refusals.
      if (now - refusalRecordedAt >= budget.windowMs) {
        refusalRecordedAt = now;
        await deps.record(id, operation, error.toInfo(now));
      }
      throw error;
    }
    taken.push(now);
    let value: T;
    try {
      value = await release();
    } catch (error) {
      // Nothing was released (no token yet, vault locked): the budget is not spent.
      taken.splice(taken.lastIndexOf(now), 1);
      throw error;
    }
    await deps.record(id, operation);
    return value;
  };
}
