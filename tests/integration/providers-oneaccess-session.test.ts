import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { isoInstant, parseIsoInstant } from '../../shared/datetime';
import { oneAccessProvider } from '../../electron/core/providers/oneaccess';
import { ONEACCESS_SESSION_RENEW_MARGIN_MS } from '../../shared/providers';
import { validateFields } from '../../electron/core/providers/registry';
import { exchangeContext, failureOf, fakeClock, leakedSecrets } from '../servers/context';
import type { OneAccessServer } from '../servers';
import { oneAccessAccount, trackedOneAccess } from './oneaccess-fixture';

const clock = fakeClock();
const MIN = 60_000;
const oneAccess = trackedOneAccess(clock);

const account = (server: OneAccessServer, fields: Record<string, string> = {}) => oneAccessAccount(server, { ...fields });

/** Every address this machine has outside loopback, as os.networkInterfaces() lists them. */
function machineAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).filter((i) => !i.internal).map((i) => i.address));
}

describe('OneAccess: caller facts from this machine', () => {
  it('sends this machine\'s OS version and network address when the account leaves them empty', async () => {
    const server = await oneAccess();
    const login = server.login();
    await oneAccessProvider.exchange(account(server, { sessionToken: login.session_token }), exchangeContext(clock));
    const [call] = server.state.calls;
    expect(call?.operating_sys_version).not.toBe('Windows 10');
    expect(call?.operating_sys_version).toContain(os.release());
    const addresses = machineAddresses();
    const ipv4 = addresses.filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a) && !a.startsWith('169.254.'));
    if (ipv4.length > 0) expect(ipv4).toContain(call?.device_ip);
    else expect([...addresses, '127.0.0.1']).toContain(call?.device_ip);
  });

  it('sends the account\'s own values when it has them', async () => {
    const server = await oneAccess();
    const login = server.login();
    await oneAccessProvider.exchange(account(server, { sessionToken: login.session_token, operatingSysVersion: 'Android 10', deviceIp: '10.10.10.1' }), exchangeContext(clock));
    expect(server.state.calls[0]).toMatchObject({ operating_sys_version: 'Android 10', device_ip: '10.10.10.1' });
  });

  it('shows the machine values as placeholders, never as stored defaults', () => {
    const fields = Object.fromEntries(oneAccessProvider.info.fields.map((f) => [f.name, f]));
    expect(fields.operatingSysVersion?.default).toBeUndefined();
    expect(fields.operatingSysVersion?.placeholder).toContain(os.release());
    expect(structuredClone(fields.deviceIp)?.placeholder).toMatch(/\S/);
  });
});

describe('OneAccess: the session token has its own lifetime', () => {
  it('renews the session before it ends, stores the new one with its new end, and gets the ticket with it', async () => {
    const server = await oneAccess({ sessionTtlSeconds: 43_200 });
    const login = server.login();
    const endsAt = clock.now() + 20 * MIN; // inside the 30-minute margin
    const ctx = exchangeContext(clock);
    const result = await oneAccessProvider.exchange(account(server, { sessionToken: login.session_token, sessionExpiresAt: isoInstant(endsAt) }), ctx);
    expect(server.state.sessionRefreshes).toBe(1);
    const [saved] = ctx.saved;
    expect(saved?.sessionToken).toMatch(/^LGT-/);
    expect(saved?.sessionToken).not.toBe(login.session_token);
    expect(parseIsoInstant(saved?.sessionExpiresAt ?? '')).toBe(clock.now() + 43_200_000);
    // The ticket was asked for with the new session (the old one stopped working when it was renewed).
    expect(server.state.calls.map((c) => [c.path.split('/').pop(), c.session_token])).toEqual([
      ['refresh', login.session_token],
      ['sso-ticket', saved?.sessionToken],
    ]);
    expect(server.isSessionLive(login.session_token)).toBe(false);
    expect(result.token).toMatch(/^ST-/);
    expect(result.extras).toMatchObject({ sessionRenewedAt: clock.now(), sessionExpiresAt: clock.now() + 43_200_000 });
  });

  it('leaves a session that ends later than the margin alone, and one whose end is not tracked', async () => {
    const server = await oneAccess();
    const login = server.login();
    const ctx = exchangeContext(clock);
    await oneAccessProvider.exchange(account(server, { sessionToken: login.session_token, sessionExpiresAt: isoInstant(clock.now() + 31 * MIN) }), ctx);
    await oneAccessProvider.exchange(account(server, { sessionToken: login.session_token }), ctx);
    expect(server.state.sessionRefreshes).toBe(0);
    expect(ctx.saved).toEqual([]);
    expect(server.state.tickets).toBe(2);
  });

  it('a refused session refresh stores nothing, asks for no ticket and needs the person to log in again', async () => {
    const server = await oneAccess();
    const login = server.login();
    server.revokeSessionToken(login.session_token);
    const ctx = exchangeContext(clock);
    const error = await failureOf(oneAccessProvider.exchange(account(server, { sessionToken: login.session_token, sessionExpiresAt: isoInstant(clock.now() + 5 * MIN) }), ctx));
    expect(error).toMatchObject({ code: 'provider_rejected', status: 400, needsUser: true, reason: 'session_refresh_refused', provider: { code: 'SSO.0003' } });
    expect((error as Error).message).toMatch(/log in again.*paste the new session_token/i);
    expect(ctx.saved).toEqual([]);
    expect(server.state.exchanges).toBe(0);
    expect(leakedSecrets(error, [login.session_token, 'oa-client-secret'])).toEqual([]);
  });

  it('a 401 on the session refresh renews the access token once and retries', async () => {
    const server = await oneAccess();
    const login = server.login();
    const ctx = exchangeContext(clock);
    await oneAccessProvider.exchange(account(server, { sessionToken: login.session_token }), ctx);
    server.expireAccessTokens();
    await oneAccessProvider.exchange(account(server, { sessionToken: login.session_token, sessionExpiresAt: isoInstant(clock.now() + MIN) }), ctx);
    expect(server.state).toMatchObject({ tokenFetches: 2, unauthorized: 1, sessionRefreshes: 1, tickets: 2 });
  });

  it('a 5xx on the session refresh is retried later, not a stop', async () => {
    const server = await oneAccess();
    const login = server.login();
    server.respondNext({ path: '/api/v2/tenant/sso/session-token/refresh', status: 502, body: '<html><title>502 Bad Gateway</title></html>' });
    const ctx = exchangeContext(clock);
    const error = await failureOf(oneAccessProvider.exchange(account(server, { sessionToken: login.session_token, sessionExpiresAt: isoInstant(clock.now() + MIN) }), ctx));
    expect(error).toMatchObject({ code: 'http_error', status: 502, needsUser: false });
    expect(ctx.saved).toEqual([]);
  });

  it('plans the renewal 30 minutes before the session ends, and takes only ISO 8601 times with a zone', () => {
    const endsAt = Date.UTC(2026, 11, 7, 1, 0, 0);
    expect(oneAccessProvider.renewBy?.({ sessionExpiresAt: '2026-12-07T09:00:00+08:00' })).toBe(endsAt - ONEACCESS_SESSION_RENEW_MARGIN_MS);
    expect(oneAccessProvider.renewBy?.({})).toBeNull();
    const base = { baseUrl: 'https://tenant.example.com', accessToken: 'ready', sessionToken: 's', deviceFingerprint: 'fp' };
    expect(validateFields(oneAccessProvider, { ...base, sessionExpiresAt: '2026-12-07T09:00:00+08:00' })).toBeNull();
    for (const bad of ['2026-12-07 09:00', 'tomorrow', '2026-02-30T00:00:00Z', '1733562000']) {
      expect(validateFields(oneAccessProvider, { ...base, sessionExpiresAt: bad })?.message).toContain('sessionExpiresAt');
    }
  });
});
