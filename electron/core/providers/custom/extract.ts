import type { CustomProvider } from '../../../../shared/custom-provider';
import { afterSeconds, epochMs, jwtExpiry, toNumber } from '../common';

/** The value at a dot path (`data.items.0.token`), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The expiry as epoch ms, read as the definition's unit says; null when no expiry is declared or the
 * value is missing or unreadable (the expiry is then unknown, never guessed).
 */
export function expiryOf(expiry: CustomProvider['expiry'], body: unknown, token: string, now: number): number | null {
  if (!expiry) return null;
  if (expiry.unit === 'jwt') return jwtExpiry(token);
  const raw = expiry.path === undefined ? undefined : valueAt(body, expiry.path);
  const n = toNumber(raw);
  switch (expiry.unit) {
    case 'duration-seconds':
      return afterSeconds(n, now);
    case 'duration-ms':
      return n !== null && n > 0 ? now + Math.round(n) : null;
    case 'epoch-seconds':
      return n !== null && n > 0 ? Math.round(n * 1000) : null;
    case 'epoch-ms':
      return epochMs(raw);
    case 'iso8601': {
      const at = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
      return Number.isNaN(at) ? null : at;
    }
  }
}

/** Whether the answer meets the definition's success condition (any 2xx when none is declared). */
export function isSuccess(definition: CustomProvider, status: number, body: unknown): boolean {
  if (status < 200 || status >= 300) return false;
  if (!definition.success) return true;
  const actual = valueAt(body, definition.success.path);
  const expected = definition.success.equals;
  // Servers send numbers as strings now and then ("0" for 0): compare as the definition's type.
  if (typeof expected === 'number') return toNumber(actual) === expected;
  return actual === expected;
}
