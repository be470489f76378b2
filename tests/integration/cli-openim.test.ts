import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenImServer, type OpenImServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'cli openim passphrase';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let openim: OpenImServer;

/** Runs the CLI as a real process with the data dir and passphrase in the environment. */
function cli(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-cli-openim-'));
  openim = await startOpenImServer({ generation: 'v3.8.1' });
});

afterAll(async () => {
  await openim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tokendesk and an OpenIM 3.8.1+ server', { timeout: 120_000 }, () => {
  let id = '';

  it('adds an OpenIM account with auto-refresh off by default, and says nothing about kicks', async () => {
    expect((await cli(['init'])).code).toBe(0);
    const added = await cli(['--json', 'add', 'openim', '--name', 'IM web user', '--set', `baseUrl=${openim.url}`, '--set', 'secret=openIM123', '--set', 'userID=user-42']);
    expect(added.code).toBe(0);
    const account = JSON.parse(added.stdout) as { id: string };
    expect(added.stderr).toBe('');
    id = account.id;
    expect((await cli(['show', id])).stdout).toMatch(/Auto-refresh\s+off/);
  });

  it('refreshes through the admin pair after the 1001 answer, and show names the API generation', async () => {
    const refreshed = await cli(['refresh', id]);
    expect(refreshed.code).toBe(0);
    expect(openim.state.requests).toMatchObject({ headerMissing: 1, adminToken: 1, getUserToken: 1 });
    const shown = await cli(['show', id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/API version\s+v3\.8\.1\+ \(get_admin_token → get_user_token\), detected/);
    expect(shown.stdout).toMatch(/Auto-refresh\s+off/);
    // The next run goes straight to the pair it remembered.
    expect((await cli(['refresh', id])).code).toBe(0);
    expect(openim.state.requests.headerMissing).toBe(1);
  });

  it('edit --auto-refresh turns it on and says on stderr why it may log a running client out', async () => {
    const edited = await cli(['edit', id, '--auto-refresh']);
    expect(edited.code).toBe(0);
    expect(edited.stdout).toContain('Saved "IM web user"');
    expect(edited.stderr).toContain('Note: auto-refresh is on.');
    expect(edited.stderr).toContain('logs out the client already signed in as this user on this platform');
    const shown = await cli(['show', id]);
    expect(shown.stdout).toMatch(/Auto-refresh\s+on \(Each refresh issues a new OpenIM token/);
    const off = await cli(['edit', id, '--no-auto-refresh']);
    expect(off.stderr).toBe('');
  });
});
