import { describe, expect, it } from 'vitest';
import { openBundle, sealBundle, type BundlePayload } from '../../electron/core/transfer/bundle';
import { normalizeAccount } from '../../electron/core/vault/document';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault/kdf';
import { makeAccount } from '../fixtures/vault-helpers';
import { tokenDeskErrorOf } from './helpers/token-desk-error';

/** An object nested `depth` levels deep. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

describe('values nested too deep (issue 17, item 7)', () => {
  it('a bundle holding one opens with an error that says so, not a stack overflow', async () => {
    const bundle = (extras: Record<string, unknown>): Promise<string> => {
      const account = makeAccount('0f0c2a4e-1d2b-4c3d-8e9f-a0b1c2d3e4f5', { extras });
      const payload: BundlePayload = { exportedAt: 1_700_000_000_000, accounts: [{ account, secrets: { fields: {}, token: null } }], customProviders: [] };
      return sealBundle(payload, 'bundle passphrase', FAST_TEST_SCRYPT);
    };
    expect((await openBundle(await bundle(nested(20)), 'bundle passphrase')).accounts).toHaveLength(1);
    const error = await tokenDeskErrorOf(async () => openBundle(await bundle(nested(200)), 'bundle passphrase'));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/contents are not what this version of TokenDesk expects/);
  });

  it('an account holding one is refused when stored, naming the part', async () => {
    const error = await tokenDeskErrorOf(() => normalizeAccount(makeAccount('a1', { providerState: nested(40) })));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('providerState is nested too deep');
    expect(() => normalizeAccount(makeAccount('a1', { providerState: nested(20) }))).not.toThrow();
  });
});
