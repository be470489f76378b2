import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'exec test passphrase';
const CLI = ['--import', 'tsx', 'electron/cli/index.ts'];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let sud: SudServer;

function cliEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' };
}

/** Runs `tokendesk args` as a real process; `input` is written to its stdin. */
function cli(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...CLI, ...args], { cwd: ROOT, env: cliEnv(), timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, signal: child.signalCode, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

/** A node one-liner run as the child command. */
const node = (script: string): string[] => ['--', process.execPath, '-e', script];
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
/** The child prints a digest of the variable, never the token itself. */
const digestOf = (variable: string): string =>
  `const v = process.env.${variable}; console.log(v ? require('crypto').createHash('sha256').update(v).digest('hex') : 'unset')`;

async function tokenOf(id: string): Promise<string> {
  const run = await cli(['token', id]);
  expect(run.code).toBe(0);
  return run.stdout.trim();
}

let id = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-exec-'));
  sud = await startSudServer();
  expect((await cli(['init'])).code).toBe(0);
  const added = await cli(['--json', 'add', 'sud', '--name', 'SUD exec', '--env', 'test', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]);
  id = (JSON.parse(added.stdout) as { id: string }).id;
}, 120_000);

afterAll(async () => {
  await sud.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tokendesk exec', { timeout: 120_000 }, () => {
  it('gets a token for a never-refreshed account, hands it to the command, and prints nothing of it', async () => {
    const run = await cli(['exec', '--env', `API_TOKEN=${id}`, ...node(digestOf('API_TOKEN'))]);
    expect(run.code).toBe(0);
    const token = await tokenOf(id);
    expect(run.stdout.trim()).toBe(sha(token));
    expect(run.stderr).not.toContain(token);
    const history = await readFile(path.join(dir, 'history.jsonl'), 'utf8');
    expect(history).toContain('get_sstoken');
    expect(history).not.toContain(token);
  });

  it('uses a valid token as it is, and renews it when it expires within --margin', async () => {
    const before = sud.state.requests.total;
    const kept = await cli(['exec', '--env', `API_TOKEN=${id}`, ...node('')]);
    expect(kept.code).toBe(0);
    expect(sud.state.requests.total).toBe(before);

    const old = await tokenOf(id);
    const renewed = await cli(['exec', '--margin', '3h', '--env', `API_TOKEN=${id}`, ...node(digestOf('API_TOKEN'))]);
    expect(renewed.code).toBe(0);
    expect(sud.state.requests.total).toBe(before + 1);
    const fresh = await tokenOf(id);
    expect(fresh).not.toBe(old);
    expect(renewed.stdout.trim()).toBe(sha(fresh));
  });

  it('--account names the variable as the env format does, and the passphrase stays out of the command', async () => {
    const script = `${digestOf('TOKENDESK_SUD_EXEC_TOKEN')}; console.log(process.env.TOKENDESK_PASSPHRASE ?? 'no passphrase')`;
    const run = await cli(['exec', '--account', 'SUD exec', ...node(script)]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([sha(await tokenOf(id)), 'no passphrase']);
  });

  it('passes stdin, stdout and stderr through and arguments as they are, --json included', async () => {
    const script = `let s = ''; process.stdin.on('data', (d) => (s += d)).on('end', () => { console.log(s.toUpperCase(), process.argv.slice(1).join('|')); console.error('to stderr'); })`;
    const run = await cli(['exec', '--env', `T=${id}`, '--', process.execPath, '-e', script, '--', '--json', 'a b'], 'hello');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('HELLO --json|a b\n');
    expect(run.stderr).toBe('to stderr\n');
  });

  it("exits with the command's status, and 128+n when a signal ended it", async () => {
    expect((await cli(['exec', '--env', `T=${id}`, ...node('process.exit(7)')])).code).toBe(7);
    expect((await cli(['exec', '--env', `T=${id}`, ...node("process.kill(process.pid, 'SIGTERM')")])).code).toBe(143);
    const missing = await cli(['exec', '--env', `T=${id}`, '--', 'no-such-command-tokendesk']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('Command not found: no-such-command-tokendesk');
  });

  it('forwards a stop signal to the command and exits as the command does', async () => {
    const script = "process.on('SIGTERM', () => { console.log('child stopped cleanly'); process.exit(3); }); console.log('ready'); setInterval(() => {}, 1000);";
    const child = spawn(process.execPath, [...CLI, 'exec', '--env', `T=${id}`, ...node(script)], { cwd: ROOT, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('ready')) resolve();
      }),
    );
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stdout).toContain('child stopped cleanly');
    expect(code).toBe(3);
  });

  it('does not run the command when a refresh fails, and exits 1 with the provider error', async () => {
    sud.failNext({ ret_code: 1, sdk_error_code: 1005, ret_msg: 'code expired' });
    sud.failNext({ ret_code: 1, sdk_error_code: 1005, ret_msg: 'code expired' });
    const run = await cli(['exec', '--margin', '3h', '--env', `T=${id}`, ...node("console.log('ran')")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('was not run');
  });

  it('refuses a bad --env, no account, or --json, as usage errors', async () => {
    expect((await cli(['exec', '--env', `1BAD=${id}`, ...node('')])).code).toBe(2);
    expect((await cli(['exec', ...node('')])).code).toBe(2);
    expect((await cli(['--json', 'exec', '--env', `T=${id}`, ...node('')])).code).toBe(2);
    const unknown = await cli(['exec', '--env', 'T=nobody', ...node('')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No account "nobody"');
  });

  it('--help says the installed app cannot pass NODE_OPTIONS or NODE_EXTRA_CA_CERTS on, and how to set them', async () => {
    const help = await cli(['exec', '--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('cannot pass on NODE_OPTIONS or NODE_EXTRA_CA_CERTS');
    expect(text).toContain('-- env NODE_OPTIONS=');
  });
});
