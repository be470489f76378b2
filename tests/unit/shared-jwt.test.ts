import { describe, expect, it } from 'vitest';
import { decodeJwt } from '../../shared/jwt';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>): string => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.signature`;

describe('decoding JWT-shaped tokens for display', () => {
  it('reads the header and claims of the seed sample, with times in ms', () => {
    const seed = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1aWQiOiIxMjMiLCJleHAiOjE2MzA0MTc4NDksImFwcF9pZCI6ImFwcElEIn0.BWFAf7-Bi20KsFIjnQcF2ET1RNhoZRhoWa-VOxYbPuY';
    const decoded = decodeJwt(seed);
    expect(decoded?.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decoded?.claims).toEqual({ uid: '123', exp: 1630417849, app_id: 'appID' });
    expect(decoded?.expiresAt).toBe(1630417849_000);
    expect(decoded?.issuedAt).toBeNull();
  });

  it('keeps non-ASCII claims intact', () => {
    expect(decodeJwt(jwt({ nick: '萌萌', iat: 1 }))?.claims).toEqual({ nick: '萌萌', iat: 1 });
  });

  it('says null for opaque tokens and cookie strings instead of guessing', () => {
    for (const token of ['cd7******yjn', 'a.b', 'x=1; y=2', 'a.b.c', `${b64url([1, 2])}.${b64url([3])}.s`]) {
      expect(decodeJwt(token)).toBeNull();
    }
  });
});
