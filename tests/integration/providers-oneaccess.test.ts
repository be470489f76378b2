import { describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { oneAccessProvider } from '../../electron/core/providers/oneaccess';
import { exchangeContext, failureOf, fakeClock, leakedSecrets, memoryCache } from '../servers/context';
import type { OneAccessServer } from '../servers';
import { oneAccessAccount, trackedOneAccess } from './oneaccess-fixture';

const clock = fakeClock();
const oneAccess = trackedOneAccess(clock);

const account = (server: OneAccessServer, fields: Record<string, string> = {}) => oneAccessAccount(server, { sessionToken: 'iJK-session-token-ITu', ...fields });

describe('OneAccess: sso_ticket from a session token', () => {
  it('returns the ticket with expiry now + expire seconds', async () => {
    const server = await oneAccess({ ticketTtlSeconds: 9600 });
    const result = await oneAccessProvider.exchange(account(server), exchangeContext(clock));
    expect(result.token).toMatch(/^ST-[0-9a-f]{24}$/);
    expect(result.expiresAt).toBe(clock.now() + 9_600_000);
    expect(result.extras).toMatchObject({ ticketLifetimeSeconds: 9600 });
    expect(server.state).toMatchObject({ tokenFetches: 1, tickets: 1, lastContentType: 'application/json;charset=utf8' });
  });

  it('sends X-tenant-id when a tenant ID is set (ISV common domain)', async () => {
    const server = await oneAccess({ tenantId: '08f770f51f80d2f40f38c00cb199fd21' });
    await oneAccessProvider.exchange(account(server, { tenantId: '08f770f51f80d2f40f38c00cb199fd21' }), exchangeContext(clock));
    expect(server.state.lastTenantId).toBe('08f770f51f80d2f40f38c00cb199fd21');
  });

  it('uses a pasted access token instead of client credentials', async () => {
    const server = await oneAccess();
    const ctx = exchangeContext(clock);
    await oneAccessProvider.exchange(account(server), ctx);
    const [cached] = [...ctx.cache.entries.values()];
    const input = account(server, { clientId: '', clientSecret: '', accessToken: cached?.value ?? '' });
    await oneAccessProvider.exchange(input, exchangeContext(clock));
    expect(server.state).toMatchObject({ tokenFetches: 1, tickets: 2 });
  });
});

describe('OneAccess: the access token', () => {
  it('is fetched once and reused across exchanges', async () => {
    const server = await oneAccess();
    const ctx = exchangeContext(clock);
    await oneAccessProvider.exchange(account(server), ctx);
    await oneAccessProvider.exchange(account(server), ctx);
    expect(server.state).toMatchObject({ tokenFetches: 1, tickets: 2 });
  });

  it('is renewed 60 s before it expires', async () => {
    const server = await oneAccess({ accessTokenTtlSeconds: 1800 });
    const ctx = exchangeContext(clock);
    await oneAccessProvider.exchange(account(server), ctx);
    clock.advance(1800_000 - 61_000);
    await oneAccessProvider.exchange(account(server), ctx);
    expect(server.state.tokenFetches).toBe(1);
    clock.advance(2_000);
    await oneAccessProvider.exchange(account(server), ctx);
    expect(server.state.tokenFetches).toBe(2);
  });

  it('tells when the access token behind the ticket expires, fetched or cached, without the token itself', async () => {
    const server = await oneAccess({ accessTokenTtlSeconds: 1800 });
    const ctx = exchangeContext(clock);
    const fetchedAt = clock.now();
    const first = await oneAccessProvider.exchange(account(server), ctx);
    expect(first.extras).toMatchObject({ accessTokenExpiresAt: fetchedAt + 1_800_000, accessTokenSource: 'client' });
    clock.advance(600_000);
    const second = await oneAccessProvider.exchange(account(server), ctx);
    // The cached token keeps its own expiry; the ticket's expiry moved on.
    expect(second.extras.accessTokenExpiresAt).toBe(fetchedAt + 1_800_000);
    expect(server.state.tokenFetches).toBe(1);
    const accessToken = [...ctx.cache.entries.values()][0]?.value ?? '';
    expect(accessToken).not.toBe('');
    expect(JSON.stringify(second.extras)).not.toContain(accessToken);
  });

  it('reads the expiry of a pasted JWT access token and says when a pasted one has none', async () => {
    const server = await oneAccess();
    const exp = Math.floor(clock.now() / 1000) + 3600;
    const jwt = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp })).toString('base64url')}.sig`;
    // The server knows neither pasted token: it answers the ticket request as told.
    server.respondNext({ status: 200, body: { expire: 600, sso_ticket: 'ST-from-pasted-opaque' } });
    const opaque = await oneAccessProvider.exchange(account(server, { clientId: '', clientSecret: '', accessToken: 'opaque-access-token' }), exchangeContext(clock));
    expect(opaque.extras.accessTokenSource).toBe('pasted');
    expect(opaque.extras).not.toHaveProperty('accessTokenExpiresAt');
    server.respondNext({ status: 200, body: { expire: 600, sso_ticket: 'ST-from-pasted-jwt' } });
    const shaped = await oneAccessProvider.exchange(account(server, { clientId: '', clientSecret: '', accessToken: jwt }), exchangeContext(clock));
    expect(shaped.extras).toMatchObject({ accessTokenSource: 'pasted', accessTokenExpiresAt: exp * 1000 });
  });

  it('is refreshed once and the exchange retried once after a 401', async () => {
    const server = await oneAccess();
    const ctx = exchangeContext(clock);
    await oneAccessProvider.exchange(account(server), ctx);
    server.expireAccessTokens();
    const result = await oneAccessProvider.exchange(account(server), ctx);
    expect(result.token).toMatch(/^ST-/);
    expect(server.state).toMatchObject({ tokenFetches: 2, unauthorized: 1, exchanges: 3, tickets: 2 });
  });

  it('does not loop when the renewed token is refused too', async () => {
    const server = await oneAccess();
    const ctx = exchangeContext(clock);
    await oneAccessProvider.exchange(account(server), ctx);
    server.expireAccessTokens();
    server.respondNext({ path: '/api/v2/tenant/token', status: 200, body: { access_token: 'never-valid', expires_in: 1800 } });
    const error = await failureOf(oneAccessProvider.exchange(account(server), ctx));
    // The 401 answers OAuth-style; a freshly issued token being refused is the application's authorization.
    expect(error).toMatchObject({ code: 'provider_rejected', status: 401, needsUser: true, reason: 'access_token_refused', provider: { code: 'invalid_token' } });
    expect(server.state.exchanges).toBe(3);
    expect(ctx.cache.entries.size).toBe(0);
  });

  it('a refused pasted access token asks for a new one without fetching', async () => {
    const server = await oneAccess();
    const error = await failureOf(oneAccessProvider.exchange(account(server, { clientId: '', clientSecret: '', accessToken: 'stale-access-token' }), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'provider_rejected', status: 401, needsUser: true });
    expect((error as Error).message).toContain('Paste a new access token');
    expect(server.state.tokenFetches).toBe(0);
  });

  it('wrong client credentials are rejected with the provider code, in both error styles', async () => {
    for (const [style, code] of [['huawei', 'APP.0005'], ['oauth', 'invalid_client']] as const) {
      const server = await oneAccess({ tokenErrorStyle: style });
      const error = await failureOf(oneAccessProvider.exchange(account(server, { clientSecret: 'wrong-client-secret' }), exchangeContext(clock)));
      expect(error).toMatchObject({ code: 'provider_rejected', status: 400, needsUser: true, provider: { code, message: 'client authentication failed' } });
      expect(leakedSecrets(error, ['wrong-client-secret'])).toEqual([]);
    }
  });

  it('needs client credentials or an access token', async () => {
    const server = await oneAccess();
    const error = await failureOf(oneAccessProvider.exchange(account(server, { clientSecret: '' }), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'invalid_input', needsUser: true });
    expect(oneAccessProvider.validate?.({ clientId: 'x' })).toContain('clientSecret');
    expect(oneAccessProvider.validate?.({ accessToken: 'x' })).toBeNull();
  });
});

describe('OneAccess: session token problems', () => {
  it('a fingerprint that differs from the login is a 400 the user must fix', async () => {
    const server = await oneAccess();
    const error = await failureOf(oneAccessProvider.exchange(account(server, { deviceFingerprint: 'other-device' }), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'provider_rejected', status: 400, needsUser: true, reason: 'session_refused', provider: { code: 'SSO.0002' } });
    expect((error as Error).message).toContain('device fingerprint');
  });

  it('an invalid session token is a 400 that needs a new login', async () => {
    const server = await oneAccess();
    server.revokeSessionToken('iJK-session-token-ITu');
    const error = await failureOf(oneAccessProvider.exchange(account(server), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, reason: 'session_refused', provider: { code: 'SSO.0003' } });
  });

  it('a gateway error page is an http_error that can be retried', async () => {
    const server = await oneAccess();
    const ctx = exchangeContext(clock);
    await oneAccessProvider.exchange(account(server), ctx);
    server.respondNext({ status: 503, body: '<html><head><title>503 Service Unavailable</title></head></html>' });
    const error = await failureOf(oneAccessProvider.exchange(account(server), ctx));
    expect(error).toMatchObject({ code: 'http_error', status: 503, needsUser: false });
  });

  it('never puts the session token, client secret or access token in an error', async () => {
    const server = await oneAccess();
    const ctx = exchangeContext(clock, {}, memoryCache());
    await oneAccessProvider.exchange(account(server), ctx);
    const accessToken = [...ctx.cache.entries.values()][0]?.value ?? '';
    server.respondNext({ status: 400, body: { error_code: 'APP.0003', error_msg: `session iJK-session-token-ITu with bearer ${accessToken} and oa-client-secret` } });
    const error = await failureOf(oneAccessProvider.exchange(account(server), ctx));
    expect(error).toBeInstanceOf(TokenDeskError);
    expect(leakedSecrets(error, ['iJK-session-token-ITu', 'oa-client-secret', accessToken])).toEqual([]);
  });
});
