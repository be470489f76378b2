import { parseDuration } from '../../shared/expiry';
import { UsageError } from './io';

/**
 * `--if-expiring-within DURATION`, as `refresh` and `token` take it. Which accounts it picks is core's one
 * rule (refreshAll's `ifExpiringWithinMs`, engine/guards.ts `isDue`): never refreshed, expired, or
 * expiring within the duration; a token with no known expiry is left as it is.
 */
export const IF_EXPIRING_WITHIN = {
  flags: '--if-expiring-within <duration>',
  description: 'only when never refreshed, expired, or expiring within DURATION (90s, 10m, 1h30m, 2d)',
} as const;

/** The option's value in milliseconds, undefined when not given; a usage error when malformed. */
export function parseExpiringWithin(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseDuration(text);
  if (parsed === null) throw new UsageError(`--if-expiring-within takes a duration such as 90s, 10m, 1h30m or 2d, not "${text}".`);
  return parsed;
}
