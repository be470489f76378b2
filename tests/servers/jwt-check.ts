import { createHmac } from 'node:crypto';

/** What a JWT library makes of a token: its claims, or why it refuses it (expiry is the caller's to check). */
export type JwtCheck =
  | { kind: 'ok'; claims: Record<string, unknown> }
  | { kind: 'malformed' }
  | { kind: 'bad-signature'; claims: Record<string, unknown> };

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Checks an HS256 JWT the way golang-jwt / jsonwebtoken do before looking at `exp`: three parts of
 * base64url JSON (else malformed), then the signature under `key`.
 */
export function checkJwt(token: string, key: string): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) return { kind: 'malformed' };
  const [head, body, signature] = parts as [string, string, string];
  const header = decodePart(head);
  const claims = decodePart(body);
  if (!header || !claims) return { kind: 'malformed' };
  const expected = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
  return expected === signature ? { kind: 'ok', claims } : { kind: 'bad-signature', claims };
}

/** The `exp` claim in epoch ms, or null. */
export function expOf(claims: Record<string, unknown>): number | null {
  return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
}
