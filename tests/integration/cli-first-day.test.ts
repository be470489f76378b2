import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSaiNiuServer, startSudServer, type SaiNiuServer, type SudServer } from '../servers';
import { runCli, type CliRun } from '../fixtures/cli-process';

/**
 * A new user's first commands (issue 20), through the real `tokendesk` against the local servers: the
 * next step that fits (login for SaiNiu, a CLI command for an error), SaiNiu accounts that renew
 * themselves, a token that is renewed before it is printed, and auto-refresh off said where it matters.
 */

const PASSPHRASE = 'first day passphrase';
let dir: string;
let sud: SudServer;
let shortSud: SudServer;
let sainiu: SaiNiuServer;

const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> =>
  runCli(args, { env: { TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, ...env } });
const json = <T>(run: CliRun): T => JSON.parse(run.stdout) as T;
/** Waits until the account's token has expired (by the expiry `show --json` reports). */
const untilExpired = async (id: string): Promise<void> => {
  const { expiresAt } = json<{ expiresAt: string }>(await cli(['--json', 'show', id]));
  const left = Date.parse(expiresAt) - Date.now();
  if (left >= 0) await new Promise((resolve) => setTimeout(resolve, left + 200));
};
const added = async (args: string[]): Promise<string> => {
  const run = await cli(['--json', 'add', ...args]);
  expect(run.stderr).toBe('');
  return json<{ id: string }>(run).id;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-first-day-'));
  sud = await startSudServer();
  // Tokens that last 3 s: inside their renewal margin (half of it) after 1.5 s, expired after 3.
  shortSud = await startSudServer({ tokenTtlMs: 3_000 });
  sainiu = await startSaiNiuServer();
  expect((await cli(['init'])).code).toBe(0);
});

afterAll(async () => {
  await Promise.all([sud.close(), shortSud.close(), sainiu.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('tokendesk on the first day', { timeout: 240_000 }, () => {
  it('adds a SaiNiu account with auto-refresh on and says the next step is the QR login', async () => {
    const run = await cli(['add', 'sainiu', '--name', 'Shop', '--set', `baseUrl=${sainiu.url}`]);
    expect(run.code).toBe(0);
    const id = /\(([0-9a-f-]{36})\)/.exec(run.stdout)?.[1] ?? '';
    expect(run.stdout).toContain(`Next: tokendesk login ${id.slice(0, 8)}\n`);
    expect(run.stdout).not.toContain('tokendesk refresh');
    const shown = json<{ autoRefresh: boolean }>(await cli(['--json', 'show', id]));
    expect(shown.autoRefresh).toBe(true);
  });

  it('prints the next step of an error as a CLI command, never as a window action', async () => {
    const id = await added(['sud', '--name', 'Stale code', '--env', 'test', '--set', `baseUrl=${sud.url}`, '--set', 'code=not-a-code-of-this-backend']);
    const refreshed = await cli(['refresh', id]);
    expect(refreshed.code).toBe(1);
    expect(refreshed.stderr).toContain(`"Stale code": Next: tokendesk edit ${id.slice(0, 8)} --set code=…`);
    const asJson = json<Array<{ error: { next: { kind: string; command: string } } }>>(await cli(['--json', 'refresh', id]));
    expect(asJson[0]?.error.next).toEqual({ kind: 'edit', fields: ['code'], command: `tokendesk edit ${id.slice(0, 8)} --set code=…` });
    const token = await cli(['token', id]);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain(`Next: tokendesk refresh ${id.slice(0, 8)}`);
    for (const run of [refreshed, token]) expect(run.stdout + run.stderr).not.toMatch(/Edit account|→/);
    await cli(['remove', id]);
  });

  it('token --if-expiring-within renews an expired token before printing it, and prints nothing when that fails', async () => {
    const id = await added(['sud', '--name', 'Short lived', '--env', 'qa', '--set', `baseUrl=${shortSud.url}`, '--set', `code=${shortSud.issueCode()}`]);
    expect((await cli(['refresh', id])).code).toBe(0);
    const first = (await cli(['token', id])).stdout.trim();
    await untilExpired(id);
    const plain = await cli(['token', id]);
    expect(plain.stdout.trim()).toBe(first);
    expect(shortSud.isLive(first)).toBe(false);

    const fresh = await cli(['token', id, '--if-expiring-within', '1m']);
    expect(fresh.code).toBe(0);
    const renewed = fresh.stdout.trim();
    expect(renewed).not.toBe(first);
    expect(shortSud.isLive(renewed)).toBe(true);

    await shortSud.close();
    const failed = await cli(['token', id, '--if-expiring-within', '1m', '--format', 'header']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('The token was not renewed, so it is not printed');
    shortSud = await startSudServer({ tokenTtlMs: 3_000 });
    await cli(['remove', id]);
  });

  it('list says auto-refresh is off for a token inside its renewal margin, with the command that turns it on', async () => {
    const id = await added(['sud', '--name', 'Left alone', '--env', 'qa', '--set', `baseUrl=${shortSud.url}`, '--set', `code=${shortSud.issueCode()}`, '--no-auto-refresh']);
    const longId = await added(['sud', '--name', 'Long lived', '--env', 'qa', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`, '--no-auto-refresh']);
    expect((await cli(['refresh', id, longId])).code).toBe(0);
    await untilExpired(id);
    const listed = await cli(['list', '--env', 'qa'], { TOKENDESK_PASSPHRASE: undefined });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/Left alone\s+sud\s+qa\s+expired, auto-refresh off/);
    expect(listed.stdout).toMatch(new RegExp(`"Left alone": auto-refresh off, token expired .* ago\\. Turn it on: tokendesk edit ${id.slice(0, 8)} --auto-refresh\\n`));
    // Hours from expiry, auto-refresh would not renew it yet either: nothing to say.
    expect(listed.stdout).not.toContain('"Long lived": auto-refresh off');
    const views = json<Array<{ name: string; autoRefresh: boolean }>>(await cli(['--json', 'list', '--env', 'qa']));
    expect(views.map((v) => [v.name, v.autoRefresh])).toEqual([
      ['Left alone', false],
      ['Long lived', false],
    ]);
    await cli(['edit', id, '--auto-refresh']);
    expect((await cli(['list', '--env', 'qa'])).stdout).not.toContain('auto-refresh off');
  });

  it('list, refresh, export and watch take --env (repeatable, any letter case) and --provider', async () => {
    const ids = {
      a: await added(['sud', '--name', 'Filter A', '--env', 'staging', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]),
      b: await added(['sud', '--name', 'Filter B', '--env', 'prod', '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]),
    };
    const names = (run: CliRun): string[] => json<Array<{ name: string }>>(run).map((v) => v.name);
    expect(names(await cli(['--json', 'list', '--env', 'STAGING', '--env', 'prod']))).toEqual(['Filter A', 'Filter B']);
    expect(names(await cli(['--json', 'list', '--provider', 'sainiu']))).toEqual(['Shop']);
    const none = await cli(['list', '--env', 'nowhere']);
    expect(none.stdout).toContain('No account matches --env nowhere (environments here: prod, qa, staging).');

    const refreshed = await cli(['--json', 'refresh', '--env', 'staging']);
    expect(refreshed.code).toBe(0);
    expect(json<Array<{ id: string }>>(refreshed).map((r) => r.id)).toEqual([ids.a]);
    expect((await cli(['refresh', ids.b, '--env', 'prod'])).code).toBe(2);
    expect((await cli(['list', '--provider', 'nope'])).code).toBe(2);

    const bundle = path.join(dir, 'staging.tdbundle');
    const exported = await cli(['--json', 'export', '--out', bundle, '--env', 'staging', '--provider', 'sud'], { TOKENDESK_EXPORT_PASSPHRASE: 'bundle passphrase' });
    expect(json<{ count: number }>(exported).count).toBe(1);
    const other = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-first-day-import-'));
    try {
      const env = { TOKENDESK_DATA_DIR: other, TOKENDESK_EXPORT_PASSPHRASE: 'bundle passphrase' };
      expect((await cli(['init'], env)).code).toBe(0);
      const imported = json<Array<{ name: string }>>(await cli(['--json', 'import', bundle], env));
      expect(imported.map((o) => o.name)).toEqual(['Filter A']);
    } finally {
      await rm(other, { recursive: true, force: true });
    }

    const watched = await cli(['watch', '--env', 'nowhere']);
    expect(watched.code).toBe(1);
    expect(watched.stderr).toContain('No account matches --env nowhere');
  });
});
