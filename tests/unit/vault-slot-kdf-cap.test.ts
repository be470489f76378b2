import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { makeTempDir, readVaultJson, removeTemp, writeVaultJson } from '../fixtures/vault-helpers';
import { tokenDeskErrorOf } from './helpers/token-desk-error';

/**
 * The passphrase slot's scrypt parameters come from vault.json: whoever can write the file must not make
 * an unlock hold the computer (issue 17). Capped as bundles are: four times what this build writes,
 * counted as at least a fast computer's (N=2^17, r=8, p=1).
 */
const PASSPHRASE = 'slot kdf cap passphrase';
let dir: string;

beforeEach(async () => {
  dir = await makeTempDir();
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  await vault.create({ passphrase: PASSPHRASE });
  await vault.close();
});

afterEach(async () => {
  await removeTemp(dir);
});

describe('a passphrase slot asking for a costlier derivation than TokenDesk writes', () => {
  it('is refused before any derivation, saying vault.json was changed and what to do', { timeout: 3_000 }, async () => {
    const doc = await readVaultJson(dir);
    Object.assign(doc.slots.passphrase!, { N: 2 ** 17, r: 8, p: 5 });
    await writeVaultJson(dir, doc);
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    const started = performance.now();
    const error = await tokenDeskErrorOf(() => vault.unlock(PASSPHRASE));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('scrypt N=131072, r=8, p=5');
    expect(error.message).toContain('vault.json.bak');
  });

  it('what this build wrote still opens', async () => {
    const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await vault.unlock(PASSPHRASE);
    expect(vault.info().state).toBe('unlocked');
  });
});
