import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountView, RefreshResult } from '../../shared/account';
import type { IpcResponse, VaultStatus } from '../../shared/ipc-contract';
import { fromViewTable } from '../../shared/account-view-table';
import { startSudServer } from '../servers';
import type { SudServer } from '../servers';
import { openIpcRig } from './helpers/ipc-rig';
import type { IpcRig } from './helpers/ipc-rig';

const PASSPHRASE = 'correct horse battery staple';

let rig: IpcRig;
let sud: SudServer;

/** Calls a channel like the renderer does and returns the value, failing the test on an error value. */
async function call<T>(channel: string, args: unknown): Promise<T> {
  const response = await rig.dispatch(channel, args);
  if (!response.ok) throw new Error(`${channel} answered ${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

async function addRefreshedSud(): Promise<{ account: AccountView; code: string }> {
  const code = sud.issueCode();
  const account = await call<AccountView>('accounts:create', { provider: 'sud', name: 'SUD prod', env: 'prod', values: { baseUrl: sud.url, code } });
  const result = await call<RefreshResult>('accounts:refresh', { id: account.id });
  expect(result.ok).toBe(true);
  return { account, code };
}

beforeEach(async () => {
  rig = await openIpcRig();
  sud = await startSudServer();
});

afterEach(async () => {
  await sud.close();
  await rig.close();
});

describe('first launch through IPC', () => {
  it('reports no vault, then setting a passphrase creates and opens it', async () => {
    expect(await call<VaultStatus>('vault:status', {})).toMatchObject({ state: 'uninitialized', passphraseSet: false });

    const status = await call<VaultStatus>('vault:setPassphrase', { next: PASSPHRASE });

    expect(status).toMatchObject({ state: 'unlocked', passphraseSet: true });
    expect(fromViewTable(await call<unknown>('accounts:list', {}))).toEqual([]);
  });

  it('app:info tells the renderer the system language and data folder', async () => {
    expect(await call('app:info', {})).toMatchObject({ systemLocale: 'zh-CN', version: '0.1.0-test' });
  });
});

describe('accounts through IPC', () => {
  beforeEach(async () => {
    await call('vault:setPassphrase', { next: PASSPHRASE });
  });

  it('creates, refreshes and lists an account without any secret in what the renderer holds', async () => {
    const { account, code } = await addRefreshedSud();
    const token = (await call<{ token: string }>('accounts:reveal', { id: account.id })).token;

    const list = fromViewTable(await call<unknown>('accounts:list', {}));

    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: account.id, name: 'SUD prod', status: 'valid', hasToken: true });
    expect(sud.isLive(token)).toBe(true);
    const held = JSON.stringify(list);
    expect(held).not.toContain(token);
    expect(held).not.toContain(code);
  });

  it('copy puts the token on the clipboard through main and says when it will be cleared', async () => {
    const { account } = await addRefreshedSud();
    const token = (await call<{ token: string }>('accounts:reveal', { id: account.id })).token;

    const { clearsAt } = await call<{ clearsAt: number | null }>('accounts:copy', { id: account.id, format: 'raw' });

    expect(rig.clipboard.text).toBe(token);
    expect(clearsAt).toBe(rig.clock.now() + 30_000);
    await rig.clock.advance(30_000);
    expect(rig.clipboard.text).toBe('');
  });

  it('copy of an account that has no token yet is not_found and leaves the clipboard alone', async () => {
    rig.clipboard.text = 'something the user copied';
    const account = await call<AccountView>('accounts:create', { provider: 'sud', name: 'New', values: { baseUrl: sud.url, code: sud.issueCode() } });

    const response = await rig.dispatch('accounts:copy', { id: account.id, format: 'raw' });

    expect(response).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(rig.clipboard.text).toBe('something the user copied');
  });

  it('copy diagnostic puts the redacted last exchange on the clipboard through main, never the code or token', async () => {
    const { account, code } = await addRefreshedSud();
    const token = (await call<{ token: string }>('accounts:reveal', { id: account.id })).token;

    const { clearsAt } = await call<{ clearsAt: number | null }>('accounts:copyDiagnostic', { id: account.id });

    expect(rig.clipboard.text).toContain(`POST ${sud.url}/get_sstoken`);
    expect(rig.clipboard.text).not.toContain(code);
    expect(rig.clipboard.text).not.toContain(token);
    expect(clearsAt).toBe(rig.clock.now() + 30_000);
  });

  it('a refresh the provider rejects comes back as a result with the provider error, not an exception', async () => {
    const { account } = await addRefreshedSud();
    sud.failNext({ ret_code: 1005, ret_msg: 'ss_token expired' });

    const result = await call<RefreshResult>('accounts:refresh', { id: account.id });

    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('provider_rejected');
  });

  it('lock hides secrets until the right passphrase unlocks again', async () => {
    const { account } = await addRefreshedSud();
    expect(await call<VaultStatus>('vault:lock', {})).toMatchObject({ state: 'locked' });

    expect(await rig.dispatch('accounts:reveal', { id: account.id })).toMatchObject({ ok: false, error: { code: 'locked' } });
    const wrong = (await rig.dispatch('vault:unlock', { passphrase: 'not the passphrase' })) as IpcResponse<unknown> & { ok: false };
    expect(wrong.ok).toBe(false);
    expect(wrong.error.message).not.toContain('not the passphrase');

    expect(await call<VaultStatus>('vault:unlock', { passphrase: PASSPHRASE })).toMatchObject({ state: 'unlocked' });
    expect((await call<{ token: string }>('accounts:reveal', { id: account.id })).token.length).toBeGreaterThan(0);
  });

  it('remove deletes the account', async () => {
    const { account } = await addRefreshedSud();
    expect(await call('accounts:remove', { id: account.id })).toEqual({ ok: true });
    expect(fromViewTable(await call<unknown>('accounts:list', {}))).toEqual([]);
  });

  it('settings changes come back whole, and the clipboard delay follows them', async () => {
    const settings = await call<{ clipboardClearSec: number; theme: string }>('settings:update', { clipboardClearSec: 5, theme: 'dark' });
    expect(settings).toMatchObject({ clipboardClearSec: 5, theme: 'dark' });

    const { account } = await addRefreshedSud();
    const { clearsAt } = await call<{ clearsAt: number | null }>('accounts:copy', { id: account.id, format: 'raw' });
    expect(clearsAt).toBe(rig.clock.now() + 5_000);
  });
});

describe('opening links', () => {
  it('passes a checked https link to the system browser', async () => {
    expect(await call('shell:openExternal', { url: 'https://docs.example.com/tokens?x=1' })).toEqual({ ok: true });
    expect(rig.opened).toEqual(['https://docs.example.com/tokens?x=1']);
  });

  it.each([
    ['javascript:alert(1)', /http/],
    ['file:///etc/passwd', /http/],
    ['https://alice:hunter2@example.com/', /user name or password/],
  ])('refuses %s and opens nothing', async (url, reason) => {
    const response = (await rig.dispatch('shell:openExternal', { url })) as IpcResponse<unknown> & { ok: false };

    expect(response.ok).toBe(false);
    expect(response.error.code).toBe('invalid_input');
    expect(response.error.message).toMatch(reason);
    expect(response.error.message).not.toContain('hunter2');
    expect(rig.opened).toEqual([]);
  });
});
