import { afterEach, describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { saiNiuProvider } from '../../electron/core/providers/sainiu';
import { accountInput, exchangeContext, failureOf, fakeClock, leakedSecrets } from '../servers/context';
import { startSaiNiuServer, type SaiNiuCookieShape, type SaiNiuServer, type SaiNiuServerOptions } from '../servers';

const clock = fakeClock();
const servers: SaiNiuServer[] = [];
async function saiNiu(options: SaiNiuServerOptions = {}): Promise<SaiNiuServer> {
  const server = await startSaiNiuServer({ now: clock.now, ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const LOGON = '8ef9c6b1044c6e777a516ad64d7444ec';
const account = (server: SaiNiuServer, fields: Record<string, string> = {}) =>
  accountInput(saiNiuProvider, { baseUrl: server.url, userNick: 'tb123456', logonToken: LOGON, ...fields });
const NAMES = ['cookie2', '_m_h5_tk', 'sgcookie', 'unb', 'stale', 'session_only'];

describe('SaiNiu: the renewal call', () => {
  it('posts post=GetRenewalToken and data=<json> in the query string (as public clients do) and as a form body', async () => {
    const server = await saiNiu();
    await saiNiuProvider.exchange(account(server), exchangeContext(clock));
    expect(server.state.lastCall).toEqual({ path: '/SaiNiuApi/Cookie', post: 'GetRenewalToken', data: { userNick: 'tb123456', logonToken: LOGON }, inQuery: true, inBody: true });
  });

  it('keeps the nick, cookie names and a masked sid as extras', async () => {
    const server = await saiNiu();
    const result = await saiNiuProvider.exchange(account(server), exchangeContext(clock));
    expect(result.extras).toMatchObject({ userNick: 'tb123456', taobaoNick: 'tb123456', displayNick: 'tb123456', cookieNames: NAMES });
    expect(result.extras.sid).toMatch(/^[0-9a-f]{4}…[0-9a-f]{4}$/);
    expect(result.extras.headPicLink).toContain('getAvatar.do');
  });
});

describe('SaiNiu: the cookie table', () => {
  it('lists each structured cookie with its domain and expiry, and never its value', async () => {
    for (const shape of ['array', 'json-string-array'] as const) {
      const server = await saiNiu({ cookieShape: shape, cookieTtlMs: 3600_000 });
      const result = await saiNiuProvider.exchange(account(server), exchangeContext(clock));
      const at = Math.floor(clock.now() / 1000) * 1000;
      expect(result.extras.cookies).toEqual([
        { name: 'cookie2', domain: '.taobao.com', expires: at + 3600_000 },
        { name: '_m_h5_tk', domain: '.taobao.com', expires: at + 7 * 3600_000 },
        { name: 'sgcookie', domain: '.taobao.com', expires: clock.now() + 30 * 3600_000 },
        // A date string has whole seconds.
        { name: 'unb', domain: '.taobao.com', expires: at + 2 * 3600_000 },
        { name: 'stale', domain: '.taobao.com', expires: at - 3600_000 },
        { name: 'session_only', domain: '.taobao.com', expires: null },
      ]);
      const values = result.token.split('; ').map((pair) => pair.slice(pair.indexOf('=') + 1));
      const extrasText = JSON.stringify(result.extras);
      for (const value of values.filter((v) => v.length > 2)) expect(extrasText).not.toContain(value);
    }
  });

  it('lists names only when the framework sends a map or a header string', async () => {
    for (const shape of ['map', 'header'] as const) {
      const server = await saiNiu({ cookieShape: shape });
      const result = await saiNiuProvider.exchange(account(server), exchangeContext(clock));
      expect(result.extras.cookies).toEqual(NAMES.map((name) => ({ name, expires: null })));
    }
  });
});

describe('SaiNiu: every cookie shape becomes one Cookie header', () => {
  const shapes: SaiNiuCookieShape[] = ['array', 'json-string-array', 'map', 'header', 'json-string-header'];
  for (const shape of shapes) {
    it(`reads the ${shape} shape`, async () => {
      const server = await saiNiu({ cookieShape: shape });
      const result = await saiNiuProvider.exchange(account(server), exchangeContext(clock));
      expect(result.token).toMatch(/^cookie2=[0-9a-f]{32}; _m_h5_tk=[0-9a-f]{32}_\d+; sgcookie=E100[0-9a-f]{40}; unb=\d+; stale=x; session_only=[0-9a-f]{8}$/);
      expect(result.extras.cookieNames).toEqual(NAMES);
    });
  }

  it('reads cookies when the whole data field arrives JSON-encoded as text', async () => {
    const server = await saiNiu({ dataAsString: true, cookieShape: 'json-string-header' });
    const result = await saiNiuProvider.exchange(account(server), exchangeContext(clock));
    expect(result.token).toMatch(/^cookie2=/);
  });

  it('rejects the documented placeholder "[cookies]" as a bad response, saying what came', async () => {
    const server = await saiNiu();
    server.respondNext({ body: { code: 200, data: { returnValue: { data: '[cookies]' }, ret: ['SUCCESS::成功'] } } });
    const error = await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'bad_response' });
    expect((error as Error).message).toContain('no cookies');
  });
});

describe('SaiNiu: expiry', () => {
  it('takes the earliest future expiry of structured cookies (past and session cookies ignored)', async () => {
    for (const shape of ['array', 'json-string-array'] as const) {
      const server = await saiNiu({ cookieShape: shape, cookieTtlMs: 6 * 3600_000 });
      const result = await saiNiuProvider.exchange(account(server, { lifetimeHours: '48' }), exchangeContext(clock));
      expect(result.expiresAt).toBe(server.state.lastShortestExpiry);
      expect(result.extras.expirySource).toBe('cookies');
    }
  });

  it('uses the account lifetime when the cookies carry no expiry', async () => {
    const server = await saiNiu({ cookieShape: 'header' });
    const result = await saiNiuProvider.exchange(account(server, { lifetimeHours: '12' }), exchangeContext(clock));
    expect(result.expiresAt).toBe(clock.now() + 12 * 3600_000);
    expect(result.extras.expirySource).toBe('lifetimeHours');
  });

  it('says honestly that the expiry is unknown otherwise', async () => {
    const server = await saiNiu({ cookieShape: 'map' });
    const result = await saiNiuProvider.exchange(account(server), exchangeContext(clock));
    expect(result.expiresAt).toBeNull();
    expect(result.extras.expirySource).toBe('unknown');
  });
});

describe('SaiNiu: framework Access Init', () => {
  const access = { accessType: 1, accessId: 'acc-id-9', accessKey: 'acc-key-secret-9' };
  const fields = { accessType: '1', accessId: 'acc-id-9', accessKey: 'acc-key-secret-9' };

  it('is sent once, before the first renewal, with AccessType and EndCall as numbers', async () => {
    const server = await saiNiu({ access });
    const ctx = exchangeContext(clock);
    await saiNiuProvider.exchange(account(server, fields), ctx);
    await saiNiuProvider.exchange(account(server, fields), ctx);
    expect(server.state).toMatchObject({ inits: 1, renewals: 2 });
  });

  it('sends AccessType 0 when only the Access ID and key are set', async () => {
    const server = await saiNiu({ access: { ...access, accessType: 0 } });
    const result = await saiNiuProvider.exchange(account(server, { accessId: 'acc-id-9', accessKey: 'acc-key-secret-9' }), exchangeContext(clock));
    expect(result.token).toMatch(/^cookie2=/);
    expect(server.state.inits).toBe(1);
  });

  it('is redone once when the framework restarted and forgot it', async () => {
    const server = await saiNiu({ access });
    const ctx = exchangeContext(clock);
    await saiNiuProvider.exchange(account(server, fields), ctx);
    server.restart();
    const result = await saiNiuProvider.exchange(account(server, fields), ctx);
    expect(result.token).toMatch(/^cookie2=/);
    expect(server.state).toMatchObject({ inits: 2, renewals: 3 });
  });

  it('a wrong access key needs the user and is not echoed', async () => {
    const server = await saiNiu({ access });
    const error = await failureOf(saiNiuProvider.exchange(account(server, { ...fields, accessKey: 'wrong-access-key-1' }), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '401' } });
    expect(leakedSecrets(error, ['wrong-access-key-1'])).toEqual([]);
    expect(server.state.renewals).toBe(0);
  });
});

describe('SaiNiu: failures as the framework sends them', () => {
  it('code 200 with a top-level ret FAIL_SYS_SESSION_EXPIRED and empty data needs a new QR login, carrying the ret text', async () => {
    const server = await saiNiu();
    server.expireSession();
    const error = await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)));
    expect(error).toBeInstanceOf(TokenDeskError);
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: 'FAIL_SYS_SESSION_EXPIRED', message: 'Session过期' } });
    expect((error as Error).message).toContain('FAIL_SYS_SESSION_EXPIRED::Session过期');
    expect((error as Error).message).toContain('Log in again with a new QR code');
  });

  it('any FAIL_… ret under code 200 is a rejection, also when data arrives as text', async () => {
    const server = await saiNiu({ dataAsString: true });
    server.failRetNext('FAIL_SYS_TOKEN_EXOIRED::令牌过期');
    const error = await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: 'FAIL_SYS_TOKEN_EXOIRED', message: '令牌过期' } });
  });

  it('a "success" without any cookie is bad_response, never an empty token', async () => {
    const server = await saiNiu();
    server.respondNext({ body: { code: 200, data: { returnValue: { data: '', taobaoNick: 'tb123456' }, code: 3000 }, ret: ['SUCCESS::成功'], passkey: '1734351818043' } });
    expect(await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)))).toMatchObject({ code: 'bad_response' });
    server.respondNext({ body: { code: 200, data: {}, ret: ['SUCCESS::成功'] } });
    expect(await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)))).toMatchObject({ code: 'bad_response' });
    server.respondNext({ body: { code: 200, data: { returnValue: { data: [{ name: 'cookie2', value: '' }, { name: 'unb', value: ' ' }] } }, ret: ['SUCCESS::成功'] } });
    const error = await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'bad_response' });
    expect((error as Error).message).toContain('every cookie it sent is empty');
  });

  it('code != 200 is a rejection with the framework message', async () => {
    const server = await saiNiu();
    server.failNext({ code: 400, msg: '续期失败：参数错误' });
    const error = await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: '400', message: '续期失败：参数错误' } });
  });

  it('a framework-side error (code >= 500) can be retried', async () => {
    const server = await saiNiu();
    server.failNext({ code: 500, msg: '框架内部错误' });
    expect(await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)))).toMatchObject({ needsUser: false, provider: { code: '500' } });
  });

  it('a framework that is not running is named with its address', async () => {
    const server = await saiNiu();
    await server.close();
    const error = await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)));
    expect(error).toMatchObject({ code: 'network' });
    expect((error as Error).message).toContain(`Start the SaiNiu framework at ${server.url}`);
  });

  it('keeps the logon token out of every error', async () => {
    const server = await saiNiu();
    server.failNext({ code: 400, msg: `logonToken ${LOGON} 无效` });
    const error = await failureOf(saiNiuProvider.exchange(account(server), exchangeContext(clock)));
    expect(leakedSecrets(error, [LOGON])).toEqual([]);
  });
});

describe('SaiNiu: token rendering', () => {
  it('renders the cookie format as a Cookie header', () => {
    const input = accountInput(saiNiuProvider, { userNick: 'u', logonToken: 't' });
    expect(saiNiuProvider.formatToken?.('a=1; b=2', 'cookie', input)).toBe('Cookie: a=1; b=2');
    expect(saiNiuProvider.formatToken?.('a=1; b=2', 'raw', input)).toBeUndefined();
  });
});
