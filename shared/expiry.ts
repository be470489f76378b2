import type { AccountStatus } from './account';
import type { ErrorInfo } from './errors';

/** Under this much time left a token counts as expiring (the UI turns amber). */
export const EXPIRING_WITHIN_MS = 10 * 60_000;
/** Under this much time left the countdown turns red. */
export const CRITICAL_WITHIN_MS = 60_000;

/** Milliseconds until `expiresAt` (negative once past), or null when no expiry is known. */
export function remainingMs(expiresAt: number | null, now: number): number | null {
  return expiresAt === null ? null : expiresAt - now;
}

/** The facts `accountStatus` derives a status from. */
export interface StatusInput {
  expiresAt: number | null;
  hasToken: boolean;
  lastRefreshAt: number | null;
  lastError: Pick<ErrorInfo, 'at'> | null;
}

/**
 * An account's status at `now`: `error` when the latest attempt failed, `never` before the first
 * token, `unknown` without an expiry, else `expired`, `expiring` (within `expiringWithinMs`) or `valid`.
 */
export function accountStatus(
  input: StatusInput,
  now: number,
  expiringWithinMs: number = EXPIRING_WITHIN_MS,
): AccountStatus {
  const failedLast =
    input.lastError !== null &&
    (input.lastRefreshAt === null || (input.lastError.at ?? Infinity) >= input.lastRefreshAt);
  if (failedLast) return 'error';
  if (!input.hasToken) return 'never';
  const left = remainingMs(input.expiresAt, now);
  if (left === null) return 'unknown';
  if (left <= 0) return 'expired';
  if (left <= expiringWithinMs) return 'expiring';
  return 'valid';
}

/** Urgency of a countdown, for its colour: red under a minute, amber under ten. */
export function urgency(left: number | null): 'none' | 'ok' | 'warning' | 'critical' | 'expired' {
  if (left === null) return 'none';
  if (left <= 0) return 'expired';
  if (left < CRITICAL_WITHIN_MS) return 'critical';
  if (left < EXPIRING_WITHIN_MS) return 'warning';
  return 'ok';
}

/** A duration split into whole days, hours, minutes and seconds (sign dropped). */
export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Splits `ms` (absolute value, floored to whole seconds) into days, hours, minutes, seconds. */
export function splitDuration(ms: number): DurationParts {
  let s = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(s / 86_400);
  s -= days * 86_400;
  const hours = Math.floor(s / 3_600);
  s -= hours * 3_600;
  const minutes = Math.floor(s / 60);
  return { days, hours, minutes, seconds: s - minutes * 60 };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The parts a live countdown shows. Time left rounds up, as countdowns do: "1s" until the very moment
 * of expiry, never "0s" while the token is still valid.
 */
export function countdownParts(ms: number): DurationParts {
  return splitDuration(ms > 0 ? Math.ceil(ms / 1000) * 1000 : ms);
}

/** A live countdown: "1h 23m 05s", "4m 09s", "12s", or "3d 4h" beyond a day. */
export function formatCountdown(ms: number): string {
  const { days, hours, minutes, seconds } = countdownParts(ms);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad2(minutes)}m ${pad2(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad2(seconds)}s`;
  return `${seconds}s`;
}

/** A coarse duration for tables: "1h 12m", "3m", "45s", "2d 3h". */
export function formatShortDuration(ms: number): string {
  const { days, hours, minutes, seconds } = splitDuration(ms);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return `${minutes}m`;
  return `${seconds}s`;
}

/** English relative expiry: "in 1h 12m", "expired 3m ago", or "unknown". */
export function formatRelativeExpiry(expiresAt: number | null, now: number): string {
  const left = remainingMs(expiresAt, now);
  if (left === null) return 'unknown';
  return left > 0 ? `in ${formatShortDuration(left)}` : `expired ${formatShortDuration(left)} ago`;
}

/** Share of the lifetime left, 0..1, or null when either end is unknown. */
export function lifetimeLeft(issuedAt: number | null, expiresAt: number | null, now: number): number | null {
  if (issuedAt === null || expiresAt === null || expiresAt <= issuedAt) return null;
  return Math.min(1, Math.max(0, (expiresAt - now) / (expiresAt - issuedAt)));
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "90s", "10m", "1h30m", "2d", or a bare number of seconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? ''] ?? 0);
    matched = re.lastIndex;
  }
  return matched > 0 && matched === trimmed.length ? Math.round(total) : null;
}
