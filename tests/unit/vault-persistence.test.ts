import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import type { Vault, VaultOptions } from '../../electron/core/vault/types';
import { makeAccount, makeTempDir, readVaultJson, removeTemp, writeVaultJson } from '../fixtures/vault-helpers';
import { tokenDeskErrorOf as failure } from './helpers/token-desk-error';

const PASS = 'test passphrase';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await makeTempDir();
  dir = join(root, 'data');
});
afterEach(async () => {
  await removeTemp(root);
});

function open(extra: Partial<VaultOptions> = {}): Promise<Vault> {
  return openVault({ dir, scrypt: FAST_TEST_SCRYPT, ...extra });
}

async function created(extra: Partial<VaultOptions> = {}): Promise<Vault> {
  const vault = await open(extra);
  await vault.create({ passphrase: PASS });
  return vault;
}

async function names(): Promise<string[]> {
  return (await readdir(dir)).sort();
}

describe('files on disk', () => {
  it('creates the folder 0700 and every file 0600, whatever the umask', async () => {
    const previous = process.umask(0o000);
    try {
      const vault = await created();
      await vault.put(makeAccount('a'), { fields: { password: 's' }, token: 't' });
      await vault.close();
    } finally {
      process.umask(previous);
    }
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await names()).toEqual(['vault.json', 'vault.json.bak']);
    for (const name of await names()) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
  });

  it('keeps the previous version as the backup', async () => {
    const vault = await created();
    await vault.put(makeAccount('a', { name: 'first' }));
    await vault.put(makeAccount('a', { name: 'second' }));
    expect((await readVaultJson(dir)).accounts.a?.name).toBe('second');
    expect((await readVaultJson(dir, 'vault.json.bak')).accounts.a?.name).toBe('first');
  });
});

describe('a damaged vault file', () => {
  const damages: Array<[string, (text: string) => string]> = [
    ['garbage', () => '\u0000\u0013garbage \u00ff not json'],
    ['truncated to half', (text) => text.slice(0, Math.floor(text.length / 2))],
    ['valid JSON of the wrong shape', () => JSON.stringify({ format: 'tokendesk-vault', version: 1, accounts: [1, 2] })],
  ];
  for (const [label, damage] of damages) {
    it(`(${label}) is quarantined and the last good copy loaded, with a notice`, async () => {
      const vault = await created();
      await vault.put(makeAccount('kept'), { fields: { password: 'kept-secret' }, token: 'kept-token' });
      await vault.put(makeAccount('newest'));
      await vault.close();
      const damaged = damage(await readFile(join(dir, 'vault.json'), 'utf8'));
      await writeFile(join(dir, 'vault.json'), damaged);

      const reopened = await open();
      const notice = reopened.info().notices.join(' ');
      expect(notice).toMatch(/vault\.json was damaged.*moved to vault\.json\.corrupt-[0-9T.Z-]+, and the last good copy from \d{4}-.* was loaded/);
      const corrupt = (await names()).filter((name) => name.startsWith('vault.json.corrupt-'));
      expect(corrupt).toHaveLength(1);
      expect(corrupt[0]).not.toContain(':');
      expect(await readFile(join(dir, corrupt[0]!), 'utf8')).toBe(damaged);
      // The backup predates the last put: "kept" is back, "newest" is the change that was lost.
      expect(reopened.list().map((a) => a.id)).toEqual(['kept']);
      await reopened.unlock(PASS);
      expect(reopened.secrets('kept').token).toBe('kept-token');
      // The restored copy is vault.json again at once, so a crash now cannot look like "no vault".
      expect((await readVaultJson(dir)).accounts.kept).toBeDefined();
    });
  }

  it('when the backup is damaged too, both are set aside and opening fails loudly, never empty', async () => {
    const vault = await created();
    await vault.put(makeAccount('a'));
    await vault.close();
    await writeFile(join(dir, 'vault.json'), '{"broken":');
    await writeFile(join(dir, 'vault.json.bak'), 'also broken');

    const error = await failure(() => open());
    expect(error.code).toBe('invalid_input');
    const aside = (await names()).filter((name) => name.includes('.corrupt-'));
    expect(aside).toHaveLength(2);
    for (const name of aside) expect(error.message).toContain(name);
    expect(await readFile(join(dir, aside.find((n) => n.startsWith('vault.json.bak'))!), 'utf8')).toBe('also broken');

    const next = await open();
    expect(next.info().state).toBe('uninitialized');
    expect(next.info().notices.join(' ')).toContain(aside[0]!);
  });

  it('is loaded from the backup when vault.json is missing but the backup is there', async () => {
    const vault = await created();
    await vault.put(makeAccount('a'));
    await vault.put(makeAccount('b'));
    await vault.close();
    await rm(join(dir, 'vault.json'));
    const reopened = await open();
    expect(reopened.info().state).toBe('locked');
    expect(reopened.info().notices.join(' ')).toContain('vault.json was missing');
    expect(reopened.list().map((a) => a.id)).toEqual(['a']);
  });

  it('from a newer TokenDesk is left untouched with a clear error', async () => {
    const vault = await created();
    await vault.close();
    const doc = await readVaultJson(dir);
    await writeVaultJson(dir, { ...doc, version: 2 });
    const error = await failure(() => open());
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/newer version of TokenDesk.*Update/);
    expect((await readVaultJson(dir)).version).toBe(2);
    expect((await names()).some((name) => name.includes('corrupt'))).toBe(false);
  });
});

describe('group commit', () => {
  it('writes 50 puts issued together in one write, and each resolves once on disk', async () => {
    const writes: number[] = [];
    const vault = await created({ onWrite: (bytes) => writes.push(bytes) });
    writes.length = 0;
    await Promise.all(Array.from({ length: 50 }, (_, i) => vault.put(makeAccount(`id-${i}`), { fields: { password: `p${i}` }, token: `t${i}` })));
    expect(writes).toHaveLength(1);
    expect(Object.keys((await readVaultJson(dir)).accounts)).toHaveLength(50);
  });

  it('lets changes that arrive during a write share the next write', async () => {
    let writes = 0;
    const vault = await created({ onWrite: () => (writes += 1) });
    writes = 0;
    const first = vault.put(makeAccount('first'));
    await new Promise((resolve) => setImmediate(resolve)); // the first write is now under way
    const rest = Array.from({ length: 10 }, (_, i) => vault.put(makeAccount(`late-${i}`)));
    await Promise.all([first, ...rest]);
    expect(writes).toBe(2);
    expect(Object.keys((await readVaultJson(dir)).accounts)).toHaveLength(11);
  });

  it('rejects the waiters of a failed write with a clear error and saves the change on the next write', async () => {
    const vault = await created();
    await rm(dir, { recursive: true }); // the folder vanished (unmounted drive, cleanup tool...)
    const error = await failure(() => vault.put(makeAccount('pending', { name: 'Pending' })));
    expect(error.code).toBe('internal');
    expect(error.message).toContain('could not save the vault');
    expect(vault.get('pending')?.name).toBe('Pending'); // memory stays the truth

    await mkdir(dir, { mode: 0o700 });
    await vault.flush();
    expect((await readVaultJson(dir)).accounts.pending?.name).toBe('Pending');
  });
});

describe('the last save before the process ends (saveNowSync)', () => {
  /** vault.json as it is on disk right now, read without yielding. */
  const onDiskNow = (): { accounts: Record<string, { name: string }> } => JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8'));

  it('writes a change not saved yet before it returns, without an event-loop turn; the file opens as usual', async () => {
    const vault = await created();
    const saved = vault.put(makeAccount('late', { name: 'Late' }), { fields: { password: 'p' }, token: 'late-token' });
    expect(onDiskNow().accounts.late).toBeUndefined(); // the group commit writes on a later turn
    expect(vault.saveNowSync()).toBe('saved');
    expect(onDiskNow().accounts.late?.name).toBe('Late');
    expect(vault.saveNowSync()).toBe('nothing');
    await saved;
    await vault.close();
    const again = await open();
    await again.unlock(PASS);
    expect(again.secrets('late').token).toBe('late-token');
    await again.close();
  });

  it("never overwrites another process's save it has not merged, nor takes a lock someone holds: it leaves the change", async () => {
    const vault = await created();
    const other = await open();
    await other.unlock(PASS);
    await other.put(makeAccount('theirs', { name: 'Theirs' }));
    void vault.put(makeAccount('mine', { name: 'Mine' })).catch(() => undefined);
    expect(vault.saveNowSync()).toBe('another TokenDesk process saved meanwhile');
    expect(onDiskNow().accounts.theirs?.name).toBe('Theirs');
    expect(onDiskNow().accounts.mine).toBeUndefined();
    await vault.flush(); // the ordinary save merges both
    expect(Object.keys(onDiskNow().accounts).sort()).toEqual(['mine', 'theirs']);

    await writeFile(join(dir, 'vault.lock'), JSON.stringify({ pid: process.pid + 1, host: 'elsewhere', at: Date.now(), nonce: 'n' }));
    void vault.put(makeAccount('later')).catch(() => undefined);
    expect(vault.saveNowSync()).toBe('another TokenDesk process was saving');
    expect(onDiskNow().accounts.later).toBeUndefined();
    await rm(join(dir, 'vault.lock'));
    await Promise.all([vault.close(), other.close()]);
  });
});

describe('accounts and settings', () => {
  it('keeps secrets on a metadata-only put; while locked only unsigned facts change (no new secrets, no new details)', async () => {
    const vault = await created();
    await vault.put(makeAccount('a'), { fields: { password: 'pw' }, token: 'tok' });
    vault.lock();
    await vault.put(makeAccount('a', { lastRefreshAt: 9 }));
    expect((await failure(() => vault.put(makeAccount('a', { name: 'Renamed' })))).code).toBe('locked');
    expect((await failure(() => vault.put(makeAccount('a'), { fields: {}, token: 'x' }))).code).toBe('locked');
    await vault.unlock(PASS);
    await vault.put(makeAccount('a', { name: 'Renamed', lastRefreshAt: 9 }));
    expect(vault.get('a')?.name).toBe('Renamed');
    expect(vault.get('a')?.lastRefreshAt).toBe(9);
    expect(vault.damage('a')).toBeNull();
    expect(vault.secrets('a')).toEqual({ fields: { password: 'pw' }, token: 'tok' });
  });

  it("stores a refresh's new token without touching the sealed secret fields, even one another process just changed", async () => {
    const app = await created();
    await app.put(makeAccount('a'), { fields: { password: 'pw' }, token: 'old' });
    const sealedBefore = (await readVaultJson(dir)).accounts.a?.secrets;
    await app.put(makeAccount('a', { lastRefreshAt: 1 }), { token: 'fresh' });
    expect((await readVaultJson(dir)).accounts.a?.secrets).toEqual(sealedBefore); // not even re-encrypted
    expect(app.secrets('a')).toEqual({ fields: { password: 'pw' }, token: 'fresh' });

    // The CLI changes the password while the app's next refresh is under way: both changes survive.
    const cli = await open();
    await cli.unlock(PASS);
    await cli.put(makeAccount('a'), { fields: { password: 'changed' }, token: 'fresh' });
    await cli.close();
    await app.put(makeAccount('a', { lastRefreshAt: 2 }), { token: 'newest' });
    await app.close();
    const reopened = await open();
    await reopened.unlock(PASS);
    expect(reopened.secrets('a')).toEqual({ fields: { password: 'changed' }, token: 'newest' });
  });

  it('hands out copies, validates accounts, and reports unknown ids', async () => {
    const vault = await created();
    await vault.put(makeAccount('a'));
    const copy = vault.get('a')!;
    copy.name = 'changed behind its back';
    copy.fields.username = 'x';
    expect(vault.get('a')?.name).toBe('Account a');
    expect(vault.list()[0]?.fields.username).toBe('user-a');

    const bad = { ...makeAccount('b'), provider: 'Not a provider!' } as unknown as ReturnType<typeof makeAccount>;
    expect((await failure(() => vault.put(bad))).code).toBe('invalid_input');
    expect((await failure(() => vault.put(makeAccount('')))).code).toBe('invalid_input');
    expect(vault.get('b')).toBeUndefined();
    expect((await failure(() => vault.remove('nope'))).code).toBe('not_found');
    expect((await failure(() => vault.secrets('nope'))).code).toBe('not_found');

    await vault.remove('a');
    await vault.close();
    expect((await open()).list()).toEqual([]);
  });

  it('refuses to store anything before a vault exists', async () => {
    const vault = await open();
    expect((await failure(() => vault.put(makeAccount('a')))).code).toBe('locked');
    expect((await failure(() => vault.unlock(PASS))).code).toBe('locked');
  });

  it('reads settings while locked, keeps pre-create settings, ignores invalid stored values', async () => {
    const vault = await open();
    expect(vault.settings().theme).toBe('system');
    expect((await vault.updateSettings({ theme: 'dark' })).theme).toBe('dark');
    await vault.create({ passphrase: PASS });
    await vault.updateSettings({ lockIdleMin: 5 });
    expect((await failure(() => vault.updateSettings({ httpTimeoutSec: -1 })))).toMatchObject({ code: 'invalid_input' });
    await vault.close();

    const doc = await readVaultJson(dir);
    expect(doc.settings).toMatchObject({ theme: 'dark', lockIdleMin: 5 });
    await writeVaultJson(dir, { ...doc, settings: { ...doc.settings, language: 'klingon', futureOption: true } });
    const locked = await open();
    expect(locked.info().state).toBe('locked');
    expect(locked.info().notices).toEqual([]);
    expect(locked.settings()).toMatchObject({ theme: 'dark', lockIdleMin: 5, language: 'system' });
  });
});

describe('account ids that name Object.prototype members', () => {
  /** A plain object used as a table finds these everywhere. */
  const ODD_IDS = ['__proto__', 'constructor', 'hasOwnProperty', 'toString'];

  async function unlocked(): Promise<Vault> {
    const vault = await open();
    await vault.unlock(PASS);
    return vault;
  }

  it('are stored, read back, and removed by another process like any other id', async () => {
    const first = await created();
    for (const id of [...ODD_IDS, 'plain']) await first.put(makeAccount(id), { fields: { password: `pw-${id}` }, token: `tok-${id}` });
    await first.close();

    const app = await unlocked();
    expect(app.list().map((a) => a.id).sort()).toEqual([...ODD_IDS, 'plain'].sort());
    expect(app.secrets('__proto__').token).toBe('tok-__proto__');

    // Another process removes two of them; the app takes that in instead of keeping (and saving back) its copies.
    const cli = await unlocked();
    await cli.remove('constructor');
    await cli.remove('__proto__');
    await cli.close();
    await app.checkExternalChanges();
    expect(app.list().map((a) => a.id).sort()).toEqual(['hasOwnProperty', 'plain', 'toString']);
    await app.close();
  });
});
