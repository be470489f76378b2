import { chmod, mkdir, rename, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { runCliIn } from '../fixtures/cli-in-process';
import { makeAccount, makeTempDir, readVaultJson, removeTemp, writeVaultJson } from '../fixtures/vault-helpers';
import { startOneAccessServer, type OneAccessServer } from '../servers';
import { tokenDeskErrorOf } from '../unit/helpers/token-desk-error';

const PASSPHRASE = 'files hardening passphrase';

let dir: string;

beforeEach(async () => {
  dir = await makeTempDir();
});

afterEach(async () => {
  await removeTemp(dir);
});

/** A vault with one account, created and closed. */
async function makeVault(): Promise<void> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  await vault.create({ passphrase: PASSPHRASE });
  await vault.put(makeAccount('a1'), { fields: { code: 'secret-code-1' }, token: null });
  await vault.close();
}

const mode = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('vault files on a disk someone else may write to', () => {
  it('refuses a vault.json that is a symbolic link, saying so, and reads nothing through it', async () => {
    await makeVault();
    const elsewhere = path.join(dir, 'elsewhere.json');
    await rename(path.join(dir, 'vault.json'), elsewhere);
    await symlink(elsewhere, path.join(dir, 'vault.json'));
    const error = await tokenDeskErrorOf(() => openVault({ dir }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('symbolic link');
    expect(error.message).toContain('vault.json');
  });

  it('refuses a vault.json.bak that is a symbolic link when it would be loaded', async () => {
    await makeVault();
    const elsewhere = path.join(dir, 'elsewhere.json');
    await rename(path.join(dir, 'vault.json'), elsewhere);
    await rename(path.join(dir, 'vault.json.bak'), path.join(dir, 'old.bak')).catch(() => undefined);
    await symlink(elsewhere, path.join(dir, 'vault.json.bak'));
    const error = await tokenDeskErrorOf(() => openVault({ dir }));
    expect(error.message).toContain('vault.json.bak is a symbolic link');
  });

  it('keeps vault.json.bak at mode 0600 even when vault.json was looser', async () => {
    await makeVault();
    await chmod(path.join(dir, 'vault.json'), 0o644);
    const vault = await openVault({ dir });
    await vault.unlock(PASSPHRASE);
    await vault.put(makeAccount('a2'), { fields: { code: 'secret-code-2' }, token: null });
    await vault.close();
    expect(await mode(path.join(dir, 'vault.json.bak'))).toBe(0o600);
    expect(await mode(path.join(dir, 'vault.json'))).toBe(0o600);
  });

  it('tightens a data folder that group or others may write to (0700)', async () => {
    const shared = path.join(dir, 'shared-data');
    await mkdir(shared);
    await chmod(shared, 0o777);
    const vault = await openVault({ dir: shared, scrypt: FAST_TEST_SCRYPT });
    await vault.close();
    expect(await mode(shared)).toBe(0o700);
  });

  it('leaves a private folder that is only readable by others as it is', async () => {
    const readable = path.join(dir, 'readable');
    await mkdir(readable);
    await chmod(readable, 0o755);
    await (await openVault({ dir: readable })).close();
    expect(await mode(readable)).toBe(0o755);
  });

  it('ignores settings named after Object members (constructor, toString) instead of crashing', async () => {
    await makeVault();
    const doc = await readVaultJson(dir);
    doc.settings = { constructor: 5, toString: 'x', hasOwnProperty: 1, valueOf: null, theme: 'dark' };
    await writeVaultJson(dir, doc);
    const core = await openCore({ dataDir: dir });
    expect(core.settings().theme).toBe('dark');
    expect(core.list().map((a) => a.id)).toEqual(['a1']);
    await core.unlock(PASSPHRASE);
    await core.updateSettings({ language: 'en' });
    expect((await readVaultJson(dir)).settings).toMatchObject({ language: 'en', theme: 'dark' });
    await core.close();
  });
});

describe('the CLI tells what opening the vault found', () => {
  it('prints the quarantine-and-restore notice on stderr, keeping --json stdout one document', async () => {
    await makeVault();
    // A second save, so vault.json.bak holds a whole earlier copy.
    const vault = await openVault({ dir });
    await vault.unlock(PASSPHRASE);
    await vault.put(makeAccount('a2'), { fields: {}, token: null });
    await vault.close();
    await writeFile(path.join(dir, 'vault.json'), '{ "format": "tokendesk-vault", "trunc');

    const captured = await runCliIn(dir, null, ['--json', 'list']);
    expect(captured.code).toBe(0);
    expect(JSON.parse(captured.stdout)).toHaveLength(1);
    expect(captured.stderr).toMatch(/notice: vault\.json was damaged .* moved to vault\.json\.corrupt-/);
    expect(captured.stderr).toContain('last good copy');
  });
});

describe('locking forgets cached provider credentials', { timeout: 30_000 }, () => {
  let server: OneAccessServer;

  beforeEach(async () => {
    server = await startOneAccessServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('a OneAccess access token cached before a lock is fetched again after unlocking', async () => {
    const core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
    await core.initialize(PASSPHRASE);
    const { id } = await core.create({
      provider: 'oneaccess',
      name: 'OneAccess',
      env: 'test',
      values: { baseUrl: server.url, clientId: 'oa-client', clientSecret: 'oa-client-secret', sessionToken: 'iJK-session-token-ITu', deviceFingerprint: 'fp-123456' },
    });
    expect((await core.refresh(id)).ok).toBe(true);
    expect((await core.refresh(id)).ok).toBe(true);
    expect(server.state.tokenFetches).toBe(1); // cached between refreshes while unlocked

    let hookRan = 0;
    core.onLock(() => (hookRan += 1));
    core.lock();
    expect(hookRan).toBe(1);
    await core.unlock(PASSPHRASE);
    expect((await core.refresh(id)).ok).toBe(true);
    expect(server.state.tokenFetches).toBe(2);
    await core.close();
  });
});

