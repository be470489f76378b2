import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultLock } from '../../electron/core/vault/file-lock';
import { makeTempDir, removeTemp } from '../fixtures/vault-helpers';

let dir: string;
let lockPath: string;
beforeEach(async () => {
  dir = await makeTempDir();
  lockPath = join(dir, 'vault.lock');
});
afterEach(async () => {
  await removeTemp(dir);
});

describe('the vault write lock', () => {
  it('is ours until another process takes it over, and then its lock is left in place', async () => {
    const lock = new VaultLock(lockPath, dir);
    const other = JSON.stringify({ pid: 1, host: 'another-host.example', at: Date.now(), nonce: 'theirs' });
    await lock.run(async (stillHeld) => {
      expect(await stillHeld()).toBe(true);
      // What a takeover does: our file renamed aside and removed, a new lock created in its place.
      await rename(lockPath, `${lockPath}.aside`);
      await unlink(`${lockPath}.aside`);
      await writeFile(lockPath, other, { flag: 'wx', mode: 0o600 });
      expect(await stillHeld()).toBe(false);
    });
    expect(await readFile(lockPath, 'utf8')).toBe(other);
  });

  it('is still ours when it was moved aside and linked back (a takeover that found a live lock)', async () => {
    const lock = new VaultLock(lockPath, dir);
    await lock.run(async (stillHeld) => {
      await rename(lockPath, `${lockPath}.aside`);
      expect(await stillHeld()).toBe(false);
      await link(`${lockPath}.aside`, lockPath);
      await unlink(`${lockPath}.aside`);
      expect(await stillHeld()).toBe(true);
    });
    await expect(readFile(lockPath, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
