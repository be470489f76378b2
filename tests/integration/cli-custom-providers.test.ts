import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenImServer, type OpenImServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = path.join(ROOT, 'examples/openim-user-token.json');
const PASSPHRASE = 'cli custom providers passphrase';
const EXPORT_PASSPHRASE = 'bundle passphrase for custom providers';
/** A distinctive server secret: found in any output, it leaked. */
const CANARY = 'canary-Zx81-openim-secret-q7';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let openim: OpenImServer;
/** A second server where a tampered definition would send the secret. */
let elsewhere: OpenImServer;

/** Runs the CLI as a real process with the data dir and passphrase in the environment. */
function cli(args: string[], dataDir = dir): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_DATA_DIR: dataDir, TOKENDESK_PASSPHRASE: PASSPHRASE, TOKENDESK_EXPORT_PASSPHRASE: EXPORT_PASSPHRASE, NO_COLOR: '1' };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

async function writeJson(name: string, value: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(value));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-cli-custom-'));
  openim = await startOpenImServer({ generation: 'v3.7', secret: CANARY });
  elsewhere = await startOpenImServer({ generation: 'v3.7', secret: CANARY });
});

afterAll(async () => {
  await openim.close();
  await elsewhere.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tokendesk provider and a custom OpenIM user_token definition', { timeout: 180_000 }, () => {
  let id = '';

  it('provider add prints the new id; a bad definition exits 2 naming the field; the same id again is refused', async () => {
    expect((await cli(['init'])).code).toBe(0);
    const definition = JSON.parse(await readFile(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const bad = await cli(['provider', 'add', '--file', await writeJson('bad.json', { ...definition, token: { path: 'data..token' } })]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('token.path:');

    const added = await cli(['provider', 'add', '--file', EXAMPLE]);
    expect(added.code).toBe(0);
    expect(added.stdout).toBe('openim-user-token\n');
    expect(added.stderr).toContain('tokendesk add openim-user-token --name NAME --set baseUrl=… --set userID=… --set secret=…');

    const again = await cli(['provider', 'add', '--file', EXAMPLE]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect((await cli(['provider', 'add', '--file', EXAMPLE, '--replace'])).code).toBe(0);
  });

  it('provider list shows built-ins and the custom one; show gives the definition back; providers lists its fields', async () => {
    const listed = await cli(['provider', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^openim-user-token\s+custom\s+OpenIM user token/m);
    expect(listed.stdout).toMatch(/^sud\s+built-in\s+SUD/m);
    const json = JSON.parse((await cli(['provider', 'list', '--json'])).stdout) as Array<{ id: string; custom: boolean }>;
    expect(json.map((p) => `${p.id}:${p.custom}`)).toEqual(['sud:false', 'sainiu:false', 'oneaccess:false', 'openim:false', 'openim-user-token:true']);

    const shown = await cli(['provider', 'show', 'openim-user-token']);
    expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(await readFile(EXAMPLE, 'utf8')));
    expect((await cli(['provider', 'show', 'sud'])).code).toBe(1);
    expect((await cli(['providers'])).stdout).toMatch(/openim-user-token {2}OpenIM user token[^\n]*\n[^\n]*\n\s+FIELD[\s\S]*secret\s+yes\s+yes/);
  });

  it('add, refresh, token and exec work with the custom provider like any other', async () => {
    const added = await cli(['--json', 'add', 'openim-user-token', '--name', 'IM web', '--set', `baseUrl=${openim.url}`, '--set', 'userID=user-7', '--set', `secret=${CANARY}`]);
    expect(added.code).toBe(0);
    id = (JSON.parse(added.stdout) as { id: string }).id;
    const unknownField = await cli(['add', 'openim-user-token', '--name', 'x', '--set', 'colour=red']);
    expect(unknownField.code).toBe(2);

    const refreshed = await cli(['--json', 'refresh', id]);
    expect(refreshed.code).toBe(0);
    const [result] = JSON.parse(refreshed.stdout) as Array<{ ok: boolean; expiresAt: string }>;
    expect(result?.ok).toBe(true);
    expect(Date.parse(result?.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(openim.state.userTokensIssued).toBe(1);

    const token = (await cli(['token', id])).stdout.trim();
    expect(openim.check(token)).toBe(0);
    const run = await cli(['exec', '--env', `IM_TOKEN=${id}`, '--', process.execPath, '-e', 'process.stdout.write(String(process.env.IM_TOKEN.length))']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(String(token.length));

    const shown = await cli(['show', id]);
    expect(shown.stdout).toContain('OpenIM user token (v3 /auth/user_token) (openim-user-token)');
    expect(shown.stdout).toContain('user-7');
    const history = await cli(['history', id]);
    for (const out of [shown.stdout, shown.stderr, history.stdout, refreshed.stdout, refreshed.stderr]) expect(out).not.toContain(CANARY);
  });

  it('a definition changed in vault.json outside TokenDesk is refused and sends nothing', async () => {
    const file = path.join(dir, 'vault.json');
    const original = await readFile(file, 'utf8');
    const doc = JSON.parse(original) as { providers: Record<string, { definition: { request: { url: string } } }> };
    const stored = doc.providers['openim-user-token'];
    if (!stored) throw new Error('the definition is not in vault.json');
    // Points the request (which carries the secret) at another server, keeping {{baseUrl}} out of it.
    stored.definition.request.url = `${elsewhere.url}/auth/user_token`;
    await writeFile(file, JSON.stringify(doc));

    const refreshed = await cli(['refresh', id]);
    expect(refreshed.code).toBe(1);
    expect(refreshed.stdout).toContain('was changed outside TokenDesk');
    expect(elsewhere.state.requests.total).toBe(0);
    const listed = await cli(['provider', 'list']);
    expect(listed.stderr).toContain('openim-user-token: The definition of custom provider openim-user-token was changed outside TokenDesk');

    // Stored again by a person, it runs again.
    expect((await cli(['provider', 'add', '--file', EXAMPLE, '--replace'])).code).toBe(0);
    expect((await cli(['refresh', id])).code).toBe(0);
  });

  it('export then import into a fresh vault carries the definition', async () => {
    const bundle = path.join(dir, 'custom.tdbundle');
    expect((await cli(['export', '--out', bundle, id])).code).toBe(0);
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-cli-custom-fresh-'));
    try {
      expect((await cli(['init'], fresh)).code).toBe(0);
      const imported = await cli(['import', bundle], fresh);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain('openim-user-token');
      expect((await cli(['provider', 'show', 'openim-user-token'], fresh)).code).toBe(0);
      const refreshed = await cli(['--json', 'refresh', id], fresh);
      expect(refreshed.code).toBe(0);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('remove is refused while an account uses the provider; --force keeps the account as provider missing', async () => {
    const refused = await cli(['provider', 'remove', 'openim-user-token']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('1 account uses the provider openim-user-token');
    expect(refused.stderr).toContain('--force');

    const forced = await cli(['provider', 'remove', 'openim-user-token', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('1 account keeps the provider openim-user-token');

    const listed = await cli(['--json', 'list']);
    expect((JSON.parse(listed.stdout) as Array<{ id: string; provider: string }>).map((a) => [a.id, a.provider])).toEqual([[id, 'openim-user-token']]);
    const shown = await cli(['show', id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('openim-user-token — not defined; add the definition again');
    const refreshed = await cli(['refresh', id]);
    expect(refreshed.code).toBe(1);
    expect(refreshed.stdout).toContain('Its provider openim-user-token is not defined — add the definition again');
    // The token is still the person's: printed as it is.
    const token = await cli(['token', id]);
    expect(token.code).toBe(0);
    // The server's JWT (since kicked by the fresh vault's refresh of the same user and platform).
    expect(token.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect([0, 1506]).toContain(openim.check(token.stdout.trim()));
    expect((await cli(['token', id, '--format', 'header'])).code).toBe(2);

    // It can still be renamed (its fields wait for the definition).
    expect((await cli(['edit', id, '--name', 'IM web (orphan)'])).code).toBe(0);
    expect((await cli(['edit', id, '--set', 'userID=u2'])).code).toBe(1);

    // Nothing was lost: with the definition back, the stored secret still works.
    expect((await cli(['provider', 'add', '--file', EXAMPLE])).code).toBe(0);
    expect((await cli(['refresh', id])).code).toBe(0);
  });
});
