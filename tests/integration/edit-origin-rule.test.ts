import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountView, RefreshResult } from '../../shared/account';
import type { IpcResponse } from '../../shared/ipc-contract';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCliIn } from '../fixtures/cli-in-process';
import { SUD_GAME } from '../fixtures/custom-definitions';
import { startHostileServer, startSudServer, type HostileServer, type SudServer } from '../servers';
import { openIpcRig, type IpcRig } from '../unit/helpers/ipc-rig';

/**
 * An edit that moves where an account's requests go (issue 17): the stored secrets do not follow. A
 * window that was taken over could otherwise change an account's server over IPC and then refresh it,
 * sending the stored SUD code (the canary here) to its own host. The same rule holds on the CLI.
 */
const PASSPHRASE = 'edit origin rule passphrase';

let rig: IpcRig;
let sud: SudServer;
let evil: SudServer;
let id: string;
let canary: string;

function value<T>(response: IpcResponse<unknown>): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

beforeEach(async () => {
  rig = await openIpcRig();
  sud = await startSudServer();
  evil = await startSudServer();
  await rig.core.initialize(PASSPHRASE);
  canary = sud.issueCode();
  id = (await rig.core.create({ provider: 'sud', name: 'Game', env: 'test', values: { baseUrl: sud.url, code: canary } })).id;
  expect((await rig.core.refresh(id)).ok).toBe(true);
});

afterEach(async () => {
  await rig.close();
  await Promise.all([sud.close(), evil.close()]);
});

describe('an edit that moves an account to another server', { timeout: 60_000 }, () => {
  it('over IPC: refused without the secret typed again, naming it; the refresh still goes to the old server', async () => {
    const answer = await rig.dispatch('accounts:update', { id, values: { baseUrl: evil.url } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', reason: 'edit_moves_origin', needsUser: true } });
    if (!answer.ok) {
      expect(answer.error.message).toContain(evil.url);
      expect(answer.error.message).toMatch(/type code again/);
      expect(answer.error.message).not.toContain(canary);
    }
    const refreshed = value<RefreshResult>(await rig.dispatch('accounts:refresh', { id }));
    expect(refreshed.ok).toBe(true);
    expect(rig.core.get(id).fields.baseUrl).toBe(sud.url);
    expect(evil.state.requests.total).toBe(0);
  });

  it('over IPC: with the secret typed again it moves, and the old server\'s token stays behind', async () => {
    const view = value<AccountView>(await rig.dispatch('accounts:update', { id, values: { baseUrl: evil.url, code: evil.issueCode() } }));
    expect(view.fields.baseUrl).toBe(evil.url);
    expect(view.hasToken).toBe(false);
    const before = sud.state.requests.total;
    expect(value<RefreshResult>(await rig.dispatch('accounts:refresh', { id })).ok).toBe(true);
    expect(evil.state.requests.get).toBe(1); // the typed code, not the stored one
    expect(sud.state.requests.total).toBe(before);
  });

  it('a change within the same server (another path, same origin) needs nothing typed', async () => {
    const view = value<AccountView>(await rig.dispatch('accounts:update', { id, values: { baseUrl: `${sud.url}/` } }));
    expect(view.hasToken).toBe(true);
  });

  it('a server left at its default and then typed out (as the edit form sends it) is the same server', async () => {
    const im = (await rig.core.create({ provider: 'openim', name: 'IM default', env: 'test', values: { secret: 'im-secret', userID: 'u1' } })).id;
    const view = value<AccountView>(await rig.dispatch('accounts:update', { id: im, values: { baseUrl: 'http://127.0.0.1:10002', userID: 'u2' } }));
    expect(view.fields.userID).toBe('u2');
    expect(view.secretsSet).toEqual(['secret']);
  });

  it('on the command line: `edit --set baseUrl=…` is refused the same way, and nothing reaches the new host', async () => {
    await rig.core.lock();
    const edited = await runCliIn(rig.core.dataDir, PASSPHRASE, ['edit', id, '--set', `baseUrl=${evil.url}`]);
    expect(edited.code).not.toBe(0);
    expect(edited.stderr).toMatch(/type code again in the same edit/);
    expect(edited.stderr).not.toContain(canary);
    const refreshed = await runCliIn(rig.core.dataDir, PASSPHRASE, ['refresh', id]);
    expect(refreshed.code).toBe(0);
    expect(evil.state.requests.total).toBe(0);
    const moved = await runCliIn(rig.core.dataDir, PASSPHRASE, ['edit', id, '--set', `baseUrl=${evil.url}`, '--set', `code=${evil.issueCode()}`]);
    expect(moved.code).toBe(0);
  });
});

/** SUD_GAME with its server written into the definition instead of a field. */
function gameAt(base: string): Record<string, unknown> {
  return {
    ...SUD_GAME,
    fields: SUD_GAME.fields.filter((field) => field.name !== 'baseUrl'),
    request: { ...SUD_GAME.request, url: `${base}/get_sstoken` },
    refresh: { ...SUD_GAME.refresh!, url: `${base}/update_sstoken` },
  };
}

describe('a custom definition replaced with one that sends its accounts elsewhere', { timeout: 60_000 }, () => {
  let gameId: string;
  let gameCode: string;
  let hostile: HostileServer;

  beforeEach(async () => {
    hostile = await startHostileServer();
    value(await rig.dispatch('providers:define', { definition: gameAt(sud.url) }));
    gameCode = sud.issueCode();
    gameId = (await rig.core.create({ provider: 'my-game', name: 'Custom game', env: 'test', values: { code: gameCode } })).id;
    expect((await rig.core.refresh(gameId)).ok).toBe(true);
  });

  afterEach(async () => {
    await hostile.close();
  });

  /** What the new server received: never the code typed for the old one, nor its token. */
  const nothingStoredReached = (): void => {
    const seen = JSON.stringify(hostile.state.captured);
    expect(seen).not.toContain(gameCode);
    expect(seen).not.toContain('eyJ');
  };

  it('over IPC: its accounts keep no secrets and say which to type again; nothing stored reaches the new server', async () => {
    const token = rig.core.token(gameId);
    value(await rig.dispatch('providers:define', { definition: gameAt(hostile.otherUrl), replace: true }));
    const view = rig.core.get(gameId);
    expect(view.secretsSet).toEqual([]);
    expect(view.hasToken).toBe(false);
    expect(view.lastError).toMatchObject({ reason: 'edit_moves_origin', needsUser: true, next: { kind: 'edit', fields: ['code'] } });
    expect(view.lastError?.message).toContain(`now sends the requests of "Custom game" to ${hostile.otherUrl}`);
    const refreshed = await rig.core.refresh(gameId);
    expect(refreshed).toMatchObject({ ok: false, error: { code: 'invalid_input', needsUser: true, next: { kind: 'edit', fields: ['code'] } } });
    expect(refreshed.error?.message).toContain('has no code stored, so nothing was sent');
    expect(hostile.state.captured).toHaveLength(0); // a refresh without the secret sends nothing at all
    nothingStoredReached();
    expect(JSON.stringify(hostile.state.captured)).not.toContain(token);
    // The account of the built-in provider is untouched.
    expect(rig.core.get(id).hasToken).toBe(true);
  });

  it('a replacement on the same server keeps the secrets', async () => {
    value(await rig.dispatch('providers:define', { definition: { ...gameAt(sud.url), name: 'Renamed game' }, replace: true }));
    expect(rig.core.get(gameId).secretsSet).toEqual(['code']);
    expect((await rig.core.refresh(gameId)).ok).toBe(true);
  });

  it('on the command line: `provider add --replace` does the same, and `show` says what to type', async () => {
    await rig.core.lock();
    const file = path.join(rig.core.dataDir, 'moved.json');
    await writeFile(file, JSON.stringify(gameAt(hostile.otherUrl)));
    expect((await runCliIn(rig.core.dataDir, PASSPHRASE, ['provider', 'add', '--file', file, '--replace'])).code).toBe(0);
    const shown = await runCliIn(rig.core.dataDir, PASSPHRASE, ['show', gameId]);
    expect(shown.stdout).toContain(`now sends the requests of "Custom game" to ${hostile.otherUrl}`);
    const refreshed = await runCliIn(rig.core.dataDir, PASSPHRASE, ['refresh', gameId]);
    expect(refreshed.code).not.toBe(0);
    expect(refreshed.stderr).toContain('Next: tokendesk edit');
    expect(hostile.state.captured).toHaveLength(0);
    nothingStoredReached();
  });
});
