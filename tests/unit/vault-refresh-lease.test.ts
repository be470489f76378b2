import { readFile, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RefreshLeases } from '../../electron/core/vault/refresh-lease';
import { makeTempDir, removeTemp } from '../fixtures/vault-helpers';

const TIMINGS = { ttlMs: 60_000, pollMs: 10, releaseDelayMs: 10, waitMs: 90_000 };

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeTemp(dir);
});

/** Writes a lease as another TokenDesk process would have left it. */
async function foreignLease(id: string, lease: { pid: number; host: string; until: number }): Promise<void> {
  // A computed key, so `__proto__` is written as a key like any other.
  await writeFile(join(dir, 'refresh-leases.json'), JSON.stringify({ [id]: { holder: 'someone-else', ...lease } }), { mode: 0o600 });
}

describe('refresh leases', () => {
  it('a lease held by a live process elsewhere is respected until it expires, then taken', async () => {
    const until = Date.now() + 300;
    await foreignLease('a1', { pid: 1, host: 'another-host.example', until });
    const leases = new RefreshLeases(dir, Date.now, TIMINGS);
    expect(await leases.acquire('a1')).toEqual({ won: false, until });
    await leases.waitUntilFree('a1', leases.waitDeadline());
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    // The account was refreshed by the other process meanwhile, as far as we know: read the vault first.
    expect(await leases.acquire('a1')).toEqual({ won: true, peerBefore: true });
  });

  it('a lease whose process on this machine is gone counts for nothing', async () => {
    await foreignLease('a1', { pid: 2 ** 22 + 12_345, host: hostname(), until: Date.now() + 60_000 });
    const leases = new RefreshLeases(dir, Date.now, TIMINGS);
    expect(await leases.acquire('a1')).toEqual({ won: true, peerBefore: true });
  });

  it('a release ends the lease at once, keeping it as the mark that this process refreshed the account', async () => {
    const first = new RefreshLeases(dir, Date.now, TIMINGS);
    expect(await first.acquire('a1')).toMatchObject({ won: true });
    const table = JSON.parse(await readFile(join(dir, 'refresh-leases.json'), 'utf8')) as Record<string, { until: number; pid: number }>;
    expect(table.a1).toMatchObject({ pid: process.pid, until: expect.any(Number) });
    expect(table.a1!.until).toBeGreaterThan(Date.now());
    await first.release('a1');
    await first.flushNow();
    const after = JSON.parse(await readFile(join(dir, 'refresh-leases.json'), 'utf8')) as Record<string, { until: number }>;
    expect(after.a1?.until).toBeLessThanOrEqual(Date.now());
  });

  it('a bulk refresh takes its leases ahead, and each refresh then finds its own without another write', async () => {
    const leases = new RefreshLeases(dir, Date.now, TIMINGS);
    const ids = Array.from({ length: 200 }, (_, i) => `acct-${i}`);
    await leases.prefetch(ids);
    const table = JSON.parse(await readFile(join(dir, 'refresh-leases.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(table)).toHaveLength(200);
    for (const id of ids.slice(0, 5)) expect(await leases.acquire(id)).toEqual({ won: true, peerBefore: false });
    await leases.releaseAll(ids);
    await leases.flushNow();
  });

  it('a lease another process wrote since our last write is seen, in place or through a rename', async () => {
    const leases = new RefreshLeases(dir, Date.now, TIMINGS);
    expect(await leases.acquire('a1')).toMatchObject({ won: true });
    const file = join(dir, 'refresh-leases.json');
    const until = Date.now() + 60_000;
    const table = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(`${file}.other`, JSON.stringify({ ...table, b1: { holder: 'someone-else', pid: 1, host: 'another-host.example', until } }), { mode: 0o600 });
    await rename(`${file}.other`, file);
    expect(await leases.acquire('b1')).toEqual({ won: false, until });
    await foreignLease('c1', { pid: 1, host: 'another-host.example', until });
    expect(await leases.acquire('c1')).toEqual({ won: false, until });
    // Our own write in between does not hide it either.
    expect(await leases.acquire('d1')).toMatchObject({ won: true });
    await foreignLease('e1', { pid: 1, host: 'another-host.example', until });
    expect(await leases.acquire('e1')).toEqual({ won: false, until });
  });

  it('a lease ending further ahead than a lease lasts (forged, or a clock gone wrong) is no lease', async () => {
    await foreignLease('a1', { pid: 1, host: 'another-host.example', until: Date.now() + 10 * 365 * 24 * 3600_000 });
    const leases = new RefreshLeases(dir, Date.now, TIMINGS);
    expect(await leases.acquire('a1')).toEqual({ won: true, peerBefore: true });
  });

  it('a wait for a lease that never ends stops at its deadline with a timeout naming the holder and the file', async () => {
    const leases = new RefreshLeases(dir, Date.now, { ...TIMINGS, ttlMs: 2_000, waitMs: 300 });
    // A holder that keeps renewing its lease (a stuck process, or someone rewriting the file).
    const file = join(dir, 'refresh-leases.json');
    const renew = async (): Promise<void> => {
      const lease = { holder: 'someone-else', pid: 4242, host: 'another-host.example', until: Date.now() + 1_500 };
      await writeFile(`${file}.renew`, JSON.stringify({ a1: lease }), { mode: 0o600 });
      await rename(`${file}.renew`, file);
    };
    await renew();
    const renewing = setInterval(() => void renew(), 20);
    try {
      const started = Date.now();
      const error = await leases.waitUntilFree('a1', leases.waitDeadline()).then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ code: 'timeout', message: expect.stringContaining('pid 4242 on another-host.example') });
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toContain('delete');
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      clearInterval(renewing);
    }
  });

  it.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])('an account id "%s" is a key like any other', async (id) => {
    const leases = new RefreshLeases(dir, Date.now, TIMINGS);
    // Nobody holds it: taken at once, written, and seen as ours.
    expect(await leases.acquire(id)).toEqual({ won: true, peerBefore: false });
    const table = JSON.parse(await readFile(join(dir, 'refresh-leases.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.hasOwn(table, id)).toBe(true);
    await leases.release(id);
    await leases.flushNow();
    await leases.waitUntilFree(id, leases.waitDeadline());
    // Another process's lease under that id is respected like any other.
    const until = Date.now() + 30_000;
    await foreignLease(id, { pid: 1, host: 'another-host.example', until });
    const other = new RefreshLeases(dir, Date.now, TIMINGS);
    expect(await other.acquire(id)).toEqual({ won: false, until });
    expect(await other.acquire('someone-else')).toEqual({ won: true, peerBefore: false });
  });
});
