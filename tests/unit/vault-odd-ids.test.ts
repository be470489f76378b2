import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import type { Vault } from '../../electron/core/vault/types';
import { makeAccount, makeTempDir, removeTemp } from '../fixtures/vault-helpers';

const PASS = 'test passphrase';
/** Ids that name members of Object.prototype: a plain object used as a table finds them everywhere. */
const ODD_IDS = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];

let root: string;
let dir: string;
beforeEach(async () => {
  root = await makeTempDir();
  dir = join(root, 'data');
});
afterEach(async () => {
  await removeTemp(root);
});

async function opened(): Promise<Vault> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  if (vault.info().state === 'uninitialized') await vault.create({ passphrase: PASS });
  else await vault.unlock(PASS);
  return vault;
}

describe('account ids that name Object.prototype members', () => {
  it('are stored, read back, and removed by another process like any other id', async () => {
    const first = await opened();
    for (const id of [...ODD_IDS, 'plain']) await first.put(makeAccount(id), { fields: { password: `pw-${id}` }, token: `tok-${id}` });
    await first.close();

    const app = await opened();
    expect(app.list().map((a) => a.id).sort()).toEqual([...ODD_IDS, 'plain'].sort());
    expect(app.secrets('__proto__').token).toBe('tok-__proto__');

    // Another process removes two of them; the app takes that in instead of keeping (and saving back) its copies.
    const cli = await opened();
    await cli.remove('constructor');
    await cli.remove('__proto__');
    await cli.close();
    await app.checkExternalChanges();
    expect(app.list().map((a) => a.id).sort()).toEqual(['hasOwnProperty', 'plain', 'toString']);
    await app.close();
  });
});
