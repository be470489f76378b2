import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openBytes, sealBytes } from '../../electron/core/vault/crypto';

describe('the vault cipher (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const nonce = randomBytes(12);

  it('opens what it sealed, and nothing whose associated data changed', () => {
    const body = sealBytes(key, nonce, Buffer.from('a secret'), 'tokendesk:test');
    expect(openBytes(key, nonce, body, 'tokendesk:test')?.toString()).toBe('a secret');
    expect(openBytes(key, nonce, body, 'tokendesk:other')).toBeNull();
  });

  it('refuses a body cut to a few bytes of its tag (GCM would accept a 4-byte tag)', () => {
    const body = sealBytes(key, nonce, Buffer.alloc(0), 'tokendesk:test');
    for (const length of [0, 4, 8, 12, 15]) expect(openBytes(key, nonce, body.subarray(0, length), 'tokendesk:test'), `${length} bytes`).toBeNull();
  });
});
