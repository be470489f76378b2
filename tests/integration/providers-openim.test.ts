import { afterEach, describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { openImProvider } from '../../electron/core/providers/openim';
import { accountInput, afterExchange, exchangeContext, failureOf, fakeClock, leakedSecrets } from '../servers/context';
import { startOpenImServer, type OpenImServer, type OpenImServerOptions } from '../servers';

const clock = fakeClock();
const servers: OpenImServer[] = [];
async function openim(options: OpenImServerOptions = {}): Promise<OpenImServer> {
  const server = await startOpenImServer({ now: clock.now, ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const ctx = () => exchangeContext(clock);
const account = (server: OpenImServer, fields: Record<string, string> = {}) =>
  accountInput(openImProvider, { baseUrl: server.url, secret: 'openIM123', userID: 'user-1', ...fields });

describe('OpenIM v3 (/auth/user_token, the seed)', () => {
  it('issues a token whose expiry is now + expireTimeSeconds (a duration)', async () => {
    const server = await openim();
    const result = await openImProvider.exchange(account(server), ctx());
    expect(result.expiresAt).toBe(clock.now() + 7_776_000_000);
    expect(result.extras).toMatchObject({ userID: 'user-1', platformID: 5, platform: 'Web', apiVersion: 'v3' });
    expect(result.extras.jwt).toMatchObject({ claims: { UserID: 'user-1', PlatformID: 5 } });
    expect(result.state).toEqual({ apiVersion: 'v3' });
    expect(server.state.requests).toMatchObject({ userToken: 1, notFound: 0 });
  });

  it('sends a fresh operationID header with every request', async () => {
    const server = await openim();
    for (let i = 0; i < 5; i++) await openImProvider.exchange(account(server), ctx());
    expect(server.state.missingOperationID).toBe(0);
    expect(server.state.operationIDs).toHaveLength(5);
    expect(new Set(server.state.operationIDs).size).toBe(5);
  });

  it('uses the chosen platform', async () => {
    const server = await openim();
    const result = await openImProvider.exchange(account(server, { platformID: '11' }), ctx());
    expect(result.extras).toMatchObject({ platformID: 11, platform: 'HarmonyOS' });
  });
});

describe('OpenIM 3.8.1+ (admin token, then user token)', () => {
  it('auto-detects the new API on a 404 and remembers it in the returned state', async () => {
    const server = await openim({ mode: 'v3.8' });
    const input = account(server);
    const first = await openImProvider.exchange(input, ctx());
    expect(first.state).toEqual({ apiVersion: 'v3.8' });
    expect(first.extras.apiVersion).toBe('v3.8');
    expect(server.state.requests).toMatchObject({ notFound: 1, adminToken: 1, getUserToken: 1 });
    await openImProvider.exchange(afterExchange(input, first), ctx());
    expect(server.state.requests).toMatchObject({ notFound: 1, adminToken: 2, getUserToken: 2 });
    expect(new Set(server.state.operationIDs).size).toBe(4);
  });

  it('goes back to /auth/user_token when a remembered v3.8 server was downgraded', async () => {
    const server = await openim({ mode: 'v3.8' });
    const input = account(server);
    const first = await openImProvider.exchange(input, ctx());
    server.setMode('v3');
    const second = await openImProvider.exchange(afterExchange(input, first), ctx());
    expect(second.state).toEqual({ apiVersion: 'v3' });
  });

  it('says to switch the API version when a fixed version is missing on the server', async () => {
    const server = await openim({ mode: 'v3.8' });
    const error = await failureOf(openImProvider.exchange(account(server, { apiVersion: 'v3' }), ctx()));
    expect(error).toMatchObject({ code: 'http_error', status: 404, needsUser: true });
    expect((error as Error).message).toContain('set API version to Auto');
    const fixed = await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), ctx());
    expect(fixed.extras.apiVersion).toBe('v3.8');
    expect(server.state.requests.notFound).toBe(1);
  });

  it('reports a non-admin admin user ID as NoPermission', async () => {
    const server = await openim({ mode: 'v3.8' });
    const error = await failureOf(openImProvider.exchange(account(server, { adminUserID: 'user-1', apiVersion: 'v3.8' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1002' } });
  });
});

describe('OpenIM errors (HTTP 200 with errCode)', () => {
  it('a wrong secret is 1002, needs the user, and never appears in the error', async () => {
    for (const mode of ['v3', 'v3.8'] as const) {
      const server = await openim({ mode });
      const error = await failureOf(openImProvider.exchange(account(server, { secret: 'not-the-secret-123' }), ctx()));
      expect(error).toBeInstanceOf(TokenDeskError);
      expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, status: 200, provider: { code: '1002', message: 'NoPermissionError' } });
      expect((error as Error).message).toContain('[1002]NoPermissionError');
      expect(leakedSecrets(error, ['not-the-secret-123'])).toEqual([]);
    }
  });

  it('an unknown user is 1004 and needs the user', async () => {
    const server = await openim({ users: ['user-1'] });
    const error = await failureOf(openImProvider.exchange(account(server, { userID: 'ghost' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1004', message: 'RecordNotFoundError' } });
    expect((error as Error).message).toContain('user ghost: [1004]RecordNotFoundError');
  });

  it('a server-side error can be retried', async () => {
    const server = await openim();
    server.rejectNext(500, 'ServerInternalError', 'redis down');
    const error = await failureOf(openImProvider.exchange(account(server), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: false, provider: { code: '500' } });
    expect((await openImProvider.exchange(account(server), ctx())).token).toBeTruthy();
  });

  it('a success without data.token is a bad response', async () => {
    const server = await openim();
    server.respondNext({ body: { errCode: 0, errMsg: '', data: {} } });
    expect(await failureOf(openImProvider.exchange(account(server), ctx()))).toMatchObject({ code: 'bad_response' });
  });

  it('keeps the secret, the admin token and the user token out of errors', async () => {
    const server = await openim();
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJVc2VySUQiOiJ1In0.c2ln';
    server.respondNext({ body: { errCode: 1501, errMsg: `token ${token} expired`, errDlt: 'secret openIM123' } });
    const error = await failureOf(openImProvider.exchange({ ...account(server), token }, ctx()));
    expect(leakedSecrets(error, ['openIM123', token])).toEqual([]);
  });
});

describe('OpenIM token rendering', () => {
  it('renders the header as OpenIM reads it: `token: <token>`', () => {
    const input = accountInput(openImProvider, { secret: 's', userID: 'u' });
    expect(openImProvider.formatToken?.('abc.def.ghi', 'header', input)).toBe('token: abc.def.ghi');
    expect(openImProvider.formatToken?.('abc.def.ghi', 'raw', input)).toBeUndefined();
  });
});
