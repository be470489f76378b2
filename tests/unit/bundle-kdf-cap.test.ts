import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { openBundle, sealBundle, type BundlePayload } from '../../electron/core/transfer/bundle';
import { FAST_TEST_SCRYPT, foreignScryptAllowed, maxForeignScryptCost } from '../../electron/core/vault/kdf';
import { tokenDeskErrorOf } from './helpers/token-desk-error';

const PASSPHRASE = 'bundle kdf passphrase';
const PAYLOAD: BundlePayload = { exportedAt: 1_700_000_000_000, accounts: [], customProviders: [] };
/** What this computer's export writes, in these tests (calibration itself is not under test). */
const SLOW_COMPUTER = { N: 2 ** 14, r: 8, p: 1 };
const exportedHere = () => SLOW_COMPUTER;

/** A real bundle whose header then asks for other scrypt parameters. */
async function bundleAsking(kdf: { N: number; r: number; p: number }): Promise<string> {
  const file = JSON.parse(await sealBundle(PAYLOAD, PASSPHRASE, FAST_TEST_SCRYPT)) as { header: { kdf: Record<string, unknown> } };
  Object.assign(file.header.kdf, kdf);
  return JSON.stringify(file);
}

describe('the key derivation a bundle may ask for', () => {
  // Deriving any of these takes from several seconds to minutes (and up to 1 GiB): refused first.
  it.each([
    { N: 2 ** 20, r: 8, p: 16 },
    { N: 2 ** 20, r: 8, p: 1 },
    { N: 2 ** 18, r: 32, p: 16 },
    { N: 2 ** 17, r: 8, p: 5 },
  ])('a header asking for N=$N r=$r p=$p is refused before any derivation, saying why', { timeout: 3_000 }, async (kdf) => {
    const text = await bundleAsking(kdf);
    const started = performance.now();
    const error = await tokenDeskErrorOf(() => openBundle(text, PASSPHRASE, exportedHere));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`scrypt N=${kdf.N}, r=${kdf.r}, p=${kdf.p}`);
    expect(error.message).toContain("than TokenDesk's export writes");
    expect(error.message).toContain('export it again');
  });

  it('the cap is four times what export writes here, counted as at least a fast computer (N=2^17)', () => {
    expect(maxForeignScryptCost(exportedHere)).toBe(4 * 2 ** 17 * 8);
    expect(maxForeignScryptCost(() => ({ N: 2 ** 19, r: 8, p: 1 }))).toBe(4 * 2 ** 19 * 8);
    // A faster computer's export (2^18, 2^19) still opens on a slow one; p above 1 is never written.
    expect(foreignScryptAllowed({ N: 2 ** 19, r: 8, p: 1 }, exportedHere)).toBe(true);
    expect(foreignScryptAllowed({ N: 2 ** 19, r: 8, p: 2 }, exportedHere)).toBe(false);
    expect(foreignScryptAllowed({ N: 2 ** 20, r: 8, p: 1 }, () => ({ N: 2 ** 18, r: 8, p: 1 }))).toBe(true);
  });

  it('a bundle written with what export writes opens', async () => {
    expect(await openBundle(await sealBundle(PAYLOAD, PASSPHRASE, FAST_TEST_SCRYPT), PASSPHRASE, exportedHere)).toEqual(PAYLOAD);
  });
});
