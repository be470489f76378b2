import { createDecipheriv, scryptSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openBundle, sealBundle, type BundlePayload } from '../../electron/core/transfer/bundle';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { openIpcRig } from './helpers/ipc-rig';

/** Exported by TokenDesk (one SUD account, its `code` secret) before the bundle code shared the vault's cipher. */
const EARLIER_BUNDLE = 'tests/fixtures/bundles/bundle-v1.json';
const PASSPHRASE = 'fixture bundle passphrase';

describe('the bundle file (version 1) across builds', () => {
  it('a bundle an earlier build wrote opens with its passphrase and imports its account with its secret', async () => {
    const text = await readFile(EARLIER_BUNDLE, 'utf8');
    const payload = await openBundle(text, PASSPHRASE);
    expect(payload.accounts).toHaveLength(1);
    expect(payload.accounts[0]?.account).toMatchObject({
      id: '78fe3eaa-43e2-4299-afc6-91d158f253a9',
      name: 'Fixture SUD',
      provider: 'sud',
      env: 'test',
      fields: { baseUrl: 'https://sud.example.test' },
    });
    expect(payload.accounts[0]?.secrets).toEqual({ fields: { code: 'fixture-code-4711' }, token: null });

    const rig = await openIpcRig();
    try {
      await rig.core.initialize('rig passphrase');
      await rig.core.importBundle({ text, passphrase: PASSPHRASE });
      expect(rig.core.list().map((view) => [view.name, view.secretsSet])).toEqual([['Fixture SUD', ['code']]]);
    } finally {
      await rig.close();
    }
  });

  it('a bundle written now is what earlier builds read: the payload JSON under AES-256-GCM, keyed by scrypt of the passphrase, the header as associated data', async () => {
    const payload: BundlePayload = { exportedAt: 1_700_000_000_000, accounts: [], customProviders: [{ definition: { id: 'x' }, updatedAt: 1 }] };
    const file = JSON.parse(await sealBundle(payload, PASSPHRASE, FAST_TEST_SCRYPT)) as {
      header: { kdf: { N: number; r: number; p: number; salt: string }; nonce: string };
      payload: string;
    };
    const { kdf, nonce } = file.header;
    const key = scryptSync(Buffer.from(PASSPHRASE, 'utf8'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p });
    const body = Buffer.from(file.payload, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
    decipher.setAAD(Buffer.from(JSON.stringify(file.header), 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    const plain = Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
    expect(JSON.parse(plain.toString('utf8'))).toEqual(payload);
    expect(Buffer.from(nonce, 'base64')).toHaveLength(12);
  });
});
