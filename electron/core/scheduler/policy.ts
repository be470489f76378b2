/** First retry after a failure. */
export const BACKOFF_BASE_MS = 60_000;
/** Longest wait between retries. */
export const BACKOFF_CAP_MS = 30 * 60_000;
/** Share of a backoff delay taken off at random, so accounts that failed together spread out. */
export const BACKOFF_JITTER = 0.2;

/**
 * Wait before the next attempt after `failures` consecutive failures (1 → ~1 min, 2 → ~2 min, 4, 8 …,
 * at most 30 min). Jitter only shortens the wait, by up to BACKOFF_JITTER, so the cap holds.
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(base * (1 - BACKOFF_JITTER * r));
}
