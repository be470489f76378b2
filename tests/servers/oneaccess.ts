import {
  BoundedMap,
  header,
  listen,
  objectOf,
  pathOf,
  randomHex,
  readBody,
  sendForced,
  takeForced,
  sendJson,
  tryJson,
  type ForcedAnswer,
  type RunningServer,
} from './http-util';

export interface OneAccessServerOptions {
  clientId?: string;
  clientSecret?: string;
  /** When set, both endpoints require this X-tenant-id header. */
  tenantId?: string;
  /** Valid session tokens; when absent any non-empty session token is valid. */
  sessionTokens?: Iterable<string>;
  /** The fingerprint used at login; default `fp-123456`. */
  deviceFingerprint?: string;
  accessTokenTtlSeconds?: number;
  /** The `expire` of an sso_ticket; default 600. */
  ticketTtlSeconds?: number;
  /** Error bodies of the token endpoint: `{error_code,error_msg}` (default) or OAuth `{error,error_description}`. */
  tokenErrorStyle?: 'huawei' | 'oauth';
  now?: () => number;
}

export interface OneAccessServerState {
  tokenFetches: number;
  exchanges: number;
  unauthorized: number;
  tickets: number;
  /** The X-tenant-id of the last request, if any. */
  lastTenantId: string | null;
  lastContentType: string | null;
}

export interface OneAccessServer extends RunningServer {
  state: OneAccessServerState;
  /** Revokes every access token issued so far: the next exchange with one answers 401. */
  expireAccessTokens(): void;
  respondNext(answer: ForcedAnswer): void;
  /** Makes a session token invalid from now on. */
  revokeSessionToken(token: string): void;
}

/** Huawei Cloud OneAccess: client-credentials access tokens and the session-token → sso_ticket exchange. */
export async function startOneAccessServer(options: OneAccessServerOptions = {}): Promise<OneAccessServer> {
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? 'oa-client';
  const clientSecret = options.clientSecret ?? 'oa-client-secret';
  const fingerprint = options.deviceFingerprint ?? 'fp-123456';
  const sessions = options.sessionTokens ? new Set(options.sessionTokens) : null;
  const revoked = new Set<string>();
  const accessTokens = new BoundedMap<string, number>(10_000);
  const forced: ForcedAnswer[] = [];
  const state: OneAccessServerState = { tokenFetches: 0, exchanges: 0, unauthorized: 0, tickets: 0, lastTenantId: null, lastContentType: null };

  const tokenError = (res: Parameters<typeof sendJson>[0], status: number, code: string, oauth: string, msg: string) =>
    sendJson(res, status, options.tokenErrorStyle === 'oauth' ? { error: oauth, error_description: msg } : { error_code: code, error_msg: msg });

  const running = await listen(async (req, res) => {
    const path = pathOf(req);
    const text = await readBody(req);
    state.lastTenantId = header(req, 'x-tenant-id') ?? null;
    state.lastContentType = header(req, 'content-type') ?? null;
    const queued = takeForced(forced, path);
    if (queued) return sendForced(res, queued);
    if (options.tenantId && state.lastTenantId !== options.tenantId) {
      return sendJson(res, 400, { error_code: 'APP.0010', error_msg: 'tenant not found' });
    }
    if (req.method === 'POST' && path === '/api/v2/tenant/token') {
      state.tokenFetches += 1;
      const form = new URLSearchParams(text);
      if (form.get('grant_type') !== 'client_credentials') return tokenError(res, 400, 'APP.0001', 'unsupported_grant_type', 'grant_type must be client_credentials');
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        return tokenError(res, 400, 'APP.0005', 'invalid_client', 'client authentication failed');
      }
      const ttl = options.accessTokenTtlSeconds ?? 1800;
      const token = `${randomHex(4)}-${randomHex(2)}-${randomHex(2)}-${randomHex(8)}`;
      accessTokens.set(token, now() + ttl * 1000);
      return sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: ttl, scope: 'all', id_token: '' });
    }
    if (req.method === 'POST' && path === '/api/v2/tenant/sso/session-token/sso-ticket') {
      state.exchanges += 1;
      const bearer = /^Bearer (.+)$/.exec(header(req, 'authorization') ?? '')?.[1] ?? '';
      const expiry = accessTokens.get(bearer);
      if (expiry === undefined || expiry <= now()) {
        state.unauthorized += 1;
        return sendJson(res, 401, { error_code: 'APP.0401', error_msg: 'access token invalid or expired' });
      }
      if (!(state.lastContentType ?? '').startsWith('application/json')) {
        return sendJson(res, 400, { error_code: 'APP.0001', error_msg: 'Content-Type must be application/json' });
      }
      const body = objectOf(tryJson(text));
      const session = typeof body.session_token === 'string' ? body.session_token : '';
      for (const field of ['operating_sys_version', 'device_ip', 'device_fingerprint']) {
        if (typeof body[field] !== 'string' || body[field] === '') return sendJson(res, 400, { error_code: 'APP.0001', error_msg: `${field} is required` });
      }
      if (body.device_fingerprint !== fingerprint) return sendJson(res, 400, { error_code: 'APP.0002', error_msg: 'device fingerprint does not match the login' });
      if (!session || revoked.has(session) || (sessions && !sessions.has(session))) {
        return sendJson(res, 400, { error_code: 'APP.0003', error_msg: 'session token is invalid or expired' });
      }
      state.tickets += 1;
      return sendJson(res, 200, { expire: options.ticketTtlSeconds ?? 600, sso_ticket: `ST-${randomHex(12)}` });
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
  };
}
