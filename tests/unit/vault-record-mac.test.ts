import { describe, expect, it } from 'vitest';
import { canonical } from '../../electron/core/vault/record-mac';

/** The text records were signed with before: a vault signed by an earlier build must still verify. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).filter((key) => object[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${reference(object[key])}`).join(',')}}`;
}

/** A small deterministic generator of JSON-ish values (strings with quotes, unicode, nesting, holes). */
function valueOf(seed: number, depth: number): unknown {
  const pick = seed % 9;
  const next = (n: number): number => (seed * 1103515245 + 12345 + n * 7919) % 2147483647;
  if (depth > 3 || pick < 3) return [null, true, false, 0, -1.5, 1e21, 'a"b\\c', '中文\u2028', '', undefined][seed % 10];
  if (pick < 6) return Array.from({ length: seed % 4 }, (_, i) => valueOf(next(i), depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = 0; i < seed % 5; i += 1) object[['b', 'a', 'Z', '10', '2', 'ä', 'a b', '"q"'][next(i) % 8]!] = valueOf(next(i + 9), depth + 1);
  return object;
}

describe('the text an account record is signed over', () => {
  it('is exactly the text earlier builds signed, so their records still verify', () => {
    for (let seed = 1; seed < 3000; seed += 1) {
      const value = valueOf(seed * 48271, 0);
      expect(canonical(value)).toBe(reference(value));
    }
    const record = ['account/1', 'id', 'name', 'openim', '', 1, true, { baseUrl: 'http://x', userID: 'u' }, { jwt: { claims: { exp: 1, UserID: 'u' } }, b: undefined }, {}, ['secret'], true];
    expect(canonical(record)).toBe(reference(record));
    expect(canonical({ b: 1, a: [undefined, { d: 2, c: 3 }] })).toBe('{"a":[null,{"c":3,"d":2}],"b":1}');
    // Many keys out of order (a custom provider's definition), nested inside keys already in order.
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 17) % 40}`, { z: i, a: [i, { y: 1, b: undefined }] }]));
    expect(canonical({ a: many, b: { ...many, 7: 'x' } })).toBe(reference({ a: many, b: { ...many, 7: 'x' } }));
  });
});
