import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoInstant } from '../../shared/datetime';
import { startOneAccessServer, type OneAccessServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let server: OneAccessServer;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: 'cli oneaccess passphrase', NO_COLOR: '1' };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-cli-oa-'));
  server = await startOneAccessServer({ sessionTtlSeconds: 604_800 });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tokendesk show, OneAccess', { timeout: 120_000 }, () => {
  it('prints the ticket expiry and the session expiry with its renewal, and the machine values', async () => {
    expect((await cli(['init'])).code).toBe(0);
    const endsSoon = isoInstant(Date.now() + 10 * 60_000);
    const added = await cli([
      '--json', 'add', 'oneaccess', '--name', 'Tenant SSO',
      '--set', `baseUrl=${server.url}`, '--set', 'clientId=oa-client', '--set', 'clientSecret=oa-client-secret',
      '--set', `sessionToken=${server.login().session_token}`, '--set', 'deviceFingerprint=fp-123456', '--set', `sessionExpiresAt=${endsSoon}`,
    ]);
    expect(added.code).toBe(0);
    const id = (JSON.parse(added.stdout) as { id: string }).id;
    const bad = await cli(['edit', id, '--set', 'sessionExpiresAt=next week']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('ISO 8601');
    expect((await cli(['refresh', id])).code).toBe(0);
    expect(server.state.sessionRefreshes).toBe(1);

    const shown = await cli(['show', id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Ticket expires\s+\d{4}-\d{2}-\d{2}T/);
    // The renewed session lasts a week; renewal is planned 30 minutes before its end.
    const end = Date.parse(/Session expires\s+(\S+)/.exec(shown.stdout)?.[1] ?? '');
    const renewFrom = Date.parse(/Session renewal from\s+(\S+)/.exec(shown.stdout)?.[1] ?? '');
    expect(end).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(end - renewFrom).toBe(30 * 60_000);
    expect(shown.stdout).toMatch(/Session last renewed\s+\d{4}-\d{2}-\d{2}T/);
    expect(shown.stdout).toContain(`${os.release()} (this machine)`);
  });
});
