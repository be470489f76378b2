import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'cli test passphrase';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let sud: SudServer;

/** Runs the CLI as a real process, stdin not a terminal, with the data dir and passphrase in the environment. */
function cli(args: string[], env: Record<string, string | undefined> = {}, entry: 'src' | 'bin' = 'src'): Promise<Run> {
  const argv = entry === 'bin' ? ['electron/cli/bin.js', ...args] : ['--import', 'tsx', 'electron/cli/index.ts', ...args];
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete fullEnv[k];
    else fullEnv[k] = v;
  }
  return new Promise((resolve) => {
    const child = execFile(process.execPath, argv, { cwd: ROOT, env: fullEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end();
  });
}

const json = (run: Run): unknown => JSON.parse(run.stdout) as unknown;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-cli-'));
  sud = await startSudServer();
});

afterAll(async () => {
  await sud.close();
  await rm(dir, { recursive: true, force: true });
});

// Each step starts real processes; on a loaded machine that takes seconds, not milliseconds.
describe('tokendesk, from init to a usable token', { timeout: 120_000 }, () => {
  let id = '';
  let codeValue = '';
  const code = (): string => codeValue;
  const tokens: string[] = [];

  it('init creates the vault and refuses to run twice', async () => {
    const first = await cli(['--json', 'init']);
    expect(first.code).toBe(0);
    expect(json(first)).toEqual({ dataDir: dir, state: 'unlocked', passphraseSet: true });
    const again = await cli(['init']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(again.stdout).toBe('');
  });

  it('add stores an account and prints it without secrets', async () => {
    codeValue = sud.issueCode();
    const added = await cli(['--json', 'add', 'sud', '--name', 'SUD test', '--env', 'test', '--set', `baseUrl=${sud.url}`, '--set', `code=${code()}`]);
    expect(added.code).toBe(0);
    const account = json(added) as { id: string; status: string };
    expect(account.status).toBe('never');
    id = account.id;
    expect(added.stdout).not.toContain(code());
  });

  it('refresh gets a token the server accepts, and token prints it', async () => {
    const refreshed = await cli(['--json', 'refresh', id]);
    expect(refreshed.code).toBe(0);
    const [result] = json(refreshed) as Array<{ id: string; ok: boolean; expiresAt: string; error: unknown }>;
    expect(result).toEqual({ id, ok: true, expiresAt: expect.stringMatching(ISO), error: null });

    const printed = await cli(['token', id.slice(0, 8)]);
    expect(printed.code).toBe(0);
    const token = printed.stdout.trim();
    tokens.push(token);
    expect(sud.isLive(token)).toBe(true);
    expect(refreshed.stdout).not.toContain(token);

    const header = await cli(['token', 'SUD test', '--format', 'header']);
    expect(header.stdout).toBe(`Authorization: Bearer ${token}\n`);
    const asJson = json(await cli(['--json', 'token', id])) as { token: string; expiresAt: string };
    expect(asJson).toMatchObject({ token, expiresAt: result?.expiresAt });
  });

  it('list --json prints the documented account shape, and nothing secret', async () => {
    const listed = await cli(['--json', 'list'], { TOKENDESK_PASSPHRASE: undefined });
    expect(listed.code).toBe(0);
    const accounts = json(listed) as Array<Record<string, unknown>>;
    expect(accounts).toHaveLength(1);
    const [account] = accounts;
    expect(Object.keys(account ?? {}).sort()).toEqual(
      ['id', 'name', 'provider', 'env', 'status', 'expiresAt', 'issuedAt', 'lastRefreshAt', 'lastError', 'extras', 'damage', 'autoRefresh'].sort(),
    );
    expect(account).toMatchObject({ id, name: 'SUD test', provider: 'sud', env: 'test', status: 'valid', lastError: null });
    for (const key of ['expiresAt', 'issuedAt', 'lastRefreshAt']) expect(account?.[key]).toMatch(ISO);

    const human = await cli(['list'], { TOKENDESK_PASSPHRASE: undefined });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^ID\s+NAME\s+PROVIDER\s+ENV\s+STATUS\s+EXPIRES/);
    expect(human.stdout).toMatch(/SUD test\s+sud\s+test\s+valid\s+in 1h 59m/);
    for (const out of [listed.stdout, human.stdout]) {
      expect(out).not.toContain(code());
      for (const token of tokens) expect(out).not.toContain(token);
    }
  });

  it('show masks secrets, with or without the passphrase', async () => {
    const unlocked = await cli(['show', id]);
    const locked = await cli(['show', id], { TOKENDESK_PASSPHRASE: undefined });
    const asJson = await cli(['--json', 'show', id]);
    expect(unlocked.code).toBe(0);
    expect(locked.code).toBe(0);
    expect(unlocked.stdout).toMatch(/code\s+\S{4}…\S{4} \(\d+ chars\)/);
    expect(unlocked.stdout).toMatch(new RegExp(`baseUrl +${sud.url.replace(/[.]/g, '\\.')}\n`));
    expect(locked.stdout).toContain('give the passphrase');
    // The provider's presentation (shared/presentation/sud.ts), as the details pane shows it.
    expect(unlocked.stdout).toMatch(/SUD user:\n\s+Nickname\s+萌萌\n\s+User ID\s+\d+\n\s+Gender\s+Female\n\s+Robot\s+No\n\s+Avatar\s+https:\/\/avatar\.example\//);
    expect((json(asJson) as { fields: unknown }).fields).toEqual({ baseUrl: sud.url });
    for (const out of [unlocked.stdout, locked.stdout, asJson.stdout]) {
      expect(out).not.toContain(code());
      for (const token of tokens) expect(out).not.toContain(token);
    }
  });

  it('a failed refresh exits 1 with the error, and the old token stays', async () => {
    sud.failNext({ sdk_error_code: 9999, ret_msg: 'backend busy' });
    const failed = await cli(['--json', 'refresh', id]);
    expect(failed.code).toBe(1);
    const [result] = json(failed) as Array<{ ok: boolean; error: { code: string; message: string; provider?: { code: string } } }>;
    expect(result?.ok).toBe(false);
    expect(result?.error.code).toBe('provider_rejected');
    expect(result?.error.provider?.code).toBeTypeOf('string');
    expect((await cli(['token', id])).stdout.trim()).toBe(tokens[0]);

    const human = await cli(['refresh', id]);
    expect(human.code).toBe(0); // the server answers again
    tokens.push((await cli(['token', id])).stdout.trim());
  });

  it('one failure among several refreshes makes the exit status 1', async () => {
    const down = await cli(['--json', 'add', 'sud', '--name', 'down', '--set', 'baseUrl=http://127.0.0.1:9', '--set', 'code=abc']);
    const downId = (json(down) as { id: string }).id;
    const both = await cli(['--json', 'refresh', '--all']);
    expect(both.code).toBe(1);
    const results = json(both) as Array<{ id: string; ok: boolean; error: { code: string } | null }>;
    expect(results.map((r) => [r.id, r.ok]).sort()).toEqual([[id, true], [downId, false]].sort());
    expect(results.find((r) => r.id === downId)?.error?.code).toBe('network');
    const skipped = await cli(['--json', 'refresh', '--all', '--if-expiring-within', '10m']);
    expect((json(skipped) as Array<{ id: string }>).map((r) => r.id)).toEqual([downId]);
    expect((await cli(['--json', 'remove', 'down'])).code).toBe(0);
  });

  it('history lists the exchanges without secrets', async () => {
    const history = await cli(['--json', 'history', id, '--limit', '3'], { TOKENDESK_PASSPHRASE: undefined });
    expect(history.code).toBe(0);
    const entries = json(history) as Array<{ at: string; operation: string; outcome: string; trigger: string }>;
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ operation: 'update_sstoken', outcome: 'ok', trigger: 'cli', at: expect.stringMatching(ISO) });
    const raw = await readFile(path.join(dir, 'history.jsonl'), 'utf8');
    for (const secret of [code(), PASSPHRASE, ...tokens]) {
      expect(raw).not.toContain(secret);
      expect(history.stdout).not.toContain(secret);
    }
  });

  it('edit keeps the code when it is not given, and the bin launcher runs the same CLI', async () => {
    const edited = await cli(['--json', 'edit', id, '--name', 'SUD renamed'], {}, 'bin');
    expect(edited.code).toBe(0);
    expect(json(edited)).toMatchObject({ id, name: 'SUD renamed' });
    sud.expireTokens(); // forces the next refresh back to the stored code
    expect((await cli(['refresh', id], {}, 'bin')).code).toBe(0);
  });

  it('a command that sends no request says nothing about the CA files (the HTTP client is built at the first request)', async () => {
    const missing = path.join(dir, 'no-such-ca.pem');
    const listed = await cli(['list'], { TOKENDESK_EXTRA_CA_CERTS: missing });
    expect(listed.code).toBe(0);
    expect(listed.stderr).not.toContain('TOKENDESK_EXTRA_CA_CERTS');
    // A refresh sends one: then the unreadable file is reported, as before.
    const refreshed = await cli(['refresh', id], { TOKENDESK_EXTRA_CA_CERTS: missing });
    expect(refreshed.stderr).toContain(`TOKENDESK_EXTRA_CA_CERTS names ${missing}, which could not be read`);
  });
});

describe('tokendesk errors', { timeout: 120_000 }, () => {
  it('needs the passphrase for secrets, and says how to give it', async () => {
    const noPass = await cli(['--json', 'token', 'SUD renamed'], { TOKENDESK_PASSPHRASE: undefined });
    expect(noPass.code).toBe(1);
    expect(json(noPass)).toEqual({ error: { code: 'locked', message: expect.stringContaining('TOKENDESK_PASSPHRASE') } });
    const wrong = await cli(['token', 'SUD renamed'], { TOKENDESK_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/^tokendesk: /);
    expect(wrong.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('reports an unknown account as a failed operation (exit 1)', async () => {
    const missing = await cli(['--json', 'show', 'no-such-account']);
    expect(missing.code).toBe(1);
    expect(json(missing)).toEqual({ error: { code: 'not_found', message: expect.stringContaining('tokendesk list') } });
  });

  it.each([
    [['frobnicate']],
    [['list', '--colour']],
    [['add']],
    [['add', 'sud']],
    [['add', 'nosuch', '--name', 'x']],
    [['add', 'sud', '--name', 'x', '--set', 'baseUrl']],
    [['add', 'sud', '--name', 'x', '--set', 'colour=red']],
    [['refresh']],
    [['refresh', '--all', '--if-expiring-within', 'soon']],
    [['history', '--limit', 'many']],
    [['token', 'x', '--format', 'yaml']],
    [['--timeout', '-3', 'list']],
  ])('exits 2 on the usage error %j, with one JSON error document', async (args) => {
    const run = await cli(['--json', ...args]);
    expect(run.code).toBe(2);
    expect(json(run)).toEqual({ error: { code: 'invalid_input', message: expect.any(String) } });
  });

  it('prints usage errors on stderr without --json', async () => {
    const run = await cli(['add', 'sud', '--name', 'x', '--set', 'colour=red']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Valid fields: baseUrl, code');
  });

  it('shows help with examples for every command', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['init', 'providers', 'add', 'edit', 'list', 'show', 'remove', 'refresh', 'token', 'history']) {
      expect(top.stdout).toContain(command);
    }
    const sub = await Promise.all(['add', 'refresh', 'token', 'history'].map((c) => cli([c, '--help'])));
    for (const run of sub) {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Examples:');
    }
  });
});
