import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromViewTable } from '../../shared/account-view-table';
import type { ProviderInfo } from '../../shared/providers';
import type { IpcResponse, ProviderTryResult } from '../../shared/ipc-contract';
import { startOpenImServer, type OpenImServer } from '../servers';
import { openIpcRig, type IpcRig } from '../unit/helpers/ipc-rig';

/** A distinctive server secret: found anywhere in a result, it leaked. */
const CANARY = 'canary-7Qv9-server-secret-x41';
const PASSPHRASE = 'ipc custom providers passphrase';

let rig: IpcRig;
let openim: OpenImServer;
let definition: Record<string, unknown>;

beforeEach(async () => {
  rig = await openIpcRig();
  await rig.core.initialize(PASSPHRASE);
  openim = await startOpenImServer({ generation: 'v3.7', secret: CANARY });
  definition = JSON.parse(await readFile(path.join(import.meta.dirname, '../../examples/openim-user-token.json'), 'utf8')) as Record<string, unknown>;
});

afterEach(async () => {
  await rig.close();
  await openim.close();
});

function value<T>(response: IpcResponse<unknown>): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

describe('custom providers over IPC', () => {
  it('define lists the provider after the built-ins, announces it, and refuses the same id without replace', async () => {
    const announced: ProviderInfo[][] = [];
    rig.core.on('providers:changed', (infos) => announced.push(infos));
    const info = value<ProviderInfo>(await rig.dispatch('providers:define', { definition }));
    expect(info).toMatchObject({ id: 'openim-user-token', custom: true, displayName: { en: 'OpenIM user token (v3 /auth/user_token)' } });
    expect(info.fields.find((f) => f.name === 'secret')?.secret).toBe(true);

    const list = value<ProviderInfo[]>(await rig.dispatch('providers:list', {}));
    expect(list.map((p) => [p.id, p.custom])).toEqual([['sud', false], ['sainiu', false], ['oneaccess', false], ['openim', false], ['openim-user-token', true]]);
    expect(announced.at(-1)?.map((p) => p.id)).toContain('openim-user-token');

    const again = await rig.dispatch('providers:define', { definition });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!again.ok) expect(again.error.message).toContain('already exists');
    value(await rig.dispatch('providers:define', { definition: { ...definition, name: 'Renamed' }, replace: true }));
    const stored = value<{ definition: { name: string }; accounts: number }>(await rig.dispatch('providers:get', { id: 'openim-user-token' }));
    expect(stored).toEqual({ definition: expect.objectContaining({ name: 'Renamed' }), accounts: 0 });
  });

  it('a bad definition is invalid_input starting with the path at fault', async () => {
    const bad = { ...definition, request: { ...(definition.request as object), url: '' } };
    const response = await rig.dispatch('providers:define', { definition: bad });
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.code).toBe('invalid_input');
      expect(response.error.message).toMatch(/^request\.url: /);
    }
    const builtin = await rig.dispatch('providers:get', { id: 'openim' });
    expect(builtin).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('try runs the definition for real, masks the secret and the token everywhere, and saves nothing', async () => {
    const result = value<ProviderTryResult>(
      await rig.dispatch('providers:try', { definition, values: { baseUrl: openim.url, userID: 'user-1', secret: CANARY } }),
    );
    expect(result.status).toBe(200);
    expect(result.error).toBeNull();
    expect(result.request.url).toBe(`${openim.url}/auth/user_token`);
    expect(result.request.headers.operationID).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.extracted?.token).toMatch(/^•+$/);
    expect(result.extracted?.tokenLength).toBeGreaterThan(40);
    expect(result.extracted?.expiresAt).toBeGreaterThan(Date.now());
    expect(openim.state.userTokensIssued).toBe(1);
    const text = JSON.stringify(result);
    expect(text).not.toContain(CANARY);
    // The token is a JWT: no part of one is left anywhere in the result.
    expect(text).not.toMatch(/eyJ[\w-]{8,}/);
    expect(result.answer).toContain('«redacted»');
    expect(result.request.body).toContain('«redacted»');
    expect(await rig.core.history()).toEqual([]);
  });

  it('try against an account uses its stored secret; a refused answer comes back as the provider error, masked', async () => {
    value(await rig.dispatch('providers:define', { definition }));
    const account = await rig.core.create({ provider: 'openim-user-token', name: 'IM', values: { baseUrl: openim.url, userID: 'user-1', secret: CANARY } });
    const ok = value<ProviderTryResult>(await rig.dispatch('providers:try', { definition, accountId: account.id }));
    expect(ok.extracted).not.toBeNull();
    expect(JSON.stringify(ok)).not.toContain(CANARY);
    expect(rig.core.get(account.id).hasToken).toBe(false);

    const wrong = value<ProviderTryResult>(await rig.dispatch('providers:try', { definition, accountId: account.id, values: { secret: `${CANARY}-wrong` } }));
    expect(wrong.extracted).toBeNull();
    expect(wrong.error).toMatchObject({ code: 'provider_rejected', provider: { code: '1002' } });
    expect(JSON.stringify(wrong)).not.toContain(CANARY);

    const sud = await rig.core.create({ provider: 'sud', name: 'SUD', values: { baseUrl: openim.url, code: 'c' } });
    const foreign = await rig.dispatch('providers:try', { definition, accountId: sud.id });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const neither = await rig.dispatch('providers:try', { definition });
    expect(neither).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('remove is refused while accounts use the provider, then --force keeps them as provider missing', async () => {
    value(await rig.dispatch('providers:define', { definition }));
    const account = await rig.core.create({ provider: 'openim-user-token', name: 'IM', values: { baseUrl: openim.url, userID: 'user-1', secret: CANARY } });
    const refused = await rig.dispatch('providers:remove', { id: 'openim-user-token' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/^1 account uses the provider openim-user-token/);
    expect(value(await rig.dispatch('providers:remove', { id: 'openim-user-token', force: true }))).toEqual({ orphaned: 1 });

    const views = fromViewTable(value<unknown>(await rig.dispatch('accounts:list', {})));
    expect(views.map((v) => [v.id, v.provider])).toEqual([[account.id, 'openim-user-token']]);
    const refresh = await rig.dispatch('accounts:refresh', { id: account.id });
    expect(refresh).toMatchObject({ ok: false, error: { code: 'not_found' } });
    if (!refresh.ok) expect(refresh.error.message).toContain('Its provider openim-user-token is not defined');

    // Defined again, the account works as before: nothing was lost.
    value(await rig.dispatch('providers:define', { definition }));
    expect(value<{ ok: boolean }>(await rig.dispatch('accounts:refresh', { id: account.id })).ok).toBe(true);
  });
});
