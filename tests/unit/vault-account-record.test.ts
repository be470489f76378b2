import { describe, expect, it } from 'vitest';
import { AccountRecordSchema, isAccountRecord } from '../../electron/core/vault/document';

const valid = {
  id: 'acct-1', name: 'Shop', provider: 'sud', env: 'test', createdAt: 1, updatedAt: 2,
  fields: { baseUrl: 'https://x' }, expiresAt: null, issuedAt: 3, lastRefreshAt: 4,
  lastError: { code: 'network', message: 'down', at: 5 }, extras: { nick: 'n' }, providerState: {}, autoRefresh: true,
  secrets: { code: 'td1:abc:def' }, token: 'td1:ghi:jkl', mac: 'm',
};

/** One change each; the first four are still records, the others not. */
const variants: Array<[string, Record<string, unknown>]> = [
  ['as is', {}],
  ['no token, no MAC, no error', { token: null, mac: undefined, lastError: null }],
  ['a custom provider id', { provider: 'my-game' }],
  ['an unknown key', { later: 1 }],
  ['an empty id', { id: '' }],
  ['an id with a control character', { id: 'a\u0000b' }],
  ['an id of 201 characters', { id: 'x'.repeat(201) }],
  ['a provider id of another shape', { provider: 'Not An Id!' }],
  ['a number name', { name: 1 }],
  ['a missing env', { env: undefined }],
  ['a time that is not finite', { createdAt: Number.POSITIVE_INFINITY }],
  ['a string expiry', { expiresAt: '5' }],
  ['a malformed last error', { lastError: { code: 'nope' } }],
  ['a field that is not text', { fields: { a: 1 } }],
  ['extras as an array', { extras: [] }],
  ['provider state null', { providerState: null }],
  ['auto-refresh as text', { autoRefresh: 'yes' }],
  ['a secret that is not sealed', { secrets: { code: 'plain' } }],
  ['a token that is not sealed', { token: 'plain' }],
  ['a MAC that is not text', { mac: 5 }],
];

const ACCEPTED = new Set(['as is', 'no token, no MAC, no error', 'a custom provider id', 'an unknown key']);

describe('an account record in vault.json', () => {
  it.each(variants)('with %s is judged by its schema, the one check of the reader', (what, change) => {
    const record: Record<string, unknown> = { ...valid, ...change };
    for (const key of Object.keys(change)) if (change[key] === undefined) delete record[key];
    const id = typeof record.id === 'string' ? record.id : 'acct-1';
    expect(isAccountRecord(id, record)).toBe(ACCEPTED.has(what));
    expect(AccountRecordSchema.safeParse(record).success).toBe(ACCEPTED.has(what));
  });

  it('filed under another id is not one', () => {
    expect(isAccountRecord('acct-2', valid)).toBe(false);
  });
});
