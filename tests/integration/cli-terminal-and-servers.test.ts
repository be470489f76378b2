import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSaiNiuServer, type SaiNiuServer } from '../servers';
import { ROOT, runCli, type CliRun } from '../fixtures/cli-process';

/**
 * The first-day items that need a terminal or a person (issue 20): a mistyped passphrase at the prompt
 * may be typed again twice, a QR code scanned by another Qianniu account says so at once, and
 * `npm run servers` starts the local provider servers by hand, printing what to type.
 */

const PASSPHRASE = 'terminal passphrase';
let dir: string;
let sainiu: SaiNiuServer;

const cli = (args: string[], onOutput?: (text: string) => void): Promise<CliRun> =>
  runCli(args, { env: { TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE }, ...(onOutput ? { onOutput } : {}) });

/**
 * Runs the CLI in a pseudo-terminal (util-linux `script`), so it prompts as it does for a person, and
 * types each answer once the prompt for it has been shown.
 */
function atTerminal(args: string[], answers: string[]): Promise<CliRun> {
  const command = [process.execPath, path.join(ROOT, 'electron/cli/bin.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_DATA_DIR: dir, NO_COLOR: '1' };
  delete env.TOKENDESK_PASSPHRASE;
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let prompts = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const shown = output.split('Vault passphrase: ').length - 1;
      while (prompts < shown) {
        const answer = answers[prompts] ?? '';
        prompts += 1;
        child.stdin.write(`${answer}\r`);
      }
    });
    child.on('close', (code) => {
      child.stdin.destroy();
      resolve({ code: code ?? -1, stdout: output, stderr: '' });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-terminal-'));
  sainiu = await startSaiNiuServer();
  expect((await cli(['init'])).code).toBe(0);
});

afterAll(async () => {
  await sainiu.close();
  await rm(dir, { recursive: true, force: true });
});

describe('at a terminal', { timeout: 240_000 }, () => {
  it('a mistyped passphrase may be typed again, twice', async () => {
    // The vault has no accounts yet: once unlocked, there is nothing to refresh (exit 0).
    const unlocked = await atTerminal(['refresh', '--all'], ['wrong one', 'wrong two', PASSPHRASE]);
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout.match(/Vault passphrase: /g)).toHaveLength(3);
    expect(unlocked.stdout).toContain('Wrong passphrase (check Caps Lock and the keyboard layout); 2 more tries.');
    expect(unlocked.stdout).toContain('Wrong passphrase (check Caps Lock and the keyboard layout); 1 more try.');
    expect(unlocked.stdout).toContain('Nothing to refresh.');

    const refused = await atTerminal(['refresh', '--all'], ['wrong one', 'wrong two', 'wrong three', PASSPHRASE]);
    expect(refused.code).toBe(1);
    expect(refused.stdout.match(/Vault passphrase: /g)).toHaveLength(3);
    expect(refused.stdout).toContain('tokendesk: Wrong passphrase: it does not unlock this vault.');
  });
});

describe('the SaiNiu QR login', { timeout: 120_000 }, () => {
  it('scanned by another Qianniu account than the one named, says so at the next check and saves nothing', async () => {
    const added = await cli(['--json', 'add', 'sainiu', '--name', 'Shop tb123456', '--set', `baseUrl=${sainiu.url}`, '--set', 'userNick=tb123456']);
    const id = (JSON.parse(added.stdout) as { id: string }).id;
    let scanned = false;
    const started = Date.now();
    const run = await cli(['login', id], (text) => {
      if (!scanned && text.includes('Waiting for the scan')) {
        scanned = true;
        sainiu.scan('tb999999');
      }
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The QR code was scanned by the Qianniu account "tb999999", not "tb123456", so nothing was saved.');
    expect(run.stderr).toContain(`Next: tokendesk login ${id.slice(0, 8)}`);
    // Not the 3 minutes a code is otherwise waited for.
    expect(Date.now() - started).toBeLessThan(60_000);
    const token = await cli(['token', id]);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('has no token yet');
  });
});

describe('npm run servers', { timeout: 120_000 }, () => {
  it('starts the local provider servers and prints each URL, and a printed SUD code gets a token', async () => {
    const child = spawn('npm', ['run', '-s', 'servers'], { cwd: ROOT, env: process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no list of servers in time:\n${output}`)), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          if (output.includes('Commands:')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = (name: string): string => new RegExp(`^${name}\\s+(http://127\\.0\\.0\\.1:\\d+)$`, 'm').exec(output)?.[1] ?? '';
      for (const name of ['SUD', 'SaiNiu', 'OneAccess', 'OpenIM']) expect(url(name)).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const code = /a code for a new account: (\S+)/.exec(output)?.[1] ?? '';
      const added = await cli(['--json', 'add', 'sud', '--name', 'Local SUD', '--set', `baseUrl=${url('SUD')}`, '--set', `code=${code}`]);
      const id = (JSON.parse(added.stdout) as { id: string }).id;
      const refreshed = await cli(['--json', 'refresh', id]);
      expect(refreshed.code).toBe(0);
      // The SaiNiu "scan" command answers on the same terminal.
      child.stdin.write('s\n');
      await expect.poll(() => output).toContain('No QR code yet');
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }
  });
});
