import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountView, RefreshResult } from '../../shared/account';
import type { IpcResponse } from '../../shared/ipc-contract';
import { runCliIn } from '../fixtures/cli-in-process';
import { startSudServer, type SudServer } from '../servers';
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
