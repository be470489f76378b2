import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXPORT_PASSPHRASE = 'bundle passphrase 42';

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

  it('an account on both sides keeps the newer copy unless --replace or --skip says otherwise', async () => {
    // `to` refreshed everything in the previous test, so its copies are newer than the bundle's.
    expect(actions(await ok(cli(to, ['--json', 'import', bundle])))).toEqual({ 'SUD moving': 'kept', 'SUD never refreshed': 'kept' });
    expect(actions(await ok(cli(to, ['--json', 'import', bundle, '--skip'])))).toEqual({ 'SUD moving': 'skipped', 'SUD never refreshed': 'skipped' });

    await ok(cli(from, ['refresh', sudId]));
    const newer = path.join(tmp, 'newer.tdbundle');
    await ok(cli(from, ['export', '--out', newer, sudId]));
    expect(actions(await ok(cli(to, ['--json', 'import', newer])))).toEqual({ 'SUD moving': 'replaced' });
    expect((await ok(cli(to, ['token', sudId]))).stdout).toBe((await ok(cli(from, ['token', sudId]))).stdout);

    expect(actions(await ok(cli(to, ['--json', 'import', bundle, '--replace'])))).toEqual({ 'SUD moving': 'replaced', 'SUD never refreshed': 'replaced' });
    const both = await cli(to, ['import', bundle, '--replace', '--skip']);
    expect(both.code).toBe(2);
  });
});
