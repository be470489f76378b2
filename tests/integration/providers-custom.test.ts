import { afterEach, describe, expect, it } from 'vitest';
import { parseCustomProvider, type CustomProviderInput } from '../../shared/custom-provider';
import { TokenDeskError } from '../../electron/core/errors';
import { definedProvider } from '../../electron/core/providers/custom/custom';
import { resolveUrl } from '../../electron/core/providers/custom/template';
import type { ExchangeInput } from '../../electron/core/providers/types';
import { afterExchange, exchangeContext, failureOf, fakeClock, leakedSecrets } from '../servers/context';
import { startHostileServer, startOneAccessServer, startOpenImServer, startSudServer } from '../servers';
import { SUD_GAME } from '../fixtures/custom-definitions';

const clock = fakeClock();
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});
async function track<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const s = await server;
  started.push(s);
  return s;
}

/** A definition as a person writes it, validated as the CLI and the editor do. */
function define(input: CustomProviderInput) {
  const parsed = parseCustomProvider(input);
  if (!parsed.ok) throw new Error(parsed.problem);
  return definedProvider(parsed.definition);
}

function input(fields: Record<string, string>, rest: Partial<ExchangeInput> = {}): ExchangeInput {
  return { accountId: 'acc-custom', fields, token: null, expiresAt: null, extras: {}, state: {}, ...rest };
}


/** OpenIM v3's user_token (OpenIM's own document) with a fresh operationID header and a number in the body. */
const OPENIM: CustomProviderInput = {
  id: 'im-v3',
  name: 'OpenIM v3',
  fields: [
    { name: 'baseUrl', label: 'API address', required: true, kind: 'url' },
    { name: 'secret', label: 'Server secret', secret: true, required: true },
    { name: 'userID', label: 'User ID', required: true },
  ],
  request: { url: '{{baseUrl}}/auth/user_token', headers: { operationID: '{{uuid}}' }, json: { secret: '{{secret}}', platformID: 5, userID: '{{userID}}' } },
  success: { path: 'errCode', equals: 0 },
  token: { path: 'data.token' },
  expiry: { path: 'data.expireTimeSeconds', unit: 'duration-seconds' },
  error: { codePath: 'errCode', messagePath: 'errMsg' },
};

/** OneAccess's client-credentials access token (ShowAuthToken): a form body and OAuth-style errors. */
const ONEACCESS: CustomProviderInput = {
  id: 'oneaccess-cc',
  name: 'OneAccess client credentials',
  fields: [
    { name: 'baseUrl', label: 'Tenant domain', required: true, kind: 'url' },
    { name: 'clientId', label: 'Client ID', required: true },
    { name: 'clientSecret', label: 'Client secret', secret: true, required: true },
  ],
  request: { url: '{{baseUrl}}/api/v2/tenant/token', form: { grant_type: 'client_credentials', client_id: '{{clientId}}', client_secret: '{{clientSecret}}' } },
  token: { path: 'access_token' },
  expiry: { path: 'expires_in', unit: 'duration-seconds' },
  error: { codePath: 'error_code', messagePath: 'error_msg' },
};

describe('custom providers declared as data, against the local provider servers', () => {
  it('SUD get as a definition: a token the server accepts, its expiry, then update while valid', async () => {
    const sud = await track(startSudServer({ now: clock.now }));
    const provider = define(SUD_GAME);
    const first = await provider.exchange(input({ baseUrl: sud.url, code: sud.issueCode({ uid: '7' }) }), exchangeContext(clock));
    expect(sud.isLive(first.token)).toBe(true);
    expect(first.expiresAt).toBe(clock.now() + 2 * 3600_000);
    expect(first.extras).toMatchObject({ lastOperation: 'request', jwt: { claims: { uid: '7' } } });

    const account = afterExchange(input({ baseUrl: sud.url, code: 'used-code' }), first);
    const second = await provider.exchange(account, exchangeContext(clock));
    expect(second.extras.lastOperation).toBe('refresh');
    expect(sud.state.requests).toMatchObject({ get: 1, update: 1 });
    expect(sud.isLive(second.token)).toBe(true);
  });

  it('a refused refresh falls back to the first request once, as SUD does', async () => {
    const sud = await track(startSudServer({ now: clock.now }));
    const provider = define(SUD_GAME);
    const code = sud.issueCode();
    const account = input({ baseUrl: sud.url, code }, { token: 'not-a-token-the-server-knows', expiresAt: clock.now() + 60_000 });
    const result = await provider.exchange(account, exchangeContext(clock));
    expect(result.extras.lastOperation).toBe('request');
    expect(sud.state.requests).toMatchObject({ get: 1, update: 1 });
  });

  it("a refusal carries the provider's own code and message, redacted, and never reads a failure as a token", async () => {
    const sud = await track(startSudServer({ now: clock.now }));
    const provider = define(SUD_GAME);
    const code = 'canary-code-0123456789';
    const error = await failureOf(provider.exchange(input({ baseUrl: sud.url, code }), exchangeContext(clock)));
    expect(error).toBeInstanceOf(TokenDeskError);
    expect((error as TokenDeskError).code).toBe('provider_rejected');
    expect((error as TokenDeskError).provider?.code).toMatch(/^100\d$/);
    expect(leakedSecrets(error, [code])).toEqual([]);
  });

  it('OpenIM v3 user_token as a definition: operationID per request, numbers kept, duration expiry', async () => {
    const openim = await track(startOpenImServer({ generation: 'v3.7', now: clock.now }));
    const provider = define(OPENIM);
    const result = await provider.exchange(input({ baseUrl: openim.url, secret: 'openIM123', userID: 'user-1' }), exchangeContext(clock));
    expect(openim.check(result.token)).toBe(0);
    expect(result.expiresAt).toBe(clock.now() + 90 * 86_400_000);
    expect(new Set(openim.state.operationIDs).size).toBe(openim.state.operationIDs.length);

    const wrong = await failureOf(provider.exchange(input({ baseUrl: openim.url, secret: 'canary-wrong-secret', userID: 'user-1' }), exchangeContext(clock)));
    expect(wrong).toMatchObject({ code: 'provider_rejected', provider: { code: '1002' } });
    expect(leakedSecrets(wrong, ['canary-wrong-secret'])).toEqual([]);
  });

  it('OneAccess client credentials as a definition: form body, a 400 with error_code/error_msg is the provider refusing', async () => {
    const oneaccess = await track(startOneAccessServer({ clientId: 'cid', clientSecret: 'csecret-canary', accessTokenTtlSeconds: 1800 }));
    const provider = define(ONEACCESS);
    const result = await provider.exchange(input({ baseUrl: oneaccess.url, clientId: 'cid', clientSecret: 'csecret-canary' }), exchangeContext(clock));
    expect(result.token.length).toBeGreaterThan(8);
    expect(result.expiresAt).toBe(clock.now() + 1800_000);
    expect(oneaccess.state.lastContentType).toContain('application/x-www-form-urlencoded');
    const refused = await failureOf(provider.exchange(input({ baseUrl: oneaccess.url, clientId: 'cid', clientSecret: 'wrong-canary' }), exchangeContext(clock)));
    expect(refused).toMatchObject({ code: 'provider_rejected', provider: { code: 'APP.0005' } });
    expect(leakedSecrets(refused, ['wrong-canary'])).toEqual([]);
  });

  it('hostile answers behave as for built-ins: HTML 502, non-JSON 200, 40 MB, a hang; a missing token is bad_response', async () => {
    const hostile = await track(startHostileServer());
    const at = (path: string) => define({ ...OPENIM, request: { ...OPENIM.request, url: `{{baseUrl}}${path}` } });
    const fields = { baseUrl: hostile.url, secret: 'canary-hostile-secret', userID: 'u' };
    const ctx = exchangeContext(clock, { timeoutMs: 1_000 });
    expect(await failureOf(at('/html-502').exchange(input(fields), ctx))).toMatchObject({ code: 'http_error' });
    expect(await failureOf(at('/not-json').exchange(input(fields), ctx))).toMatchObject({ code: 'bad_response' });
    expect(await failureOf(at('/huge').exchange(input(fields), ctx))).toMatchObject({ code: 'bad_response' });
    expect(await failureOf(at('/hang').exchange(input(fields), ctx))).toMatchObject({ code: 'timeout' });
    const noToken = define({ ...OPENIM, success: undefined, request: { ...OPENIM.request, url: '{{baseUrl}}/echo' } });
    const missing = await failureOf(noToken.exchange(input(fields), ctx));
    expect(missing).toBeInstanceOf(TokenDeskError);
    expect(missing).toMatchObject({ code: 'bad_response', message: expect.stringContaining('not a token at data.token') });
    // The echo answer carries the secret the request sent; the error built from it does not.
    expect(leakedSecrets(missing, ['canary-hostile-secret'])).toEqual([]);
  });

  it('a value in the path or query is encoded: a field cannot add a path, a query or another host', async () => {
    const hostile = await track(startHostileServer());
    const provider = define({ ...OPENIM, success: undefined, request: { method: 'POST', url: '{{baseUrl}}/echo?user={{userID}}', headers: {}, json: {} } });
    await failureOf(provider.exchange(input({ baseUrl: hostile.url, secret: 's', userID: 'a&admin=1/../../x' }), exchangeContext(clock)));
    expect(hostile.state.seen.at(-1)).toBe('/echo');
    const url = resolveUrl('{{baseUrl}}/users/{{userID}}?q={{userID}}', { fields: { baseUrl: 'https://api.example.test/v1/', userID: 'a&b=1/../c d' }, token: null, now: 0 }, 'Test');
    expect(url.toString()).toBe('https://api.example.test/v1/users/a%26b%3D1%2F..%2Fc%20d?q=a%26b%3D1%2F..%2Fc%20d');
    const withCredentials = await failureOf(provider.exchange(input({ baseUrl: `http://user:pw@127.0.0.1:1`, secret: 's', userID: 'u' }), exchangeContext(clock)));
    expect(withCredentials).toMatchObject({ code: 'invalid_input' });
  });
});

describe('a definition that does not validate names the field at fault', () => {
  const problem = (input: unknown): string => {
    const parsed = parseCustomProvider(input);
    return parsed.ok ? 'valid' : parsed.problem;
  };
  it.each([
    [{ ...SUD_GAME, id: 'sud' }, /^id: is a built-in provider id/],
    [{ ...SUD_GAME, token: {} }, /^token\.path: /],
    [{ ...SUD_GAME, request: { ...SUD_GAME.request, json: { code: '{{nope}}' } } }, /^request\.json\.code: \{\{nope\}\} is neither a field/],
    [{ ...SUD_GAME, request: { ...SUD_GAME.request, json: { t: '{{token}}' } } }, /^request\.json\.t: \{\{token\}\} belongs in the refresh request/],
    [{ ...SUD_GAME, fields: [...(SUD_GAME.fields ?? []), { name: 'code', label: 'Again' }] }, /^fields\.2\.name: "code" is declared twice/],
    [{ ...SUD_GAME, expiry: { unit: 'epoch-ms' } }, /^expiry: needs a path unless the unit is jwt/],
    [{ ...SUD_GAME, request: { ...SUD_GAME.request, form: { a: 'b' } } }, /^request: give a json body or a form body, not both/],
    [{ ...SUD_GAME, surprise: true }, /^definition: |surprise/],
  ])('%#', (input, expected) => {
    expect(problem(input)).toMatch(expected);
  });
});
