import { instantOrNull } from '../../../shared/datetime';
import { TokenDeskError } from '../errors';
import { requirePlainValue } from './answer-checks';
import { epochMs, isObject, toText } from './common';

/** What may be shown of one cookie: everything but its value. */
export interface CookieFacts {
  name: string;
  domain?: string;
  path?: string;
  /** Epoch ms; null for a session cookie or when the framework does not say. */
  expires: number | null;
  httpOnly?: boolean;
  secure?: boolean;
}

/** Cookies from a SaiNiu renewal, as one Cookie header plus what is known of their expiry. */
export interface ParsedCookies {
  header: string;
  names: string[];
  /** Each cookie without its value, in the framework's order (for the details pane's table). */
  cookies: CookieFacts[];
  /** Earliest future expiry among structured cookies (epoch ms), or null when none states one. */
  expiresAt: number | null;
}

/** A cookie read from the answer: its value kept apart, so only `facts` ever leaves the provider. */
interface Cookie {
  facts: CookieFacts;
  value: string;
}

/** An expiry from the fields cookie libraries use: ms or s numbers, numeric or date strings. */
function cookieExpiry(cookie: Record<string, unknown>): number | null {
  for (const key of ['expires', 'Expires', 'expirationDate', 'expiry', 'expiresAt', 'expireDate']) {
    const value = cookie[key];
    if (value === undefined || value === null || value === '') continue;
    // A time no date can hold counts as not stated (the same rule as every provider's expiry).
    const asNumber = epochMs(value);
    if (asNumber !== null) return instantOrNull(asNumber);
    const parsed = typeof value === 'string' ? instantOrNull(Date.parse(value)) : null;
    if (parsed !== null && parsed > 0) return parsed;
  }
  return null;
}

/** A flag as cookie libraries spell it (`httpOnly`, `HttpOnly`, true/"true"); undefined when absent. */
function flag(item: Record<string, unknown>, ...keys: string[]): boolean | undefined {
  for (const key of keys) {
    const value = item[key];
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 1) return true;
    if (value === 'false' || value === 0) return false;
  }
  return undefined;
}

function fromArray(items: unknown[]): Cookie[] {
  const cookies: Cookie[] = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    const name = toText(item.name ?? item.Name ?? item.key ?? item.Key).trim();
    if (!name) continue;
    const domain = toText(item.domain ?? item.Domain).trim();
    const path = toText(item.path ?? item.Path).trim();
    const httpOnly = flag(item, 'httpOnly', 'HttpOnly', 'httponly');
    const secure = flag(item, 'secure', 'Secure');
    cookies.push({
      facts: {
        name,
        ...(domain ? { domain } : {}),
        ...(path ? { path } : {}),
        expires: cookieExpiry(item),
        ...(httpOnly !== undefined ? { httpOnly } : {}),
        ...(secure !== undefined ? { secure } : {}),
      },
      value: toText(item.value ?? item.Value),
    });
  }
  return cookies;
}

function fromMap(map: Record<string, unknown>): Cookie[] {
  return Object.entries(map)
    .filter(([name]) => name.trim() !== '')
    .map(([name, value]) => ({ facts: { name: name.trim(), expires: null }, value: toText(value) }));
}

function fromHeader(text: string): Cookie[] {
  return text
    .replace(/^cookie:\s*/i, '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => {
      const at = part.indexOf('=');
      return { facts: { name: part.slice(0, at).trim(), expires: null }, value: part.slice(at + 1).trim() };
    })
    .filter((cookie) => cookie.facts.name !== '');
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
        'Log in again (scan a new QR code) to get a new logon token, and check the SaiNiu framework version.',
    );
  }
  // Each cookie through the provider boundary's rule: a line break in one would add a header (SaiNiu's
  // token is the Cookie header). Names only in the message, never a value.
  for (const { facts, value } of cookies) {
    requirePlainValue(facts.name, 'a cookie name', 'SaiNiu');
    requirePlainValue(value, `the value of cookie ${JSON.stringify(facts.name)}`, 'SaiNiu');
  }
  // A cookie without a value authenticates nothing: a "success" made only of those is no login at all.
  const withValues = cookies.filter((c) => c.value.trim() !== '');
  if (withValues.length === 0) {
    throw new TokenDeskError(
      'bad_response',
      `SaiNiu reported success but every cookie it sent is empty (${cookies.length} named, none with a value). ` +
        'Log in again (scan a new QR code); if it keeps happening, restart the SaiNiu framework.',
    );
  }
  const future = cookies.map((c) => c.facts.expires).filter((t): t is number => t !== null && t > now);
  return {
    header: withValues.map((c) => `${c.facts.name}=${c.value}`).join('; '),
    names: [...new Set(cookies.map((c) => c.facts.name))],
    cookies: cookies.map((c) => c.facts),
    expiresAt: future.length > 0 ? Math.min(...future) : null,
  };
}
