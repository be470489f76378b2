import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawQr } from '../../electron/cli/qr-terminal';
import { startSaiNiuServer, type SaiNiuServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'cli login passphrase';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let sainiu: SaiNiuServer;

/**
 * Runs the CLI as a real process. `onOutput` sees stdout and stderr as they arrive, so a test can
 * "scan" the code once the CLI has shown it.
 */
function cli(args: string[], onOutput: (text: string) => void = () => undefined): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      onOutput(stdout + stderr);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      onOutput(stdout + stderr);
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Scans the code as soon as the CLI has printed where it is. */
const scanWhenShown = (nick: string) => {
  let scanned = false;
  return (text: string): void => {
    if (!scanned && text.includes('Waiting for the scan')) {
      scanned = true;
      sainiu.scan(nick);
    }
  };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-cli-login-'));
  sainiu = await startSaiNiuServer();
  expect((await cli(['init'])).code).toBe(0);
});

afterAll(async () => {
  await sainiu.close();
  await rm(dir, { recursive: true, force: true });
});

async function addShop(name: string): Promise<string> {
  const added = await cli(['--json', 'add', 'sainiu', '--name', name, '--set', `baseUrl=${sainiu.url}`]);
  expect(added.code).toBe(0);
  return (JSON.parse(added.stdout) as { id: string }).id;
}

describe('tokendesk login (SaiNiu QR)', { timeout: 120_000 }, () => {
  it('prints the QR URL, draws the code, writes the PNG, and exits 0 once the account holds fresh cookies', async () => {
    const id = await addShop('New shop');
    const qrFile = path.join(dir, 'qr.png');
    const run = await cli(['login', id, '--qr-file', qrFile], scanWhenShown('tb5566'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const qr = sainiu.state.lastQr;
    expect(run.stdout).toContain(`QR image: ${qr?.url}`);
    // The drawing is the code the framework's PNG holds: the CLI decoded the image and redrew it.
    expect(run.stdout).toContain(await drawQr(qr?.content ?? ''));
    expect(run.stdout).toContain('Logged in as tb5566');
    expect(run.stdout).not.toContain(qr?.lgToken ?? '');
    const png = PNG.sync.read(await readFile(qrFile));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(qr?.content);
    expect((await stat(qrFile)).mode & 0o077).toBe(0);

    const shown = await cli(['--json', 'show', id]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'valid', extras: { userNick: 'tb5566' } });
    const token = await cli(['token', id, '--format', 'cookie']);
    expect(token.stdout).toMatch(/^Cookie: cookie2=[0-9a-f]{32}; /);
  });

  it('with --json keeps stdout to one document and reads --timeout after the command as its own deadline', async () => {
    const id = await addShop('JSON shop');
    const run = await cli(['--json', 'login', id, '--timeout', '60'], scanWhenShown('tb7788'));
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ id, ok: true, state: 'success', qrUrl: sainiu.state.lastQr?.url, account: { extras: { userNick: 'tb7788' } }, error: null });
    expect(run.stderr).toContain('expires in 1:00');
  });

  it('refresh points at `tokendesk login` when the Qianniu session has ended', async () => {
    const id = await addShop('Ended shop');
    const run = await cli(['login', id], scanWhenShown('tb3344'));
    expect(run.code).toBe(0);
    sainiu.expireSession();
    const refreshed = await cli(['refresh', id]);
    expect(refreshed.code).toBe(1);
    expect(refreshed.stdout).toContain('failed: provider_rejected');
    expect(refreshed.stderr).toContain(`Next: tokendesk login ${id.slice(0, 8)}`);
  });

  it('exits 1 when the code expires unscanned, saying to ask for a new one', async () => {
    const id = await addShop('Slow shop');
    const run = await cli(['login', id, '--timeout', '3']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The QR code expired before it was scanned');
    const shown = JSON.parse((await cli(['--json', 'show', id])).stdout) as { status: string };
    expect(shown.status).toBe('never');
  });

  it('exits 1 and names the address when the framework is not running', async () => {
    const gone = await startSaiNiuServer();
    await gone.close();
    const added = await cli(['--json', 'add', 'sainiu', '--name', 'Offline shop', '--set', `baseUrl=${gone.url}`]);
    const id = (JSON.parse(added.stdout) as { id: string }).id;
    const run = await cli(['login', id]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Start the SaiNiu framework at ${gone.url}`);
  });
});
