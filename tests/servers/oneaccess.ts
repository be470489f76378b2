import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BoundedMap,
  header,
  listen,
  objectOf,
  pathOf,
  randomHex,
  readBody,
  sendForced,
  sendJson,
  signJwt,
  takeForced,
  tryJson,
  type ForcedAnswer,
  type RunningServer,
} from './http-util';

/*
 * Huawei Cloud OneAccess as its API reference describes it (support.huaweicloud.com api-oneaccess):
 * - ShowAuthToken `POST /api/v2/tenant/token`, form body → 200 {access_token, token_type, expires_in,
 *   scope, id_token}; 400 {error_code, error_msg}. A new token does not revoke the old ones.
 * - `POST /api/v2/tenant/sso/session-token/sso-ticket` ("Obtaining sso_ticket Using session_token") and RefreshSessionToken
 *   `POST /api/v2/tenant/sso/session-token/refresh`: Content-Type application/json;charset=utf8,
 *   Authorization Bearer, optional X-tenant-id; 400 {error_code, error_msg}. Refresh answers
 *   {session_token, id_token, expire}.
 * - Login (`POST /api/v2/sdk/login`) answers {status, session_token, id_token, expire}; `login()` stands in.
 * Not documented, and chosen here as an OAuth server answers: a Bearer it does not know (expired, revoked)
 * gets 401 {error: "invalid_token", error_description}. The error codes are this server's own (the
 * reference lists codes like APP.0001 without the SSO ones).
 */

export interface OneAccessServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** When set, every endpoint requires this X-tenant-id header. */
  tenantId?: string;
  /**
   * Sessions that exist from the start (a login before the test). Without it, a session token the
   * server has never seen is taken as such a login at first sight, with the default lifetime.
   */
  sessionTokens?: Iterable<string>;
  /** The fingerprint used at login; default `fp-123456`. */
  deviceFingerprint?: string;
  accessTokenTtlSeconds?: number;
  /** The `expire` of an sso_ticket; default 600. */
  ticketTtlSeconds?: number;
  /** Lifetime of a session from login or refresh; default 43200 (the login example's 12 h). */
  sessionTtlSeconds?: number;
  /** Error bodies of the token endpoint: `{error_code,error_msg}` (default, as documented) or OAuth `{error,error_description}`. */
  tokenErrorStyle?: 'huawei' | 'oauth';
  now?: () => number;
}

/** What one SSO call carried (no Bearer). */
export interface SsoCall {
  path: string;
  session_token: string;
  operating_sys_version: unknown;
  device_ip: unknown;
  device_fingerprint: unknown;
}

export interface OneAccessServerState {
  tokenFetches: number;
  /** sso-ticket requests, answered or not. */
  exchanges: number;
  unauthorized: number;
  tickets: number;
  sessionRefreshes: number;
  sessionRefusals: number;
  /** The X-tenant-id of the last request, if any. */
  lastTenantId: string | null;
  lastContentType: string | null;
  /** The SSO calls in order (newest 100). */
  calls: SsoCall[];
  /** The newest access token issued (tests look for it where it must never appear). */
  lastAccessToken: string | null;
}

export interface OneAccessServer extends RunningServer {
  state: OneAccessServerState;
  /** Revokes every access token issued so far: the next SSO call with one answers 401. */
  expireAccessTokens(): void;
  respondNext(answer: ForcedAnswer): void;
  /** Ends a session from now on (logout, admin revocation). */
  revokeSessionToken(token: string): void;
  /** A login as `/api/v2/sdk/login` answers it. */
  login(): { status: 'SUCCESS'; session_token: string; id_token: string; expire: number };
  /** Whether the server still accepts this session token. */
  isSessionLive(token: string): boolean;
}

interface Session {
  expiresAt: number;
  fingerprint: string;
}

const ID_TOKEN_KEY = 'oneaccess-test-id-token-key';

/** Huawei Cloud OneAccess: access tokens, the sso_ticket exchange and session renewal. */
export async function startOneAccessServer(options: OneAccessServerOptions = {}): Promise<OneAccessServer> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? 'oa-client';
  const clientSecret = options.clientSecret ?? 'oa-client-secret';
  const fingerprint = options.deviceFingerprint ?? 'fp-123456';
  const sessionTtl = options.sessionTtlSeconds ?? 43_200;
  const sessions = new BoundedMap<string, Session>(10_000);
  const revoked = new Set<string>();
  const adoptUnknown = options.sessionTokens === undefined;
  for (const token of options.sessionTokens ?? []) sessions.set(token, { expiresAt: now() + sessionTtl * 1000, fingerprint });
  const accessTokens = new BoundedMap<string, number>(10_000);
  const forced: ForcedAnswer[] = [];
  const state: OneAccessServerState = {
    tokenFetches: 0, exchanges: 0, unauthorized: 0, tickets: 0, sessionRefreshes: 0, sessionRefusals: 0,
    lastTenantId: null, lastContentType: null, calls: [], lastAccessToken: null,
  };

  const idToken = (sub: string) => signJwt({ sub, iat: Math.floor(now() / 1000), exp: Math.floor(now() / 1000) + 7200 }, ID_TOKEN_KEY);
  const newSession = (fp: string): string => {
    const token = `LGT-${randomHex(16)}`;
    sessions.set(token, { expiresAt: now() + sessionTtl * 1000, fingerprint: fp });
    return token;
  };
  const liveSession = (token: string): Session | null => {
    if (!token || revoked.has(token)) return null;
    let session = sessions.get(token);
    if (!session && adoptUnknown) {
      session = { expiresAt: now() + sessionTtl * 1000, fingerprint };
      sessions.set(token, session);
    }
    return session && session.expiresAt > now() ? session : null;
  };
  const badRequest = (res: ServerResponse, code: string, msg: string) => sendJson(res, 400, { error_code: code, error_msg: msg });

  function issueAccessToken(res: ServerResponse, text: string): void {
    state.tokenFetches += 1;
    const form = new URLSearchParams(text);
    const refuse = (code: string, oauth: string, msg: string) =>
      sendJson(res, 400, options.tokenErrorStyle === 'oauth' ? { error: oauth, error_description: msg } : { error_code: code, error_msg: msg });
    if (!(state.lastContentType ?? '').startsWith('application/x-www-form-urlencoded')) return refuse('APP.0001', 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
    if (form.get('grant_type') !== 'client_credentials') return refuse('APP.0001', 'unsupported_grant_type', 'grant_type must be client_credentials');
    if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
      return refuse('APP.0005', 'invalid_client', 'client authentication failed');
    }
    const ttl = options.accessTokenTtlSeconds ?? 1800;
    const token = `${randomHex(4)}-${randomHex(2)}-${randomHex(2)}-${randomHex(8)}`;
    accessTokens.set(token, now() + ttl * 1000);
    state.lastAccessToken = token;
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: ttl, scope: 'all', id_token: idToken(clientId) });
  }

  /** Bearer, Content-Type and the caller fields both SSO calls need; null when it already answered. */
  function ssoRequest(req: IncomingMessage, res: ServerResponse, path: string, text: string): (SsoCall & { session: Session | null }) | null {
    const bearer = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1] ?? '';
    const expiry = accessTokens.get(bearer);
    if (expiry === undefined || expiry <= now()) {
      state.unauthorized += 1;
      sendJson(res, 401, { error: 'invalid_token', error_description: 'Invalid access token' });
      return null;
    }
    if (!(state.lastContentType ?? '').startsWith('application/json')) {
      badRequest(res, 'APP.0001', 'Content-Type must be application/json');
      return null;
    }
    const body = objectOf(tryJson(text));
    const call: SsoCall = {
      path,
      session_token: typeof body.session_token === 'string' ? body.session_token : '',
      operating_sys_version: body.operating_sys_version,
      device_ip: body.device_ip,
      device_fingerprint: body.device_fingerprint,
    };
    state.calls.push(call);
    if (state.calls.length > 100) state.calls.shift();
    for (const field of ['session_token', 'operating_sys_version', 'device_ip', 'device_fingerprint']) {
      if (typeof body[field] !== 'string' || body[field] === '') {
        badRequest(res, 'APP.0001', `${field} is required`);
        return null;
      }
    }
    const session = liveSession(call.session_token);
    if (session && body.device_fingerprint !== session.fingerprint) {
      badRequest(res, 'SSO.0002', 'device fingerprint does not match the login');
      return null;
    }
    return { ...call, session };
  }

  const running = await listen(async (req, res) => {
    const path = pathOf(req);
    const text = await readBody(req);
    state.lastTenantId = header(req, 'x-tenant-id') ?? null;
    state.lastContentType = header(req, 'content-type') ?? null;
    const queued = takeForced(forced, path);
    if (queued) return sendForced(res, queued);
    if (options.tenantId && state.lastTenantId !== options.tenantId) return badRequest(res, 'APP.0010', 'tenant not found');
    if (req.method === 'POST' && path === '/api/v2/tenant/token') return issueAccessToken(res, text);
    if (req.method === 'POST' && path === '/api/v2/tenant/sso/session-token/sso-ticket') {
      state.exchanges += 1;
      const call = ssoRequest(req, res, path, text);
      if (!call) return;
      if (!call.session) return badRequest(res, 'SSO.0003', 'session_token is invalid or expired');
      state.tickets += 1;
      return sendJson(res, 200, { expire: options.ticketTtlSeconds ?? 600, sso_ticket: `ST-${randomHex(12)}` });
    }
    if (req.method === 'POST' && path === '/api/v2/tenant/sso/session-token/refresh') {
      const call = ssoRequest(req, res, path, text);
      if (!call) return;
      if (!call.session) {
        state.sessionRefusals += 1;
        return badRequest(res, 'SSO.0003', 'session_token is invalid or expired');
      }
      state.sessionRefreshes += 1;
      // The renewed session replaces the old one, which stops working.
      revoked.add(call.session_token);
      const next = newSession(call.session.fingerprint);
      return sendJson(res, 200, { session_token: next, id_token: idToken('user-1'), expire: sessionTtl });
    }
    return sendJson(res, 404, { error_code: 'APP.0404', error_msg: `no route ${req.method} ${path}` });
  });

  return {
    ...running,
    state,
    expireAccessTokens() {
      accessTokens.clear();
    },
    respondNext(answer) {
      forced.push(answer);
    },
    revokeSessionToken(token) {
      revoked.add(token);
    },
    login() {
      return { status: 'SUCCESS', session_token: newSession(fingerprint), id_token: idToken('user-1'), expire: sessionTtl };
    },
    isSessionLive(token) {
      return !revoked.has(token) && (sessions.get(token)?.expiresAt ?? 0) > now();
    },
  };
}
