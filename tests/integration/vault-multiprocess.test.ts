import { spawn } from 'node:child_process';
import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { parseDocument } from '../../electron/core/vault/document';
import type { Vault, VaultOptions } from '../../electron/core/vault/types';
import { Peer } from '../fixtures/vault-peer-driver';
import { makeAccount, makeTempDir, removeTemp } from '../fixtures/vault-helpers';
import { tokenDeskErrorOf as failure } from '../unit/helpers/token-desk-error';

const PASS = 'shared vault passphrase';

let root: string;
let dir: string;
let peers: Peer[];
beforeEach(async () => {
  root = await makeTempDir();
  dir = join(root, 'data');
  peers = [];
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  await vault.create({ passphrase: PASS });
  await vault.put(makeAccount('a'), { fields: { password: 'pw-a' }, token: 'token-a-0' });
  await vault.put(makeAccount('b'), { fields: { password: 'pw-b' }, token: 'token-b-0' });
  await vault.close();
});
afterEach(async () => {
  for (const peer of peers) peer.kill();
  await removeTemp(root);
});

async function startPeer(lock?: { waitMs?: number; staleMs?: number }): Promise<Peer> {
  const peer = await Peer.start(dir, PASS, lock);
  peers.push(peer);
  return peer;
}

async function openApp(extra: Partial<VaultOptions> = {}): Promise<Vault> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT, ...extra });
  await vault.unlock(PASS);
  return vault;
}

/** What a fresh process finds on disk: account names and tokens, by id. */
async function onDisk(passphrase = PASS): Promise<Record<string, { name: string; token: string | null }>> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  await vault.unlock(passphrase);
  const out: Record<string, { name: string; token: string | null }> = {};
  for (const account of vault.list()) out[account.id] = { name: account.name, token: vault.secrets(account.id).token };
  await vault.close();
  return out;
}

/** Writes vault.lock as another process would have left it. */
async function plantLock(holder: { pid: number; at: number }): Promise<void> {
  await writeFile(join(dir, 'vault.lock'), JSON.stringify({ ...holder, host: hostname(), nonce: 'planted' }), { mode: 0o600 });
}

/** The pid of a process that has already exited. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('close', () => resolve(child.pid!));
  });
}

describe('two processes on one vault', () => {
  it("keeps the CLI's new token and the app's unsaved change to another account", { timeout: 30_000 }, async () => {
    const app = await openApp();
    const cli = await startPeer({ staleMs: 200 });
    // A hung process holds the write lock, so the app's change to "b" waits unsaved in memory...
    await plantLock({ pid: process.ppid, at: Date.now() });
    const appSave = app.put(makeAccount('b', { name: 'B from the app' }), { fields: { password: 'pw-b' }, token: 'app-token-b' });
    // ...while the CLI (which gives up on hung locks sooner) takes the lock over and saves "a". (Once the
    // hung lock is gone the app may still win the race for the lock; the outcome must be the same.)
    expect(await cli.send({ op: 'put', id: 'a', name: 'A from the CLI', token: 'cli-token-a' })).toEqual({ ok: true, value: null });
    await appSave;

    expect(await onDisk()).toEqual({
      a: { name: 'A from the CLI', token: 'cli-token-a' },
      b: { name: 'B from the app', token: 'app-token-b' },
    });
    // The app's memory has the CLI's save too (merged by its own save, or by this check if it saved first).
    await app.checkExternalChanges();
    expect(app.get('a')?.name).toBe('A from the CLI');
    expect(app.secrets('a').token).toBe('cli-token-a');
    expect(await cli.stop()).toBe(0);
    await app.close();
    expect((await readdir(dir)).sort()).toEqual(['vault.json', 'vault.json.bak']);
  });

  it('loses none of 100 saves when two processes save 50 times each at once, and the file stays readable', { timeout: 60_000 }, async () => {
    const [one, two] = await Promise.all([startPeer(), startPeer()]);
    let reading = true;
    let reads = 0;
    const problems: string[] = [];
    const reader = (async () => {
      while (reading) {
        const parsed = parseDocument(await readFile(join(dir, 'vault.json'), 'utf8'), 'vault.json');
        if (!parsed.ok) problems.push(parsed.problem);
        reads += 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const replies = await Promise.all([one!.send({ op: 'burst', prefix: 'p1', count: 50 }), two!.send({ op: 'burst', prefix: 'p2', count: 50 })]);
    reading = false;
    await reader;

    expect(replies.every((reply) => reply.ok)).toBe(true);
    expect(problems).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    // Each peer's first save came after the other had saved: at least one merged the other's work.
    const merged = replies.map((reply) => (reply.ok ? (reply.value as { merged: number }).merged : 0));
    expect(Math.max(...merged)).toBeGreaterThan(0);
    expect(await Promise.all([one!.stop(), two!.stop()])).toEqual([0, 0]);

    const disk = await onDisk();
    for (const prefix of ['p1', 'p2']) {
      for (let k = 0; k < 50; k += 1) expect(disk[`${prefix}-${k}`]?.token, `${prefix}-${k}`).toBe(`${prefix}-${k}`);
      expect(disk[`${prefix}-counter`]?.token).toBe(`${prefix}-counter-49`);
    }
    expect(disk.a?.token).toBe('token-a-0');
    expect(Object.keys(disk)).toHaveLength(2 + 2 * 51);
  });

  it("keeps the other process's token when this one changes only the account's details", { timeout: 30_000 }, async () => {
    const app = await openApp();
    const cli = await startPeer();
    expect((await cli.send({ op: 'put', id: 'a', token: 'cli-token-a' })).ok).toBe(true);
    // The app renames "a" from its older copy; a put without secrets means "keep the stored secrets".
    await app.put(makeAccount('a', { name: 'Renamed in the app' }));
    expect(await cli.stop()).toBe(0);
    expect((await onDisk()).a).toEqual({ name: 'Renamed in the app', token: 'cli-token-a' });
    expect(app.secrets('a').token).toBe('cli-token-a');
  });

  it("merges by part: an edit made from an older copy keeps the other process's newer token and name", { timeout: 30_000 }, async () => {
    const app = await openApp();
    const cli = await startPeer();
    expect((await cli.send({ op: 'put', id: 'a', name: 'A from the CLI', token: 'cli-token-a' })).ok).toBe(true);
    // Like an edit form: the app's older copy of every field and secret, with only the environment changed.
    await app.put(makeAccount('a', { env: 'staging' }), { fields: { password: 'pw-a' }, token: 'token-a-0' });
    expect(await cli.stop()).toBe(0);

    const reopened = await openApp();
    expect(reopened.get('a')).toMatchObject({ name: 'A from the CLI', env: 'staging' });
    expect(reopened.secrets('a')).toEqual({ fields: { password: 'pw-a' }, token: 'cli-token-a' });
    expect(app.get('a')).toMatchObject({ name: 'A from the CLI', env: 'staging' });
  });

  it('does not undo a passphrase change made by the CLI: the app locks and asks for the new passphrase', { timeout: 30_000 }, async () => {
    const app = await openApp();
    const calls: Array<[string[], string[]]> = [];
    app.onExternalChange((changed, removed) => calls.push([changed, removed]));
    const cli = await startPeer();
    expect((await cli.send({ op: 'setPassphrase', next: 'new passphrase' })).ok).toBe(true);
    await app.checkExternalChanges();
    // The change rotated the data key: every account was sealed again, and the app can no longer read them.
    expect(new Set(calls.flatMap(([changed]) => changed))).toEqual(new Set(['a', 'b']));
    expect(app.info().state).toBe('locked');
    expect(app.info().notices.join(' ')).toMatch(/passphrase was changed.*Unlock it with its current passphrase/);
    expect((await failure(() => app.unlock(PASS))).code).toBe('locked');
    await app.unlock('new passphrase');
    await app.put(makeAccount('c'), { fields: {}, token: 'token-c' });
    expect(await cli.stop()).toBe(0);

    expect((await onDisk('new passphrase')).c?.token).toBe('token-c');
    const stale = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    expect((await failure(() => stale.unlock(PASS))).code).toBe('locked');
  });
});

describe('the write lock', () => {
  it('is taken over at once from a process that died holding it', async () => {
    await plantLock({ pid: await deadPid(), at: Date.now() });
    const app = await openApp({ lock: { waitMs: 2_000 } }); // far below the 30 s after which any lock is abandoned
    await app.put(makeAccount('c'), { fields: {}, token: 'token-c' });
    expect((await onDisk()).c?.token).toBe('token-c');
    expect((await readdir(dir)).sort()).toEqual(['vault.json', 'vault.json.bak']);
  });

  it('is taken over when left empty by a process killed while creating it', async () => {
    await writeFile(join(dir, 'vault.lock'), '', { mode: 0o600 });
    const past = new Date(Date.now() - 10_000);
    await utimes(join(dir, 'vault.lock'), past, past);
    const app = await openApp({ lock: { waitMs: 2_000 } });
    await app.put(makeAccount('c'));
    expect(Object.keys(await onDisk()).sort()).toEqual(['a', 'b', 'c']);
  });

  it('is taken over from a live process that has held it longer than the stale limit', async () => {
    await plantLock({ pid: process.ppid, at: Date.now() - 60_000 });
    const app = await openApp({ lock: { waitMs: 2_000 } });
    await app.put(makeAccount('c'));
    expect(Object.keys(await onDisk()).sort()).toEqual(['a', 'b', 'c']);
  });

  it('held by a live process, fails the save with `locked` and what to do, and the change is saved later', async () => {
    await plantLock({ pid: process.ppid, at: Date.now() });
    const app = await openApp({ lock: { waitMs: 300 } });
    const error = await failure(() => app.put(makeAccount('c', { name: 'Waiting' })));
    expect(error.code).toBe('locked');
    expect(error.message).toContain(`pid ${process.ppid}`);
    expect(error.message).toMatch(/busy.*not saved yet.*Try again/);
    expect(app.get('c')?.name).toBe('Waiting'); // memory keeps it
    expect(Object.keys(await onDisk())).not.toContain('c');

    await rm(join(dir, 'vault.lock'));
    await app.flush();
    expect((await onDisk()).c?.name).toBe('Waiting');
  });
});

describe('changes saved by another process', () => {
  it('are loaded by checkExternalChanges, which names the changed and removed accounts', { timeout: 30_000 }, async () => {
    const app = await openApp();
    const calls: Array<[string[], string[]]> = [];
    app.onExternalChange((changed, removed) => calls.push([changed, removed]));
    const cli = await startPeer();
    for (const command of [
      { op: 'put', id: 'a', token: 'cli-token-a' },
      { op: 'put', id: 'c', token: 'cli-token-c' },
      { op: 'remove', id: 'b' },
    ] as const) {
      expect((await cli.send(command)).ok).toBe(true);
    }
    await app.checkExternalChanges();

    // The folder watcher may have reported part of it already; together the calls name every change.
    expect(new Set(calls.flatMap(([changed]) => changed))).toEqual(new Set(['a', 'c']));
    expect(calls.flatMap(([, removed]) => removed)).toEqual(['b']);
    expect(app.list().map((account) => account.id).sort()).toEqual(['a', 'c']);
    expect(app.secrets('a').token).toBe('cli-token-a');
    expect(app.secrets('c').token).toBe('cli-token-c');

    const before = calls.length;
    await app.checkExternalChanges(); // nothing new: no call
    expect(calls.length).toBe(before);
    expect(await cli.stop()).toBe(0);
    await app.close();
  });

  it('are noticed without being asked, by watching the data folder', { timeout: 30_000 }, async () => {
    const app = await openApp();
    const changed: string[] = [];
    const stop = app.onExternalChange((ids) => changed.push(...ids));
    const cli = await startPeer();
    expect((await cli.send({ op: 'put', id: 'a', token: 'cli-token-a' })).ok).toBe(true);
    await vi.waitFor(() => expect(changed).toContain('a'), { timeout: 10_000, interval: 50 });
    expect(app.secrets('a').token).toBe('cli-token-a');
    stop();
    expect(await cli.stop()).toBe(0);
    await app.close();
  });
});

describe('vaults created or replaced by another process', () => {
  it('refuses to create a second vault over one created meanwhile, and shows that one instead', async () => {
    await rm(dir, { recursive: true });
    const first = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    const second = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await first.create({ passphrase: 'first' });
    await first.put(makeAccount('kept'));

    const error = await failure(() => second.create({ passphrase: 'second' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/created a vault .* meanwhile.*Unlock that vault/);
    expect(second.info().state).toBe('locked');
    await second.unlock('first');
    expect(second.list().map((account) => account.id)).toEqual(['kept']);
  });

  it('picks up, locked, a vault created elsewhere while this process had none', async () => {
    await rm(dir, { recursive: true });
    const waiting = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    const calls: Array<[string[], string[]]> = [];
    waiting.onExternalChange((changed, removed) => calls.push([changed, removed]));
    const cli = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await cli.create({ passphrase: 'made by the cli' });
    await cli.put(makeAccount('new'));
    await cli.close();

    await waiting.checkExternalChanges();
    expect(waiting.info().state).toBe('locked');
    expect(new Set(calls.flatMap(([changed]) => changed))).toEqual(new Set(['new']));
    await waiting.unlock('made by the cli');
    await waiting.put(makeAccount('second'));
    await waiting.close();
    expect(Object.keys(await onDisk('made by the cli')).sort()).toEqual(['new', 'second']);
  });

  it('does not save over a vault file replaced by a different vault: it locks and shows that one', async () => {
    const app = await openApp();
    await rm(dir, { recursive: true });
    const other = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
    await other.create({ passphrase: 'other vault' });
    await other.close();

    const error = await failure(() => app.put(makeAccount('c')));
    expect(error.code).toBe('locked');
    expect(error.message).toMatch(/under another key.*did not save over it/);
    expect(await onDisk('other vault')).toEqual({});
    expect(app.info().state).toBe('locked');
    expect(app.list()).toEqual([]);
  });
});
