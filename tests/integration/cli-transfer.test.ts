import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle, sealBundle } from '../../electron/core/transfer/bundle';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { SUD_GAME } from '../fixtures/custom-definitions';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXPORT_PASSPHRASE = 'bundle passphrase 42';
/** A time a forged bundle claims for its copies (the year 2999). */
const FAR_FUTURE = Date.UTC(2999, 0, 1);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let tmp: string;
let from: string;
let to: string;
let sud: SudServer;

/** Runs `tokendesk` on the vault in `dir` as a real process. */
function cli(dir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const fullEnv = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: `vault ${path.basename(dir)}`, TOKENDESK_EXPORT_PASSPHRASE: EXPORT_PASSPHRASE, NO_COLOR: '1', ...env };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, env: fullEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

const ok = async (run: Promise<Run>): Promise<Run> => {
  const done = await run;
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  return done;
};
const actions = (run: Run): Record<string, string> =>
  Object.fromEntries((JSON.parse(run.stdout) as Array<{ name: string; action: string }>).map((o) => [o.name, o.action]));

let codeValue = '';
let sudId = '';
let bundle = '';

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-transfer-'));
  from = path.join(tmp, 'laptop');
  to = path.join(tmp, 'desktop');
  sud = await startSudServer();
  await ok(cli(from, ['init']));
  await ok(cli(to, ['init']));
  codeValue = sud.issueCode();
  sudId = (JSON.parse((await ok(cli(from, ['--json', 'add', 'sud', '--name', 'SUD moving', '--set', `baseUrl=${sud.url}`, '--set', `code=${codeValue}`]))).stdout) as { id: string }).id;
  await ok(cli(from, ['refresh', sudId]));
  await ok(cli(from, ['add', 'sud', '--name', 'SUD never refreshed', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]));
  bundle = path.join(tmp, 'moving.tdbundle');
}, 120_000);

afterAll(async () => {
  await sud.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('tokendesk export and import', { timeout: 120_000 }, () => {
  it('export writes an owner-only bundle that shows no secret, and refuses to overwrite it', async () => {
    const run = await ok(cli(from, ['--json', 'export', '--out', bundle]));
    expect(JSON.parse(run.stdout)).toEqual({ file: bundle, count: 2 });
    expect((await stat(bundle)).mode & 0o777).toBe(0o600);
    const text = await readFile(bundle, 'utf8');
    const token = (await ok(cli(from, ['token', sudId]))).stdout.trim();
    for (const secret of [codeValue, token]) {
      for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')]) expect(text).not.toContain(form);
    }
    expect(text).not.toContain('SUD moving');
    const again = await cli(from, ['export', '--out', bundle]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
  });

  it('import into a fresh vault brings the accounts, their secrets and their tokens', async () => {
    const run = await ok(cli(to, ['--json', 'import', bundle]));
    expect(actions(run)).toEqual({ 'SUD moving': 'added', 'SUD never refreshed': 'added' });
    expect((await ok(cli(to, ['token', sudId]))).stdout).toBe((await ok(cli(from, ['token', sudId]))).stdout);
    // The imported code still works: the new vault can refresh on its own.
    await ok(cli(to, ['refresh', '--all']));
  });

  it('refuses a wrong passphrase or a changed byte and leaves the vault untouched', async () => {
    const before = await readFile(path.join(to, 'vault.json'), 'utf8');
    const wrong = await cli(to, ['import', bundle], { TOKENDESK_EXPORT_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('passphrase is wrong, or the file was changed');

    const original = JSON.parse(await readFile(bundle, 'utf8')) as { header: { kdf: { N: number } }; payload: string };
    const flipped = Buffer.from(original.payload, 'base64');
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    const tampered = path.join(tmp, 'tampered.tdbundle');
    await writeFile(tampered, JSON.stringify({ ...original, payload: flipped.toString('base64') }));
    expect((await cli(to, ['import', tampered])).stderr).toContain('the file was changed');
    await writeFile(tampered, JSON.stringify({ ...original, header: { ...original.header, kdf: { ...original.header.kdf, N: original.header.kdf.N * 2 } } }));
    expect((await cli(to, ['import', tampered])).code).toBe(1);
    await writeFile(tampered, '{"not":"a bundle"}');
    expect((await cli(to, ['import', tampered])).stderr).toContain('not a TokenDesk export bundle');
    expect(await readFile(path.join(to, 'vault.json'), 'utf8')).toBe(before);
  });

  it('an account on both sides keeps this vault\'s copy and says what differs; --replace takes just the one it names', async () => {
    // `to` refreshed everything in the previous test, so its tokens differ from the bundle's.
    const ours = (await ok(cli(to, ['token', sudId]))).stdout;
    const kept = await ok(cli(to, ['--json', 'import', bundle]));
    expect(actions(kept)).toEqual({ 'SUD moving': 'kept', 'SUD never refreshed': 'kept' });
    const moving = (JSON.parse(kept.stdout) as Array<{ id: string; differences: unknown[] }>).find((o) => o.id === sudId);
    expect(moving?.differences).toEqual([{ part: 'token', where: null, ours: null, theirs: null }]);
    expect((await ok(cli(to, ['token', sudId]))).stdout).toBe(ours);
    const text = await ok(cli(to, ['import', bundle]));
    expect(text.stdout).toContain("kept this vault's copy");
    expect(text.stdout).toContain('the token differs');
    expect(text.stdout).toContain(`tokendesk import ${bundle} --replace`);
    expect(text.stdout).not.toContain(ours.trim());

    const replaced = await ok(cli(to, ['--json', 'import', bundle, '--replace', sudId.slice(0, 8)]));
    expect(actions(replaced)).toEqual({ 'SUD moving': 'replaced', 'SUD never refreshed': 'kept' });
    expect((await ok(cli(to, ['token', sudId]))).stdout).toBe((await ok(cli(from, ['token', sudId]))).stdout);
    // Named by its name, as every command takes an account.
    expect(actions(await ok(cli(to, ['--json', 'import', bundle, '--replace', 'sud never refreshed'])))).toEqual({ 'SUD moving': 'unchanged', 'SUD never refreshed': 'replaced' });
  });

  it('a bare --replace is a usage error that says how to name an item, and --replace of nothing in the bundle imports nothing', async () => {
    const before = await readFile(path.join(to, 'vault.json'), 'utf8');
    const bare = await cli(to, ['import', bundle, '--replace']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--replace needs the item to take from the bundle');
    expect(bare.stderr).toContain('--replace 3f2a9c1e');
    const unknown = await cli(to, ['import', bundle, '--replace', 'SUD moved']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No item "SUD moved". Close:');
    expect(unknown.stderr).toContain('"SUD moving"');
    expect(await readFile(path.join(to, 'vault.json'), 'utf8')).toBe(before);
  });

  it('a bundle whose account carries a far-future time does not overwrite the account here', async () => {
    const evil = await startSudServer();
    try {
      const payload = await openBundle(await readFile(bundle, 'utf8'), EXPORT_PASSPHRASE);
      const entry = payload.accounts.find((a) => a.account.id === sudId);
      if (!entry) throw new Error('the bundle lacks the account');
      Object.assign(entry.account, { fields: { ...entry.account.fields, baseUrl: evil.url }, updatedAt: FAR_FUTURE, lastRefreshAt: FAR_FUTURE, expiresAt: FAR_FUTURE });
      entry.secrets.token = 'forged-token-canary';
      const forged = path.join(tmp, 'far-future-account.tdbundle');
      await writeFile(forged, await sealBundle({ ...payload, exportedAt: FAR_FUTURE, accounts: [entry] }, EXPORT_PASSPHRASE, FAST_TEST_SCRYPT));

      const ours = (await ok(cli(to, ['token', sudId]))).stdout;
      const run = await ok(cli(to, ['import', forged]));
      // The account is as it was: same token, and its next refresh goes to its own server.
      expect((await ok(cli(to, ['token', sudId]))).stdout).toBe(ours);
      const before = sud.state.requests.total;
      await ok(cli(to, ['refresh', sudId]));
      expect(evil.state.requests.total).toBe(0);
      expect(sud.state.requests.total).toBeGreaterThan(before);
      // The report says what differs, without the bundle's secret.
      expect(run.stdout).toContain(`address baseUrl: ${sud.url} here, ${evil.url} in the bundle`);
      expect(run.stdout).toContain('the token differs');
      expect(run.stdout).not.toContain('forged-token-canary');
    } finally {
      await evil.close();
    }
  });

  it('a bundle cannot take over a custom provider: with a far-future time it is kept out, and this vault\'s accounts keep their server', async () => {
    const definitionFile = path.join(tmp, 'my-game.json');
    await writeFile(definitionFile, JSON.stringify(SUD_GAME));
    expect((await cli(to, ['provider', 'add', '--file', definitionFile])).code).toBe(0);
    // A canary: an account of that provider only this vault has.
    const canary = (JSON.parse((await ok(cli(to, ['--json', 'add', 'my-game', '--name', 'Canary', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]))).stdout) as { id: string }).id;
    await ok(cli(to, ['refresh', canary]));
    const evil = await startSudServer();
    try {
      const takeover = {
        ...SUD_GAME,
        request: { url: `${evil.url}/get_sstoken`, json: { code: '{{code}}' } },
        refresh: { url: `${evil.url}/update_sstoken`, json: { ss_token: '{{token}}' } },
      };
      const forged = path.join(tmp, 'far-future-definition.tdbundle');
      await writeFile(forged, await sealBundle({ exportedAt: FAR_FUTURE, accounts: [], customProviders: [{ definition: takeover, updatedAt: FAR_FUTURE }] }, EXPORT_PASSPHRASE, FAST_TEST_SCRYPT));

      const run = await ok(cli(to, ['import', forged]));
      // The canary still refreshes against its own server; the bundle's server hears nothing.
      const before = sud.state.requests.total;
      const refreshed = JSON.parse((await ok(cli(to, ['--json', 'refresh', canary]))).stdout) as Array<{ ok: boolean }>;
      expect(evil.state.requests.total).toBe(0);
      expect(refreshed).toEqual([expect.objectContaining({ ok: true })]);
      expect(sud.state.requests.total).toBeGreaterThan(before);
      expect(JSON.parse((await ok(cli(to, ['--json', 'provider', 'show', 'my-game']))).stdout)).toMatchObject({ request: { url: '{{baseUrl}}/get_sstoken' } });
      // The report says where the bundle's copy would send requests, and how to take it.
      expect(run.stdout).toContain(`token request goes to: the account's baseUrl here, ${evil.url} in the bundle`);
      expect(run.stdout).toContain(`refresh request goes to: the account's baseUrl here, ${evil.url} in the bundle`);
      expect(run.stdout).toContain('--replace my-game');

      // Named, the person takes it (and then it is theirs to use).
      const taken = await ok(cli(to, ['--json', 'import', forged, '--replace', 'my-game']));
      expect(JSON.parse(taken.stdout)).toEqual([expect.objectContaining({ kind: 'provider', id: 'my-game', action: 'replaced' })]);
      // This vault's account of it now goes elsewhere: its stored code did not follow, and it says so.
      expect((await ok(cli(to, ['show', canary]))).stdout).toContain(`now sends the requests of "Canary" to ${evil.url}, so its stored secrets were not kept. Type code again.`);
    } finally {
      await evil.close();
    }
  });
});
