import { createHash } from 'node:crypto';
import type { ProviderCache } from './types';

/** Cached admin tokens are dropped this long before they expire, so no call carries a dying one. */
export const ADMIN_TOKEN_MARGIN_MS = 5 * 60_000;

/** One admin token and whether it was fetched for this exchange (a reused one may be stale). */
export interface AdminToken {
  token: string;
  fresh: boolean;
}

/**
 * Admin tokens are cached per (server, admin userID), in the core's memory cache that lock() clears.
 * On current open-im-server every new admin token turns the earlier ones into 5-minute tokens, so
 * fetching one per refresh would break every other tool that shares the admin account.
 * The key also carries a hash of the secret: an edited secret is checked by the server at once
 * instead of riding on a token the old secret obtained.
 */
export function adminCacheKey(baseUrl: string, adminUserID: string, secret: string): string {
  let server = baseUrl.trim().replace(/\/+$/, '');
  try {
    const url = new URL(server);
    server = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    // Not a URL: the exchange fails on it anyway; the raw text is a fine key.
  }
  const secretTag = createHash('sha256').update(secret).digest('hex').slice(0, 16);
  return `openim-admin:${server}|${adminUserID}|${secretTag}`;
}

/** The cached admin token for `key`, else one `fetch` (shared with concurrent callers), cached until it nearly expires. */
export async function adminToken(
  cache: ProviderCache,
  key: string,
  now: () => number,
  fetch: () => Promise<{ token: string; expiresAt: number | null }>,
): Promise<AdminToken> {
  const cached = cache.get(key);
  if (cached && cached.expiresAt > now()) return { token: cached.value, fresh: false };
  const token = await cache.once(key, async () => {
    const { token, expiresAt } = await fetch();
    // A token without a known expiry is still reused for a day; a stale one is replaced on its first refusal.
    const until = (expiresAt ?? now() + 86_400_000) - ADMIN_TOKEN_MARGIN_MS;
    if (until > now()) cache.set(key, token, until);
    return token;
  });
  return { token, fresh: true };
}
