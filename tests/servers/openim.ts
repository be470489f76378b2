import type { ServerResponse } from 'node:http';
import {
  header,
  listen,
  objectOf,
  pathOf,
  pushBounded,
  readBody,
  sendForced,
  sendJson,
  sendText,
  signJwt,
  takeForced,
  tryJson,
  type ForcedAnswer,
  type RunningServer,
} from './http-util';
import { checkJwt, expOf } from './jwt-check';
import { renderOpenImError, type OpenImError, type OpenImErrorStyle } from './openim-errors';

/**
 * Which open-im-server the fake is (read from internal/api/router.go and internal/rpc/auth/auth.go per tag):
 * - `v3.7` (v3.0 … v3.7.x): `/auth/user_token` (whitelisted by having no token middleware); the token
 *   check is per route; an unknown route answers gin's plain-text `404 page not found`.
 * - `v3.8.0`: the token middleware runs globally (gin runs it for unknown routes too) with the whitelist
 *   `/user/user_register`, `/auth/user_token`, `/auth/parse_token`: `get_admin_token` does not exist and
 *   answers 1001 "header must have token".
 * - `v3.8.1` (v3.8.1+): `/auth/user_token` is gone; whitelist `/auth/get_admin_token`, `/auth/parse_token`,
 *   so the removed route answers HTTP 200 1001 "header must have token", not 404.
 */
export type OpenImGeneration = 'v3.7' | 'v3.8.0' | 'v3.8.1';

export interface OpenImServerOptions {
  generation?: OpenImGeneration;
  /** Older name: `v3` is `v3.7`, `v3.8` is `v3.8.1`. */
  mode?: 'v3' | 'v3.8';
  /** How errors render (see openim-errors.ts); default `legacy` before v3.8.1, `current` from it. */
  errorStyle?: OpenImErrorStyle;
  /** Default `openIM123` (config/share.yml); also the JWT signing key, as on the real server. */
  secret?: string;
  /** Default `imAdmin` (imAdminUserID). */
  adminUserID?: string;
  /** Known users; when absent every user ID exists. The admin always exists. */
  users?: Iterable<string>;
  /** tokenPolicy.expire in days; default 90. expireTimeSeconds answers expire × 86400 (a duration). */
  tokenExpireDays?: number;
  /**
   * `keep` (v3.8.3): admin tokens are never stored, so they stay valid until `exp`. `grace` (main, PR #3313):
   * a new admin token turns the admin's earlier ones into tokens that live five more minutes (then 1507).
   */
  adminTokenPolicy?: 'keep' | 'grace';
  now?: () => number;
  /** Added to every answer, as a server across a network would (the refresh bench); default 0. */
  latencyMs?: number;
}

export interface OpenImServerState {
  requests: { userToken: number; adminToken: number; getUserToken: number; parseToken: number; notFound: number; headerMissing: number; total: number };
  /** Admin tokens issued so far (by get_admin_token, or by user_token for the admin before 3.8.1). */
  adminTokensIssued: number;
  userTokensIssued: number;
  /** Earlier tokens a new user token kicked (multiLoginPolicy 1: same platform). */
  kicked: number;
  /** The newest operationID headers seen (at most 1 000). */
  operationIDs: string[];
  missingOperationID: number;
}

export interface OpenImServer extends RunningServer {
  state: OpenImServerState;
  /** The next token request (past the middleware) answers HTTP 200 with this error, verbatim. */
  rejectNext(errCode: number, errMsg: string, errDlt?: string): void;
  respondNext(answer: ForcedAnswer): void;
  addUser(userID: string): void;
  setGeneration(generation: OpenImGeneration): void;
  /** Older name of setGeneration. */
  setMode(mode: 'v3' | 'v3.8'): void;
  /** What the server says of a token now: 0 when it accepts it, else the errCode (1501, 1506, 1507 …). */
  check(token: string): number;
  /** Changes the secret (and so the signing key): every earlier token fails with 1505. */
  rotateSecret(next: string): void;
}

const ADMIN_PLATFORM = 10;
const GRACE_MS = 5 * 60_000;
const WHITELIST: Record<OpenImGeneration, string[]> = {
  'v3.7': [],
  'v3.8.0': ['/user/user_register', '/auth/user_token', '/auth/parse_token'],
  'v3.8.1': ['/auth/get_admin_token', '/auth/parse_token'],
};
const ROUTES: Record<OpenImGeneration, string[]> = {
  'v3.7': ['/auth/user_token', '/auth/get_user_token', '/auth/parse_token'],
  'v3.8.0': ['/auth/user_token', '/auth/get_user_token', '/auth/parse_token'],
  'v3.8.1': ['/auth/get_admin_token', '/auth/get_user_token', '/auth/parse_token'],
};

/** OpenIM API + auth RPC, as one process: the token routes of v3.0 … v3.8.x and their errors. */
export async function startOpenImServer(options: OpenImServerOptions = {}): Promise<OpenImServer> {
  let generation: OpenImGeneration = options.generation ?? (options.mode === 'v3.8' ? 'v3.8.1' : 'v3.7');
  const style = (): OpenImErrorStyle => options.errorStyle ?? (generation === 'v3.8.1' ? 'current' : 'legacy');
  const now = options.now ?? Date.now;
  let secret = options.secret ?? 'openIM123';
  const admin = options.adminUserID ?? 'imAdmin';
  const users = options.users ? new Set(options.users) : null;
  const expireSeconds = (options.tokenExpireDays ?? 90) * 86_400;
  const adminPolicy = options.adminTokenPolicy ?? 'keep';
  /** `${userID}|${platformID}` → token → 'normal' | 'kicked'. */
  const userTokens = new Map<string, Map<string, 'normal' | 'kicked'>>();
  /** Admin tokens under `grace`: token → until when it is accepted (Infinity for the newest). */
  const adminTokens = new Map<string, number>();
  const rejections: Array<{ errCode: number; errMsg: string; errDlt: string }> = [];
  const forced: ForcedAnswer[] = [];
  const state: OpenImServerState = {
    requests: { userToken: 0, adminToken: 0, getUserToken: 0, parseToken: 0, notFound: 0, headerMissing: 0, total: 0 },
    adminTokensIssued: 0,
    userTokensIssued: 0,
    kicked: 0,
    operationIDs: [],
    missingOperationID: 0,
  };

  const userExists = (id: string): boolean => id === admin || !users || users.has(id);
  const send = (res: ServerResponse, error: OpenImError): void => sendJson(res, 200, renderOpenImError(error, style()));
  const rpc = (errCode: number, detail: string, name?: string): OpenImError => ({ errCode, detail, origin: 'rpc', ...(name ? { name } : {}) });
  const notFound = (): OpenImError => rpc(1004, style() === 'legacy' ? 'userID not found' : 'record not found');

  /** authDatabase.CreateToken: claims {UserID, PlatformID, exp, iat}; kicks as multiLoginPolicy 1 does. */
  const createToken = (userID: string, platformID: number): string => {
    const iat = Math.floor(now() / 1000) - 5;
    const token = signJwt({ UserID: userID, PlatformID: platformID, exp: iat + 5 + expireSeconds, iat }, secret);
    if (userID === admin) {
      state.adminTokensIssued += 1;
      // Before 3.8.1 admin tokens sit in the token map like any other (and are never kicked below 30).
      if (generation !== 'v3.8.1') userTokens.set(`${userID}|${platformID}`, (userTokens.get(`${userID}|${platformID}`) ?? new Map()).set(token, 'normal'));
      else if (adminPolicy === 'grace') {
        for (const [earlier, until] of adminTokens) adminTokens.set(earlier, Math.min(until, now() + GRACE_MS));
        adminTokens.set(token, Number.POSITIVE_INFINITY);
      }
      return token;
    }
    state.userTokensIssued += 1;
    const key = `${userID}|${platformID}`;
    const map = userTokens.get(key) ?? new Map<string, 'normal' | 'kicked'>();
    for (const [earlier, status] of map) {
      if (status === 'normal') state.kicked += 1;
      map.set(earlier, 'kicked');
    }
    map.set(token, 'normal');
    userTokens.set(key, map);
    return token;
  };

  /** authServer.parseToken: the JWT first, then the token map (admins skip it under `keep`). */
  const parseToken = (token: string): { error: OpenImError } | { userID: string; platformID: number; exp: number } => {
    const detail = `jwt parse error, token=${token}`;
    const checked = checkJwt(token, secret);
    if (checked.kind === 'malformed') return { error: rpc(1503, detail) };
    if (checked.kind === 'bad-signature') return { error: rpc(1505, detail, 'signature is invalid') };
    const exp = expOf(checked.claims) ?? 0;
    if (exp <= now()) return { error: rpc(1501, detail) };
    const userID = String(checked.claims.UserID ?? '');
    const platformID = Number(checked.claims.PlatformID);
    if (userID === admin && generation === 'v3.8.1') {
      if (adminPolicy === 'keep') return { userID, platformID, exp };
      const until = adminTokens.get(token);
      return until !== undefined && until > now() ? { userID, platformID, exp } : { error: rpc(1507, 'TokenNotExistError') };
    }
    const status = userTokens.get(`${userID}|${platformID}`)?.get(token);
    if (status === 'normal') return { userID, platformID, exp };
    return { error: status === 'kicked' ? rpc(1506, 'TokenKickedError') : rpc(1507, 'TokenNotExistError') };
  };

  const validPlatform = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 11;
  const issued = (token: string) => ({ errCode: 0, errMsg: '', errDlt: '', data: { token, expireTimeSeconds: expireSeconds } });

  const running = await listen(async (req, res) => {
    const path = pathOf(req);
    const body = objectOf(tryJson(await readBody(req)));
    state.requests.total += 1;
    const routeExists = req.method === 'POST' && ROUTES[generation].includes(path);
    // Global middleware (GinParseOperationID, then from v3.8.0 GinParseToken) acts on every POST, routed or not.
    if (req.method === 'POST') {
      const operationID = header(req, 'operationID');
      if (!operationID) {
        state.missingOperationID += 1;
        return send(res, { errCode: 1001, detail: 'header must have operationID', origin: 'direct' });
      }
      pushBounded(state.operationIDs, operationID);
    }
    const tokenHeader = header(req, 'token') ?? '';
    let opUserID: string | null = null;
    const needsToken =
      req.method === 'POST' &&
      (generation === 'v3.7' ? routeExists && path === '/auth/get_user_token' : !WHITELIST[generation].some((w) => path.startsWith(w)));
    if (needsToken) {
      if (!tokenHeader) {
        state.requests.headerMissing += 1;
        return send(res, { errCode: 1001, detail: 'header must have token', origin: 'direct' });
      }
      const parsed = parseToken(tokenHeader);
      if ('error' in parsed) return send(res, parsed.error);
      opUserID = parsed.userID;
    }
    if (!routeExists) {
      state.requests.notFound += 1;
      return sendText(res, 404, '404 page not found');
    }
    if (path === '/auth/user_token') state.requests.userToken += 1;
    else if (path === '/auth/get_admin_token') state.requests.adminToken += 1;
    else if (path === '/auth/get_user_token') state.requests.getUserToken += 1;
    else state.requests.parseToken += 1;
    const queued = takeForced(forced, path);
    if (queued) return sendForced(res, queued);
    if (path !== '/auth/parse_token') {
      const rejection = rejections.shift();
      if (rejection) return sendJson(res, 200, rejection);
    }
    const userID = typeof body.userID === 'string' ? body.userID : '';

    if (path === '/auth/parse_token') {
      const parsed = parseToken(typeof body.token === 'string' ? body.token : '');
      if ('error' in parsed) return send(res, parsed.error);
      // parse_token answers an absolute expiry (claims.ExpiresAt.Unix()), unlike the issuing routes.
      return sendJson(res, 200, { errCode: 0, errMsg: '', errDlt: '', data: { userID: parsed.userID, platformID: parsed.platformID, expireTimeSeconds: Math.floor(parsed.exp / 1000) } });
    }
    if (path === '/auth/user_token') {
      if (body.secret !== secret) return send(res, rpc(1002, 'secret invalid'));
      if (!validPlatform(body.platformID) || !userID) return send(res, rpc(1001, 'platformID or userID is invalid'));
      if (!userExists(userID)) return send(res, notFound());
      return sendJson(res, 200, issued(createToken(userID, body.platformID)));
    }
    if (path === '/auth/get_admin_token') {
      if (body.secret !== secret) return send(res, rpc(1002, 'secret invalid'));
      if (userID !== admin) return send(res, rpc(1001, `userID is error., userID=${userID}, adminUserID=[${admin}]`));
      return sendJson(res, 200, issued(createToken(userID, ADMIN_PLATFORM)));
    }
    // get_user_token: authverify.CheckAdmin on the caller of the token header, then the request.
    if (opUserID !== admin) return send(res, rpc(1002, `user ${opUserID ?? ''} is not admin userID`));
    if (generation === 'v3.8.1' && body.platformID === ADMIN_PLATFORM) {
      return send(res, rpc(1002, 'platformID invalid. platformID must not be adminPlatformID'));
    }
    if (userID === admin) return send(res, rpc(1002, "don't get Admin token"));
    if (!validPlatform(body.platformID) || !userID) return send(res, rpc(1001, 'platformID or userID is invalid'));
    if (!userExists(userID)) return send(res, notFound());
    return sendJson(res, 200, issued(createToken(userID, body.platformID)));
  }, options.latencyMs);

  return {
    ...running,
    state,
    rejectNext(errCode, errMsg, errDlt = `${errMsg}`) {
      rejections.push({ errCode, errMsg, errDlt });
    },
    respondNext(answer) {
      forced.push(answer);
    },
    addUser(userID) {
      users?.add(userID);
    },
    setGeneration(next) {
      generation = next;
    },
    setMode(mode) {
      generation = mode === 'v3.8' ? 'v3.8.1' : 'v3.7';
    },
    check(token) {
      const parsed = parseToken(token);
      return 'error' in parsed ? parsed.error.errCode : 0;
    },
    rotateSecret(next) {
      secret = next;
    },
  };
}
