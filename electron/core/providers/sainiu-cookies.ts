import { TokenDeskError } from '../errors';
import { epochMs, isObject, toText } from './common';

/** Cookies from a SaiNiu renewal, as one Cookie header plus what is known of their expiry. */
export interface ParsedCookies {
  header: string;
  names: string[];
  /** Earliest future expiry among structured cookies (epoch ms), or null when none states one. */
  expiresAt: number | null;
}

interface Cookie {
  name: string;
  value: string;
  expiresAt: number | null;
}

/** An expiry from the fields cookie libraries use: ms or s numbers, numeric or date strings. */
function cookieExpiry(cookie: Record<string, unknown>): number | null {
  for (const key of ['expires', 'Expires', 'expirationDate', 'expiry', 'expiresAt', 'expireDate']) {
    const value = cookie[key];
    if (value === undefined || value === null || value === '') continue;
    const asNumber = epochMs(value);
    if (asNumber !== null) return asNumber;
    if (typeof value === 'string') {
      const parsed = Date.parse(value);
      if (Number.isFinite(parsed) && parsed > 0) return parsed;
    }
  }
  return null;
}

function fromArray(items: unknown[]): Cookie[] {
  const cookies: Cookie[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    const name = toText(item.name ?? item.Name ?? item.key ?? item.Key).trim();
    if (!name) continue;
    cookies.push({ name, value: toText(item.value ?? item.Value), expiresAt: cookieExpiry(item) });
  }
  return cookies;
}

function fromMap(map: Record<string, unknown>): Cookie[] {
  return Object.entries(map)
    .filter(([name]) => name.trim() !== '')
    .map(([name, value]) => ({ name: name.trim(), value: toText(value), expiresAt: null }));
}

function fromHeader(text: string): Cookie[] {
  return text
    .replace(/^cookie:\s*/i, '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => {
      const at = part.indexOf('=');
      return { name: part.slice(0, at).trim(), value: part.slice(at + 1).trim(), expiresAt: null };
    })
    .filter((cookie) => cookie.name !== '');
}

function toCookies(value: unknown, depth: number): Cookie[] | null {
  if (Array.isArray(value)) return fromArray(value);
  if (isObject(value)) {
    // `{ cookies: [...] }` wrappers appear in some framework versions.
    if (Array.isArray(value.cookies)) return fromArray(value.cookies);
    return fromMap(value);
  }
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (depth < 3 && /^[[{"]/.test(text)) {
    try {
      return toCookies(JSON.parse(text) as unknown, depth + 1);
    } catch {
      // Not JSON after all: read it as a header string below.
    }
  }
  return fromHeader(text);
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return `a string of ${value.length} characters with no name=value pairs`;
  return Array.isArray(value) ? 'an array without name/value objects' : `a ${typeof value}`;
}

/**
 * Reads `data.returnValue.data` in any of the shapes seen: an array of cookie objects, a name→value
 * map, a `k=v; k=v` header, or any of these JSON-encoded inside a string.
 */
export function parseSaiNiuCookies(value: unknown, now: number): ParsedCookies {
  const cookies = toCookies(value, 0);
  if (!cookies || cookies.length === 0) {
    throw new TokenDeskError(
      'bad_response',
      `SaiNiu reported success but sent no cookies (received ${describe(value)} in data.returnValue.data). ` +
        'Log in again (scan the QR code) to get a new logon token, and check the SaiNiu framework version.',
    );
  }
  const future = cookies.map((c) => c.expiresAt).filter((t): t is number => t !== null && t > now);
  return {
    header: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    names: [...new Set(cookies.map((c) => c.name))],
    expiresAt: future.length > 0 ? Math.min(...future) : null,
  };
}
