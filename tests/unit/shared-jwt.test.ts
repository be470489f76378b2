import { describe, expect, it } from 'vitest';
import { decodeJwt } from '../../shared/jwt';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>): string => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.signature`;

describe('decoding JWT-shaped tokens for display', () => {
  it('reads the header and claims of the sample in the SUD documentation, with times in ms', () => {
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

  it('says null when a segment is not base64url or not UTF-8, and reads one without padding or with it', () => {
    const claims = b64url({ sub: 'x' });
    const notUtf8 = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]).toString('base64url');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]).toString('base64url');
    expect(decodeJwt(`${b64url({ alg: 'none' })}.${notUtf8}.s`)).toBeNull();
    expect(decodeJwt(`${b64url({ alg: 'none' })}.${withBom}.s`)).toBeNull();
    expect(decodeJwt(`${b64url({ alg: 'none' })}.${claims.slice(0, 4)} ${claims.slice(4)}.s`)).toBeNull();
    expect(decodeJwt(`${b64url({ alg: 'none' })}.${claims}==.s`)?.claims).toEqual({ sub: 'x' });
    expect(decodeJwt(`${b64url({ alg: 'none' })}.${Buffer.from('{"a":"é"}').toString('base64')}.s`)?.claims).toEqual({ a: 'é' });
  });
});
