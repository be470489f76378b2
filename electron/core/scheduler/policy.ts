import type { Settings } from '../../../shared/settings';
import type { Margins } from './types';

/** First retry after a failure. */
export const BACKOFF_BASE_MS = 60_000;
/** Longest wait between retries. */
export const BACKOFF_CAP_MS = 30 * 60_000;
/** Share of a backoff delay taken off at random, so accounts that failed together spread out. */
export const BACKOFF_JITTER = 0.2;

/**
 * How long before expiry to refresh: `percent` of the lifetime, clamped to [minMs, maxMs] (maxMs wins
 * if they cross). Never more than half the lifetime, so a token shorter than the minimum margin is not
 * refreshed again the moment it arrives. An unknown lifetime gets maxMs.
 */
export function refreshMargin(lifetimeMs: number | null, margins: Margins): number {
  if (lifetimeMs === null || !(lifetimeMs > 0)) return Math.max(0, margins.maxMs);
  const share = (lifetimeMs * margins.percent) / 100;
  const clamped = Math.min(margins.maxMs, Math.max(margins.minMs, share));
  return Math.max(0, Math.min(clamped, lifetimeMs / 2));
}

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

/** The scheduler's margins from the settings (seconds → milliseconds). */
export function marginsFromSettings(settings: Settings): Margins {
  return {
    percent: settings.refreshMarginPercent,
    minMs: settings.refreshMarginMinSec * 1000,
    maxMs: settings.refreshMarginMaxSec * 1000,
  };
}
