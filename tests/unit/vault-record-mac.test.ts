import { describe, expect, it } from 'vitest';
import type { Entry } from '../../electron/core/vault/account-changes';
import { canonical, entryIsAuthentic, guardFormat, macKey, signDefinition, signEntry, signGuard } from '../../electron/core/vault/record-mac';
import type { Slots } from '../../electron/core/vault/document';

/**
 * Fixed vectors: the MACs and text an earlier build (the one before issue 18) produced for these
 * values. A vault that build signed must still verify, so these bytes never change.
 */
const key = Buffer.alloc(32, 7);

const entry = {
  account: {
    id: 'acct-0001', name: 'QA 中文 "quoted"', provider: 'openim', env: 'test', createdAt: 1700000000000, updatedAt: 1700000001000, autoRefresh: true,
    fields: { userID: 'u1', baseUrl: 'http://127.0.0.1:10002', '10': 'ten', '2': 'two' },
    expiresAt: null, issuedAt: null, lastRefreshAt: null, lastError: null,
    extras: { jwt: { claims: { exp: 1, UserID: 'u' } }, cookieNames: ['b', 'a'], nested: [{ z: 1, a: [null, { y: 2, b: 'x' }] }], gone: undefined },
    providerState: { apiGeneration: 3, '1': true },
  },
  secrets: { secret: 'td1:AAAA:BBBB', password: 'td1:CCCC:DDDD' },
  token: 'td1:EEEE:FFFF',
  mac: null,
} as Entry;

describe('the MACs of records, definitions and the protection state', () => {
  it('are the bytes earlier builds wrote, so the vaults they signed still verify (account/1 and guard/1, to migrate them)', () => {
    const mk = macKey(key);
    expect(entryIsAuthentic(mk, { ...entry, mac: '8go33oL/J2/lHZhEuP0GYZA7k/F/vuyoOHCSjgulJ1Y=' }, null, 1)).toBe(true);
    const definition = { id: 'my-game', request: { url: '{{baseUrl}}/x', method: 'POST', json: { b: 1, a: [1, { d: 2, c: 3 }] } }, fields: [{ name: 'baseUrl', required: true }] };
    expect(signDefinition(mk, 'my-game', definition)).toBe('SIykEourJqiiP5GtwtcY5OSBCzbmyc+nbw63zkQ8Ppw=');
    const slots = { passphrase: { kdf: 'scrypt', N: 16384, r: 8, p: 1, salt: 'c2FsdA==', wrapped: 'td1:x:y' }, os: { wrapped: 'b3M=' } } as Slots;
    const settings = { clipboardClearSec: 30, lockIdleMin: 0 };
    expect(guardFormat(mk, { locked: true, mac: '4W0r1dxTfD9tYMN8LGHEXAWh7b1rxvUbvWyon9pOEIU=' }, settings, slots)).toBe(1);
    expect(guardFormat(mk, signGuard(mk, settings, slots, true), settings, slots)).toBe(2);
    expect(guardFormat(mk, { locked: false, mac: '4W0r1dxTfD9tYMN8LGHEXAWh7b1rxvUbvWyon9pOEIU=' }, settings, slots)).toBeNull();
  });

  it('account/2 covers the sealed values and the definition, not only the names of the secrets', () => {
    const mk = macKey(key);
    const mac = signEntry(mk, entry, 'definition-mac');
    expect(entryIsAuthentic(mk, { ...entry, mac }, 'definition-mac')).toBe(true);
    expect(entryIsAuthentic(mk, { ...entry, mac }, 'older-definition-mac')).toBe(false);
    expect(entryIsAuthentic(mk, { ...entry, mac, secrets: { ...entry.secrets, secret: 'td1:AAAB:BBBB' } }, 'definition-mac')).toBe(false);
    expect(entryIsAuthentic(mk, { ...entry, mac, token: 'td1:EEEF:FFFF' }, 'definition-mac')).toBe(false);
    // An account/2 MAC is never read as account/1, nor the reverse.
    expect(entryIsAuthentic(mk, { ...entry, mac }, 'definition-mac', 1)).toBe(false);
    expect(entryIsAuthentic(mk, { ...entry, mac: '8go33oL/J2/lHZhEuP0GYZA7k/F/vuyoOHCSjgulJ1Y=' }, null)).toBe(false);
  });

  it('cover a canonical text: keys sorted (integer-like ones too), undefined members left out, holes as null', () => {
    const value = { b: 1, a: [undefined, { d: 2, c: 3 }], '10': 'x', '2': [true, -1.5, 1e21, 'a"b\\c', '中文\u2028'] };
    expect(canonical(value)).toBe('{"10":"x","2":[true,-1.5,1e+21,"a\\"b\\\\c","中文\u2028"],"a":[null,{"c":3,"d":2}],"b":1}');
    // eslint-disable-next-line no-sparse-arrays -- a hole, as JSON writes it
    expect(canonical([1, , 3])).toBe('[1,null,3]');
  });
});
