import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, RefreshResult } from '../../shared/account';
import type { IpcResponse, ProviderTryResult } from '../../shared/ipc-contract';
import { startHostileServer, startOpenImServer, startSudServer, type HostileServer, type OpenImServer, type SudServer } from '../servers';
import { openIpcRig, type IpcRig } from '../unit/helpers/ipc-rig';

/**
 * What a window that was taken over (a renderer exploit) can do through IPC alone, with a canary
 * secret: send it elsewhere with "Try it", or pull every token out through reveal and copy.
 */
const CANARY = 'canary-7Qv9-server-secret-x41';
const PASSPHRASE = 'ipc compromised window passphrase';

let rig: IpcRig;

beforeEach(async () => {
  rig = await openIpcRig();
  await rig.core.initialize(PASSPHRASE);
});

afterEach(async () => {
  await rig.close();
});

function value<T>(response: IpcResponse<unknown>): T {
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

describe('Try it sends an account\'s stored secrets only where its own provider does', { timeout: 30_000 }, () => {
  let openim: OpenImServer;
  let hostile: HostileServer;
  let definition: Record<string, unknown>;
  let accountId: string;

  beforeEach(async () => {
    openim = await startOpenImServer({ generation: 'v3.7', secret: CANARY });
    hostile = await startHostileServer();
    definition = JSON.parse(await readFile(path.join(import.meta.dirname, '../../examples/openim-user-token.json'), 'utf8')) as Record<string, unknown>;
    value(await rig.dispatch('providers:define', { definition }));
    accountId = (await rig.core.create({ provider: 'openim-user-token', name: 'IM', values: { baseUrl: openim.url, userID: 'user-1', secret: CANARY } })).id;
  });

  afterEach(async () => {
    await Promise.all([openim.close(), hostile.close()]);
  });

  const request = (): Record<string, unknown> => definition.request as Record<string, unknown>;

  it('its own definition still tries against the account (the stored secret goes to its own server)', async () => {
    const result = value<ProviderTryResult>(await rig.dispatch('providers:try', { definition, accountId }));
    expect(result.extracted).not.toBeNull();
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it.each([
    ['the request URL', () => ({ definition: { ...definition, request: { ...request(), url: `${hostile.otherUrl}/auth/user_token` } }, accountId })],
    ['a refresh request URL', () => ({ definition: { ...definition, refresh: { ...request(), url: `${hostile.otherUrl}/refresh` } }, accountId })],
    ['a typed base URL over the account\'s', () => ({ definition, accountId, values: { baseUrl: hostile.otherUrl } })],
  ])('%s pointing at another host is refused before anything is sent', async (_what, args) => {
    const answer = await rig.dispatch('providers:try', args());
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input', reason: 'try_foreign_origin', needsUser: true } });
    if (!answer.ok) {
      expect(answer.error.message).toContain(`to ${hostile.otherUrl}`);
      expect(answer.error.message).toContain(`only to ${openim.url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hostile.state.captured).toEqual([]);
  });

  it('another host with every secret typed is a plain try with typed values: the stored one stays home', async () => {
    const typed = 'typed-secret-for-the-other-host';
    const args = { definition: { ...definition, request: { ...request(), url: `${hostile.otherUrl}/auth/user_token` } }, accountId, values: { secret: typed } };
    const result = value<ProviderTryResult>(await rig.dispatch('providers:try', args));
    expect(result.status).toBe(200);
    expect(hostile.state.captured).toHaveLength(1);
    const sent = JSON.stringify(hostile.state.captured);
    expect(sent).toContain(typed);
    expect(sent).not.toContain(CANARY);
  });

  it('a definition that calls the secret field not secret still never shows the stored secret', async () => {
    const fields = (definition.fields as Array<Record<string, unknown>>).map((f) => (f.name === 'secret' ? { ...f, secret: false } : f));
    const result = value<ProviderTryResult>(await rig.dispatch('providers:try', { definition: { ...definition, fields }, accountId }));
    expect(result.request.body).toContain('«redacted»');
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });
});

describe('reveal and copy: a budget per minute and a history line each', { timeout: 30_000 }, () => {
  let sud: SudServer;
  let ids: string[];

  beforeEach(async () => {
    sud = await startSudServer();
    ids = [];
    for (const name of ['one', 'two', 'three']) {
      const { id } = await rig.core.create({ provider: 'sud', name, env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
      expect(value<RefreshResult>(await rig.dispatch('accounts:refresh', { id })).ok).toBe(true);
      ids.push(id);
    }
  });

  afterEach(async () => {
    await sud.close();
  });

  it('the 11th token within a minute is refused with when to try again; a minute later it is given', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const id = ids[i % ids.length] ?? '';
      if (i % 2 === 0) tokens.add(value<{ token: string }>(await rig.dispatch('accounts:reveal', { id })).token);
      else value(await rig.dispatch('accounts:copy', { id, format: 'header' }));
    }
    expect(tokens.size).toBe(3);
    rig.clock.jump(30_000);
    const refused = await rig.dispatch('accounts:reveal', { id: ids[0] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'locked', reason: 'secret_budget', retryAt: rig.clock.now() + 30_000 } });
    if (!refused.ok) expect(refused.error.message).toMatch(/more than 10 tokens .* Try again in 30 s/);
    expect(await rig.dispatch('accounts:copy', { id: ids[1], format: 'raw' })).toMatchObject({ ok: false, error: { reason: 'secret_budget' } });
    rig.clock.jump(30_000);
    expect(value<{ token: string }>(await rig.dispatch('accounts:reveal', { id: ids[0] })).token.length).toBeGreaterThan(10);
  });

  it('each token given is in the history (reveal, copy and its format), never the token; a refusal once', async () => {
    const token = value<{ token: string }>(await rig.dispatch('accounts:reveal', { id: ids[0] })).token;
    value(await rig.dispatch('accounts:copy', { id: ids[0], format: 'curl' }));
    for (let i = 0; i < 12; i++) await rig.dispatch('accounts:reveal', { id: ids[1] });
    const history = value<HistoryEntry[]>(await rig.dispatch('history:list', { id: ids[0] }));
    expect(history.slice(0, 2).map((e) => [e.operation, e.outcome, e.httpStatus])).toEqual([['copy_curl', 'ok', null], ['reveal', 'ok', null]]);
    const second = value<HistoryEntry[]>(await rig.dispatch('history:list', { id: ids[1] }));
    expect(second.filter((e) => e.operation === 'reveal').map((e) => e.outcome)).toEqual(['error', ...Array<string>(8).fill('ok')]);
    expect(second[0]).toMatchObject({ errorCode: 'locked', accountName: 'two' });
    const file = await readFile(path.join(rig.core.dataDir, 'history.jsonl'), 'utf8');
    expect(file).not.toContain(token);
    expect(file).not.toContain(token.slice(0, 20));
  });

  it('a reveal that gives nothing (no token yet) spends no budget', async () => {
    const { id } = await rig.core.create({ provider: 'sud', name: 'fresh', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
    for (let i = 0; i < 15; i++) expect(await rig.dispatch('accounts:reveal', { id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(value<{ token: string }>(await rig.dispatch('accounts:reveal', { id: ids[0] })).token.length).toBeGreaterThan(10);
  });
});
