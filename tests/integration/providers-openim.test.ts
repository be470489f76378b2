import { afterEach, describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { openImProvider } from '../../electron/core/providers/openim';
import { accountInput, afterExchange, exchangeContext, failureOf, fakeClock, leakedSecrets } from '../servers/context';
import { startHostileServer, startOpenImServer, type HostileServer, type OpenImServer, type OpenImServerOptions } from '../servers';

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
const NINETY_DAYS_MS = 7_776_000_000;

describe('OpenIM v3.0 – v3.7 and v3.8.0 (/auth/user_token, as in the OpenIM documentation)', () => {
  it('issues a token whose expiry is now + expireTimeSeconds (a duration)', async () => {
    const server = await openim({ generation: 'v3.7' });
    const result = await openImProvider.exchange(account(server), ctx());
    expect(result.expiresAt).toBe(clock.now() + NINETY_DAYS_MS);
    expect(result.extras).toMatchObject({ userID: 'user-1', platformID: 5, platform: 'Web', apiVersion: 'v3', apiGeneration: 'v3.0 – v3.8.0 (/auth/user_token)', apiDetected: true });
    expect(result.extras.jwt).toMatchObject({ claims: { UserID: 'user-1', PlatformID: 5 } });
    expect(result.state).toEqual({ apiVersion: 'v3' });
    expect(server.state.requests).toMatchObject({ userToken: 1, notFound: 0 });
  });

  it('sends a fresh operationID header with every request', async () => {
    const server = await openim();
    for (let i = 0; i < 5; i++) await openImProvider.exchange(account(server), ctx());
    expect(server.state.missingOperationID).toBe(0);
    expect(new Set(server.state.operationIDs).size).toBe(5);
  });

  it('reads a huge expireTimeSeconds as a duration too, never as a Unix time', async () => {
    const server = await openim();
    server.respondNext({ body: { errCode: 0, errMsg: '', errDlt: '', data: { token: 'a.b.c', expireTimeSeconds: 2_000_000_000 } } });
    const result = await openImProvider.exchange(account(server), ctx());
    expect(result.expiresAt).toBe(clock.now() + 2_000_000_000_000);
  });

  it('on v3.8.0 a remembered 3.8.1+ generation falls back: get_admin_token answers 1001 there, not 404', async () => {
    const server = await openim({ generation: 'v3.8.0' });
    const result = await openImProvider.exchange({ ...account(server), state: { apiVersion: 'v3.8' } }, ctx());
    expect(result.state).toEqual({ apiVersion: 'v3' });
    expect(server.state.requests).toMatchObject({ headerMissing: 1, adminToken: 0, notFound: 0, userToken: 1 });
  });

  it('on v3.0 – v3.7 a remembered 3.8.1+ generation falls back on gin\'s 404', async () => {
    const server = await openim({ generation: 'v3.7' });
    const result = await openImProvider.exchange({ ...account(server), state: { apiVersion: 'v3.8' } }, ctx());
    expect(result.state).toEqual({ apiVersion: 'v3' });
    expect(server.state.requests).toMatchObject({ notFound: 1, userToken: 1 });
  });

  it('says to switch when the 3.8.1+ pair is forced on an older server', async () => {
    const server = await openim({ generation: 'v3.8.0' });
    const error = await failureOf(openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1001' } });
    expect((error as Error).message).toContain('older than OpenIM 3.8.1); set API version to Auto or v3.0 – v3.8.0');
  });
});

describe('OpenIM 3.8.1+ (removed /auth/user_token answers 1001, not 404)', () => {
  for (const errorStyle of ['current', 'legacy', 'blank'] as const) {
    it(`auto-detects the admin pair from the 1001 "header must have token" answer (${errorStyle} tools errors)`, async () => {
      const server = await openim({ generation: 'v3.8.1', errorStyle });
      const input = account(server);
      const first = await openImProvider.exchange(input, ctx());
      expect(first.state).toEqual({ apiVersion: 'v3.8' });
      expect(first.extras).toMatchObject({ apiVersion: 'v3.8', apiGeneration: 'v3.8.1+ (get_admin_token → get_user_token)', adminUserID: 'imAdmin' });
      expect(server.state.requests).toMatchObject({ headerMissing: 1, notFound: 0, adminToken: 1, getUserToken: 1 });
      // Remembered: the next refresh goes straight to the pair.
      await openImProvider.exchange(afterExchange(input, first), ctx());
      expect(server.state.requests).toMatchObject({ headerMissing: 1, getUserToken: 2 });
    });
  }

  it('says to switch when /auth/user_token is forced on a 3.8.1+ server', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const error = await failureOf(openImProvider.exchange(account(server, { apiVersion: 'v3' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1001' } });
    expect((error as Error).message).toContain('OpenIM 3.8.1 removed it); set API version to Auto or v3.8.1+');
  });

  it('goes back to /auth/user_token when a remembered 3.8.1+ server was downgraded', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const input = account(server);
    const c = ctx();
    const first = await openImProvider.exchange(input, c);
    server.setGeneration('v3.7');
    const second = await openImProvider.exchange(afterExchange(input, first), c);
    expect(second.state).toEqual({ apiVersion: 'v3' });
  });
});

describe('OpenIM admin tokens are cached per server and admin user', () => {
  it('never fetches a new admin token per refresh', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const c = ctx();
    let input = account(server);
    for (let i = 0; i < 5; i++) {
      const result = await openImProvider.exchange(input, c);
      expect(result.extras.adminToken).toBe(i === 0 ? 'fetched' : 'reused');
      input = afterExchange(input, result);
    }
    expect(server.state.adminTokensIssued).toBe(1);
    expect(server.state.requests.getUserToken).toBe(5);
  });

  it('shares one admin token among the accounts of a server, also when they refresh at once', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const c = ctx();
    const inputs = ['u1', 'u2', 'u3', 'u4'].map((userID) => account(server, { userID, apiVersion: 'v3.8' }));
    const results = await Promise.all(inputs.map((input) => openImProvider.exchange(input, c)));
    expect(new Set(results.map((r) => r.token)).size).toBe(4);
    expect(server.state.adminTokensIssued).toBe(1);
  });

  it('fetches a new admin token shortly before the cached one expires', async () => {
    const server = await openim({ generation: 'v3.8.1', tokenExpireDays: 1 });
    const c = ctx();
    await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
    clock.advance(23 * 3_600_000);
    await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
    expect(server.state.adminTokensIssued).toBe(1);
    clock.advance(3_600_000 - 60_000); // a minute before the admin token's end: inside the margin
    await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
    expect(server.state.adminTokensIssued).toBe(2);
  });

  it('renews a cached admin token once when get_user_token says it is gone (1507), and retries once', async () => {
    // Current main: another tool's new admin token leaves ours five minutes to live.
    const server = await openim({ generation: 'v3.8.1', adminTokenPolicy: 'grace' });
    const c = ctx();
    await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
    clock.advance(1_000); // JWTs of the same second are the same token
    const other = await fetch(`${server.url}/auth/get_admin_token`, { method: 'POST', headers: { operationID: 'other-tool' }, body: JSON.stringify({ secret: 'openIM123', userID: 'imAdmin' }) });
    expect(((await other.json()) as { errCode: number }).errCode).toBe(0);
    clock.advance(6 * 60_000);
    const result = await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
    expect(result.extras.adminToken).toBe('fetched');
    expect(server.state.adminTokensIssued).toBe(3);
    // The stale token was refused by the token middleware, before the route.
    expect(server.state.requests.getUserToken).toBe(2);
  });

  for (const [errCode, errMsg] of [[1501, 'TokenExpiredError'], [1502, 'TokenInvalidError'], [1503, 'TokenMalformedError'], [1506, 'TokenKickedError'], [1001, 'ArgsError']] as const) {
    it(`renews the admin token once on get_user_token ${errCode}`, async () => {
      const server = await openim({ generation: 'v3.8.1' });
      const c = ctx();
      await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
      server.respondNext({ path: '/auth/get_user_token', body: { errCode, errMsg, errDlt: errCode === 1001 ? 'header must have token' : 'jwt parse error' } });
      await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
      expect(server.state.adminTokensIssued).toBe(2);
      expect(server.state.requests.getUserToken).toBe(3);
    });
  }

  it('does not loop when a fresh admin token is refused too', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    server.respondNext({ path: '/auth/get_user_token', body: { errCode: 1502, errMsg: 'TokenInvalidError', errDlt: 'jwt parse error' } });
    const error = await failureOf(openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', provider: { code: '1502' } });
    expect(server.state.adminTokensIssued).toBe(1);
  });

  it('a changed secret is checked by the server, not hidden behind the cached admin token', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const c = ctx();
    await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
    const error = await failureOf(openImProvider.exchange(account(server, { apiVersion: 'v3.8', secret: 'a-wrong-secret' }), c));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1002' } });
  });
});

describe('OpenIM refusals say what errDlt says', () => {
  it('a wrong admin user ID is 1001 "userID is error." and names the server\'s admins', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const error = await failureOf(openImProvider.exchange(account(server, { adminUserID: 'user-1' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1001' } });
    expect((error as Error).message).toContain('"user-1" is not an admin user of this server (its imAdminUserID is imAdmin)');
  });

  it('platform 10 is refused by get_user_token with 1002, and the hint says so', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const error = await failureOf(openImProvider.exchange(account(server, { platformID: '10' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1002' } });
    expect((error as Error).message).toContain('refuses platform 10 (Admin)');
  });

  it('an admin user ID as the user is refused with 1002, and the hint says so', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const error = await failureOf(openImProvider.exchange(account(server, { userID: 'imAdmin' }), ctx()));
    expect((error as Error).message).toContain('"imAdmin" is an admin user, and get_user_token refuses admin user IDs');
  });

  it('a wrong secret is 1002, needs the user, and never appears in the error', async () => {
    for (const generation of ['v3.7', 'v3.8.1'] as const) {
      const server = await openim({ generation });
      const error = await failureOf(openImProvider.exchange(account(server, { secret: 'not-the-secret-123' }), ctx()));
      expect(error).toBeInstanceOf(TokenDeskError);
      expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, status: 200, provider: { code: '1002' } });
      expect((error as Error).message).toContain('The secret is wrong');
      expect(leakedSecrets(error, ['not-the-secret-123'])).toEqual([]);
    }
  });

  it('an unknown user is 1004 and needs the user', async () => {
    const server = await openim({ generation: 'v3.8.1', users: ['user-1'] });
    const error = await failureOf(openImProvider.exchange(account(server, { userID: 'ghost' }), ctx()));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '1004' } });
    expect((error as Error).message).toContain('The server has no user "ghost"');
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

  it('redacts the tokens that token errors embed in errDlt and errMsg', async () => {
    const server = await openim({ generation: 'v3.8.1', errorStyle: 'legacy' });
    const foreign = 'eyJhbGciOiJIUzI1NiJ9.eyJVc2VySUQiOiJ1In0.c2lnbmF0dXJl';
    server.respondNext({ path: '/auth/get_user_token', body: { errCode: 1503, errMsg: `jwt parse error, token=${foreign}: 1503 TokenMalformedError`, errDlt: `jwt parse error, token=${foreign}: 1503 TokenMalformedError` } });
    const error = await failureOf(openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), ctx()));
    expect(leakedSecrets(error, ['openIM123', foreign])).toEqual([]);
    expect((error as Error).message).toContain('token=«redacted»');
  });
});

describe('OpenIM kicks: a new user token logs the earlier one out on that platform', () => {
  it('the previous token answers 1506 (kicked) after a refresh; other platforms keep theirs', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    const c = ctx();
    const web = await openImProvider.exchange(account(server), c);
    const ios = await openImProvider.exchange(account(server, { platformID: '1' }), c);
    expect(server.check(web.token)).toBe(0);
    clock.advance(1_000); // JWTs of the same second are the same token
    const again = await openImProvider.exchange(afterExchange(account(server), web), c);
    expect(server.check(web.token)).toBe(1506);
    expect(server.check(again.token)).toBe(0);
    expect(server.check(ios.token)).toBe(0);
  });

  it('new OpenIM accounts do not auto-refresh, and the provider says why', () => {
    expect(openImProvider.info.autoRefreshDefault).toBe(false);
    expect(openImProvider.info.autoRefreshWarning?.en).toContain('logs out the client');
    expect(openImProvider.info.autoRefreshWarning?.zh).toContain('下线');
  });
});

describe('OpenIM behind a broken address', () => {
  let hostile: HostileServer | null = null;
  afterEach(async () => {
    await hostile?.close();
    hostile = null;
  });

  it('a server with neither token route says to check the API address', async () => {
    hostile = await startHostileServer();
    const error = await failureOf(openImProvider.exchange(accountInput(openImProvider, { baseUrl: hostile.url, secret: 'openIM123', userID: 'u1' }), ctx()));
    expect(error).toMatchObject({ code: 'http_error', status: 404, needsUser: true });
    expect((error as Error).message).toContain('neither /auth/user_token nor /auth/get_admin_token; check the API address');
    expect(hostile.state.seen).toEqual(['/auth/user_token', '/auth/get_admin_token']);
  });

  it('an HTML 502 from a gateway is an http_error, not a missing route, and the good admin token is kept for the next try', async () => {
    const server = await openim({ generation: 'v3.8.1' });
    server.respondNext({ status: 502, path: '/auth/get_user_token', body: '<html><head><title>502 Bad Gateway</title></head></html>' });
    const c = ctx();
    const error = await failureOf(openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c));
    expect(error).toMatchObject({ code: 'http_error', status: 502 });
    await openImProvider.exchange(account(server, { apiVersion: 'v3.8' }), c);
    expect(server.state.adminTokensIssued).toBe(1);
  });
});

describe('OpenIM token rendering', () => {
  it('renders the header as OpenIM reads it: `token: <token>`', () => {
    const input = accountInput(openImProvider, { secret: 's', userID: 'u' });
    expect(openImProvider.formatToken?.('abc.def.ghi', 'header', input)).toBe('token: abc.def.ghi');
    expect(openImProvider.formatToken?.('abc.def.ghi', 'raw', input)).toBeUndefined();
  });
});
