import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from '../../shared/jwt';
import { TokenDeskError } from '../../electron/core/errors';
import { sudProvider } from '../../electron/core/providers/sud';
import { accountInput, afterExchange, exchangeContext, failureOf, fakeClock, leakedSecrets } from '../servers/context';
import { startHostileServer, startSudServer, type SudServer, type SudServerOptions } from '../servers';

const clock = fakeClock();
let server: SudServer;
const started: Array<{ close(): Promise<void> }> = [];

async function sud(options: SudServerOptions = {}): Promise<SudServer> {
  server = await startSudServer({ now: clock.now, ...options });
  started.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

const ctx = () => exchangeContext(clock);
const account = (fields: Record<string, string> = {}) => accountInput(sudProvider, { baseUrl: server.url, code: server.issueCode({ uid: '42' }), ...fields });

describe('SUD: first token from the code', () => {
  it('gets an ss_token with the server expiry, user info and decoded JWT claims', async () => {
    await sud();
    const result = await sudProvider.exchange(account(), ctx());
    expect(server.state.requests).toMatchObject({ get: 1, update: 0 });
    expect(server.isLive(result.token)).toBe(true);
    expect(result.expiresAt).toBe(clock.now() + 2 * 3600_000);
    expect(result.extras.userInfo).toEqual({ uid: '42', nickName: '萌萌', avatarUrl: 'https://avatar.example/42.png', gender: 'female', isAi: false, aiLevel: 0 });
    expect(result.extras.jwt).toMatchObject({ header: { alg: 'HS256' }, claims: { uid: '42', app_id: 'sud-app-id' } });
  });

  it('prefers expire_date_str (exact) over expire_date when both are sent', async () => {
    await sud();
    const exact = '1893456000123';
    server.respondNext({ body: { ret_code: 0, ret_msg: '', sdk_error_code: 0, data: { ss_token: 'opaque-token-1', expire_date: 1893456000000, expire_date_str: exact } } });
    const result = await sudProvider.exchange(account(), ctx());
    expect(result.expiresAt).toBe(Number(exact));
    expect(result.extras.jwt).toBeUndefined();
  });

  it('reads expire_date alone, and falls back to the JWT exp when the server states no expiry', async () => {
    await sud({ expireStyle: 'number' });
    expect((await sudProvider.exchange(account(), ctx())).expiresAt).toBe(clock.now() + 2 * 3600_000);
    await server.close();
    await sud({ expireStyle: 'none' });
    const result = await sudProvider.exchange(account(), ctx());
    expect(result.expiresAt).toBe(decodeJwt(result.token)?.expiresAt);
    expect(result.expiresAt).toBe(Math.floor((clock.now() + 2 * 3600_000) / 1000) * 1000);
  });

  it('uses the configured paths', async () => {
    await sud({ getPath: '/sud/get', updatePath: '/sud/update' });
    const input = account({ getPath: '/sud/get', updatePath: '/sud/update' });
    const first = await sudProvider.exchange(input, ctx());
    await sudProvider.exchange(afterExchange(input, first), ctx());
    expect(server.state.requests).toMatchObject({ get: 1, update: 1 });
  });
});

describe('SUD: rotation and fallback', () => {
  it('updates a valid token, rotating it and keeping the user info', async () => {
    await sud();
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    clock.advance(60_000);
    const second = await sudProvider.exchange(afterExchange(input, first), ctx());
    expect(server.state.requests).toMatchObject({ get: 1, update: 1 });
    expect(second.token).not.toBe(first.token);
    expect(server.isLive(first.token)).toBe(false);
    expect(server.isLive(second.token)).toBe(true);
    expect(second.expiresAt).toBe(clock.now() + 2 * 3600_000);
    expect(second.extras.userInfo).toEqual(first.extras.userInfo);
  });

  for (const [sdk, refusal] of [['go', 1002], ['java', 1002], ['node', 1004]] as const) {
    it(`falls back to get with the code once when update answers ${refusal} (${sdk} SDK: token no longer accepted)`, async () => {
      await sud({ sdk });
      const input = account();
      const first = await sudProvider.exchange(input, ctx());
      await sudProvider.exchange(afterExchange(input, first), ctx()); // rotates: first.token is now refused
      const again = await sudProvider.exchange(afterExchange(input, first), ctx());
      expect(server.state.requests).toMatchObject({ get: 2, update: 2 });
      expect(server.isLive(again.token)).toBe(true);
      expect(again.extras).toMatchObject({ lastOperation: 'get_sstoken', updateRefusedWith: refusal });
    });
  }

  it('falls back on 1003 (Node SDK: token could not be decoded)', async () => {
    await sud({ sdk: 'node' });
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    server.failNext({ sdk_error_code: 1003, ret_msg: '参数错误' });
    const again = await sudProvider.exchange(afterExchange(input, first), ctx());
    expect(server.state.requests).toMatchObject({ get: 2, update: 1 });
    expect(server.isLive(again.token)).toBe(true);
  });

  it('after a rotated app secret (Go: 1002 for update and get) asks for a new code, having tried get once', async () => {
    await sud({ sdk: 'go' });
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    server.rotateSecret();
    const error = await failureOf(sudProvider.exchange(afterExchange(input, first), ctx()));
    expect(server.state.requests).toMatchObject({ get: 2, update: 1 });
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1002' } });
    expect((error as Error).message).toContain('did not accept the stored code after update_sstoken answered 1002; paste a new code');
  });

  it('falls back to get when update answers 1005 (expired on the server)', async () => {
    await sud();
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    server.expireTokens();
    const again = await sudProvider.exchange(afterExchange(input, first), ctx());
    expect(server.state.requests).toMatchObject({ get: 2, update: 1 });
    expect(server.isLive(again.token)).toBe(true);
  });

  it('skips update when the stored token has already expired', async () => {
    await sud();
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    clock.advance(3 * 3600_000);
    await sudProvider.exchange(afterExchange({ ...input, fields: { ...input.fields, code: server.issueCode() } }, first), ctx());
    expect(server.state.requests).toMatchObject({ get: 2, update: 0 });
  });

  it('asks for a new code when the code itself has expired', async () => {
    await sud();
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    server.expireTokens();
    server.expireCodes();
    const error = await failureOf(sudProvider.exchange(afterExchange(input, first), ctx()));
    expect(error).toBeInstanceOf(TokenDeskError);
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1005' } });
    expect((error as TokenDeskError).message).toContain('The SUD code has expired; paste a new code');
    // The next step as data, which each surface words: the CLI as a command, the window as a button.
    expect((error as TokenDeskError).next).toEqual({ kind: 'edit', fields: ['code'] });
  });

  it('never reads a token out of a failure envelope, even when data.ss_token is present', async () => {
    await sud();
    server.failNext({ ret_code: 1, sdk_error_code: 9999, ret_msg: 'internal error' });
    const error = await failureOf(sudProvider.exchange(account(), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: false, provider: { code: '9999', message: 'internal error' } });
    server.respondNext({ body: { ret_code: 1, ret_msg: 'bad', data: { ss_token: 'looks-fine', expire_date: clock.now() + 1000 } } });
    expect(await failureOf(sudProvider.exchange(account(), ctx()))).toMatchObject({ code: 'provider_rejected', provider: { code: '1' } });
  });
});

describe('SUD: the demos\' own answer shapes', () => {
  it('takes a Java demo success that has only ret_code and data (non_null: no ret_msg, no sdk_error_code)', async () => {
    await sud({ sdk: 'java' });
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    expect(first.extras.userInfo).toMatchObject({ uid: '42', nickName: 'HELLO-SUD', gender: 'male' });
    const second = await sudProvider.exchange(afterExchange(input, first), ctx());
    expect(server.isLive(second.token)).toBe(true);
    expect(second.extras.lastOperation).toBe('update_sstoken');
  });

  it('takes the Node demo answers, sent without a Content-Type and without user_info', async () => {
    await sud({ sdk: 'node' });
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    expect(first.expiresAt).toBe(clock.now() + 2 * 3600_000);
    expect(first.extras.userInfo).toBeUndefined();
    const second = await sudProvider.exchange(afterExchange(input, first), ctx());
    expect(server.isLive(second.token)).toBe(true);
  });

  it('a 9999 on update is not a refused token: no fallback, try again later', async () => {
    await sud();
    const input = account();
    const first = await sudProvider.exchange(input, ctx());
    server.failNext({ sdk_error_code: 9999, ret_msg: 'unknown' });
    const error = await failureOf(sudProvider.exchange(afterExchange(input, first), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: false, provider: { code: '9999' } });
    expect(server.state.requests).toMatchObject({ get: 1, update: 1 });
  });
});

describe('SUD: signed requests', () => {
  it('sends the timestamp in the unit the account says: seconds by default, milliseconds when set', async () => {
    await sud({ appId: 'app-77', appSecret: 'sud-app-secret-1', timestampUnit: 'ms' });
    const error = await failureOf(sudProvider.exchange(account({ appId: 'app-77', appSecret: 'sud-app-secret-1' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1002' } });
    expect((error as Error).message).toContain('signature timestamp unit');
    expect(server.state.lastSignature?.timestamp).toMatch(/^\d{10}$/);
    const result = await sudProvider.exchange(account({ appId: 'app-77', appSecret: 'sud-app-secret-1', timestampUnit: 'milliseconds' }), ctx());
    expect(server.isLive(result.token)).toBe(true);
    expect(server.state.lastSignature?.timestamp).toBe(String(clock.now()));
  });

  it('offers the timestamp unit as an account setting, seconds by default', () => {
    const field = sudProvider.info.fields.find((f) => f.name === 'timestampUnit');
    expect(field).toMatchObject({ kind: 'select', default: 'seconds' });
    expect(field?.options?.map((o) => o.value)).toEqual(['seconds', 'milliseconds']);
  });

  it('signs with Sud-* headers when App ID and App secret are set', async () => {
    await sud({ appId: 'app-77', appSecret: 'sud-app-secret-1' });
    const result = await sudProvider.exchange(account({ appId: 'app-77', appSecret: 'sud-app-secret-1' }), ctx());
    expect(server.isLive(result.token)).toBe(true);
    expect(server.state.requests.badSignature).toBe(0);
    expect(server.state.lastSignature).toMatchObject({ appId: 'app-77', timestamp: String(Math.floor(clock.now() / 1000)) });
    expect(server.state.lastSignature?.nonce).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reports a wrong App secret as a problem the user must fix', async () => {
    await sud({ appId: 'app-77', appSecret: 'sud-app-secret-1' });
    const error = await failureOf(sudProvider.exchange(account({ appId: 'app-77', appSecret: 'wrong-secret-xyz' }), ctx()));
    expect(server.state.requests.badSignature).toBe(1);
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1002' } });
    expect(leakedSecrets(error, ['wrong-secret-xyz'])).toEqual([]);
  });
});

describe('SUD: broken servers', () => {
  it('reports an HTML 502 as http_error with the status, a non-JSON 200 as bad_response', async () => {
    const hostile = await startHostileServer();
    started.push(hostile);
    const base = { baseUrl: hostile.url, code: 'code-abcdef-123' };
    const gateway = await failureOf(sudProvider.exchange(accountInput(sudProvider, { ...base, getPath: '/html-502' }), ctx()));
    expect(gateway).toMatchObject({ code: 'http_error', status: 502 });
    expect((gateway as Error).message).toContain('The SUD server answered 502 Bad Gateway (an HTML page titled "502 Bad Gateway")');
    const text = await failureOf(sudProvider.exchange(accountInput(sudProvider, { ...base, getPath: '/not-json' }), ctx()));
    expect(text).toMatchObject({ code: 'bad_response', status: 200 });
    const shape = await failureOf(sudProvider.exchange(accountInput(sudProvider, { ...base, getPath: '/json-array' }), ctx()));
    expect(shape).toMatchObject({ code: 'bad_response' });
  });

  it('keeps the code, the token and the App secret out of every error', async () => {
    await sud({ appId: 'app-77', appSecret: 'sud-app-secret-1' });
    const code = server.issueCode();
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJ1aWQiOiIxIn0.c2lnbmF0dXJl';
    const input = accountInput(sudProvider, { baseUrl: server.url, code, appId: 'app-77', appSecret: 'sud-app-secret-1' }, { token, expiresAt: clock.now() + 60_000 });
    const secrets = [code, token, 'sud-app-secret-1'];
    server.respondNext({ status: 500, body: `<html><title>error for ${code}</title></html>` });
    const errors = [await failureOf(sudProvider.exchange(input, ctx()))];
    server.failNext({ sdk_error_code: 1001, ret_msg: `cannot create token for ${token}` });
    errors.push(await failureOf(sudProvider.exchange(input, ctx())));
    server.expireCodes();
    errors.push(await failureOf(sudProvider.exchange({ ...input, token: null }, ctx())));
    await server.close();
    errors.push(await failureOf(sudProvider.exchange(input, ctx())));
    for (const error of errors) {
      expect(error).toBeInstanceOf(TokenDeskError);
      expect(leakedSecrets(error, secrets)).toEqual([]);
    }
  });
});
