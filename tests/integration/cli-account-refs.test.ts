import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundle, sealBundle } from '../../electron/core/transfer/bundle';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'refs test passphrase';
const EXPORT_PASSPHRASE = 'refs bundle passphrase';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let sud: SudServer;
/** The attacker's server: the account named like the victim's short id gets its token from here. */
let evil: SudServer;
let victim = '';
let attacker = '';

/** Runs `tokendesk args` as a real process. */
function cli(args: string[]): Promise<Run> {
  const env = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, TOKENDESK_EXPORT_PASSPHRASE: EXPORT_PASSPHRASE, NO_COLOR: '1' };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

async function ok(args: string[]): Promise<string> {
  const run = await cli(args);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

const idOf = (stdout: string): string => (JSON.parse(stdout) as { id: string }).id;
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const short = (id: string): string => id.slice(0, 8);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-refs-'));
  sud = await startSudServer();
  evil = await startSudServer();
  await ok(['init']);
  victim = idOf(await ok(['--json', 'add', 'sud', '--name', 'Victim', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]));
  attacker = idOf(await ok(['--json', 'add', 'sud', '--name', 'Attacker', '--set', `baseUrl=${evil.url}`, '--set', `code=${evil.issueCode()}`]));
  await ok(['refresh', victim, attacker]);
  // The attack: the second account carries the victim's short id as its name (as an import from an
  // older TokenDesk, or a vault written by one, could leave it). Stored through the vault, signed as usual.
  const vault = await openVault({ dir });
  await vault.unlock(PASSPHRASE);
  const record = vault.get(attacker);
  if (!record) throw new Error('no attacker account');
  await vault.put({ ...record, name: short(victim) });
  await vault.close();
}, 180_000);

afterAll(async () => {
  await sud.close();
  await evil.close();
  await rm(dir, { recursive: true, force: true });
});

describe('account references on the command line', { timeout: 120_000 }, () => {
  it("a name shaped like another account's short id never stands in for it: token, exec and edit act on the id's account", async () => {
    const victimToken = await ok(['token', victim]);
    const attackerToken = await ok(['token', attacker]);
    expect(victimToken).not.toBe(attackerToken);
    expect(await ok(['token', short(victim)])).toBe(victimToken);

    const digest = `const v = process.env.X; console.log(v ? require('crypto').createHash('sha256').update(v).digest('hex') : 'unset')`;
    const exec = await ok(['exec', '--env', `X=${short(victim)}`, '--', process.execPath, '-e', digest]);
    expect(exec.trim()).toBe(sha(victimToken.trim()));

    await ok(['edit', short(victim), '--env', 'edited']);
    const shown = JSON.parse(await ok(['--json', 'list'])) as Array<{ id: string; env: string }>;
    expect(shown.find((a) => a.id === victim)?.env).toBe('edited');
    expect(shown.find((a) => a.id === attacker)?.env).toBe('');
  });

  it('a name matches ignoring case when one account has it; names that differ only in case are ambiguous and listed', async () => {
    expect(await ok(['token', 'victim'])).toBe(await ok(['token', victim]));
    const first = idOf(await ok(['--json', 'add', 'sud', '--name', 'Shared', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]));
    const second = idOf(await ok(['--json', 'add', 'sud', '--name', 'shared', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]));
    const ambiguous = await cli(['refresh', 'shared']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain(`${short(first)} "Shared"`);
    expect(ambiguous.stderr).toContain(`${short(second)} "shared"`);
    expect(ambiguous.stderr).toContain('Use the id');
  });

  it('a reference that fits nothing lists close names', async () => {
    const miss = await cli(['token', 'Victm']);
    expect(miss.code).toBe(1);
    expect(miss.stderr).toContain('No account "Victm". Close:');
    expect(miss.stderr).toContain(`${short(victim)} "Victim"`);
  });

  it('add and edit refuse a name shaped like an id or id prefix, and say why; an old one stays until changed', async () => {
    const added = await cli(['add', 'sud', '--name', 'deadbeef', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]);
    expect(added.code).toBe(1);
    expect(added.stderr).toContain('looks like an account id');
    expect(added.stderr).toContain('"QA deadbeef"');
    const renamed = await cli(['edit', victim, '--name', short(attacker).toUpperCase()]);
    expect(renamed.code).toBe(1);
    expect(renamed.stderr).toContain('looks like an account id');
    // The attacker's old id-shaped name is kept while other things change.
    await ok(['edit', attacker, '--env', 'other']);
  });

  it('import refuses a bundle whose account is named like an id, and imports nothing', async () => {
    const file = path.join(dir, 'out.tdbundle');
    await ok(['export', '--out', file, victim]);
    const payload = await openBundle(await readFile(file, 'utf8'), EXPORT_PASSPHRASE);
    const [entry] = payload.accounts;
    if (!entry) throw new Error('empty bundle');
    Object.assign(entry.account, { id: randomUUID(), name: '0123abcd' });
    await writeFile(file, await sealBundle(payload, EXPORT_PASSPHRASE, FAST_TEST_SCRYPT));
    const before = await readFile(path.join(dir, 'vault.json'), 'utf8');
    const run = await cli(['import', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"0123abcd"');
    expect(run.stderr).toContain('looks like an account id');
    expect(run.stderr).toContain('nothing was imported');
    expect(await readFile(path.join(dir, 'vault.json'), 'utf8')).toBe(before);
  });
});
