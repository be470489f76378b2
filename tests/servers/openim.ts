import {
  header,
  listen,
  objectOf,
  pathOf,
  pushBounded,
  randomHex,
  readBody,
  sendForced,
  takeForced,
  sendJson,
  sendText,
  signJwt,
  tryJson,
  verifyJwt,
  type ForcedAnswer,
  type RunningServer,
} from './http-util';

export interface OpenImServerOptions {
  /** `v3` serves /auth/user_token; `v3.8` (3.8.1+) answers 404 there and serves the admin pair. */
  mode?: 'v3' | 'v3.8';
  /** Default `openIM123`, as in the seed. */
  secret?: string;
  adminUserID?: string;
  /** Known users; when absent every user ID exists. The admin always exists. */
  users?: Iterable<string>;
  /** Default 7 776 000 (90 days), a duration as the seed documents. */
  tokenTtlSeconds?: number;
  now?: () => number;
}

export interface OpenImServerState {
  requests: { userToken: number; adminToken: number; getUserToken: number; notFound: number; total: number };
  /** The newest operationID headers seen (at most 1 000). */
  operationIDs: string[];
  missingOperationID: number;
}

export interface OpenImServer extends RunningServer {
  state: OpenImServerState;
  /** The next token request answers HTTP 200 with this errCode. */
  rejectNext(errCode: number, errMsg: string, errDlt?: string): void;
  respondNext(answer: ForcedAnswer): void;
  addUser(userID: string): void;
  setMode(mode: 'v3' | 'v3.8'): void;
}

const ERR = {
  args: [1001, 'ArgsError'],
  noPermission: [1002, 'NoPermissionError'],
  notFound: [1004, 'RecordNotFoundError'],
  tokenInvalid: [1502, 'TokenInvalidError'],
} as const;

/** OpenIM server: the seed's /auth/user_token (v3) or the 3.8.1+ admin-token pair. */
export async function startOpenImServer(options: OpenImServerOptions = {}): Promise<OpenImServer> {
  let mode = options.mode ?? 'v3';
  const now = options.now ?? Date.now;
  const secret = options.secret ?? 'openIM123';
  const admin = options.adminUserID ?? 'imAdmin';
  const users = options.users ? new Set(options.users) : null;
  const ttl = options.tokenTtlSeconds ?? 7_776_000;
  const jwtKey = randomHex();
  const rejections: Array<{ errCode: number; errMsg: string; errDlt: string }> = [];
  const forced: ForcedAnswer[] = [];
  const state: OpenImServerState = {
    requests: { userToken: 0, adminToken: 0, getUserToken: 0, notFound: 0, total: 0 },
    operationIDs: [],
    missingOperationID: 0,
  };

  const userExists = (id: string) => id === admin || !users || users.has(id);
  const error = ([errCode, errMsg]: readonly [number, string], detail = '') => ({ errCode, errMsg, errDlt: `${detail}: [${errCode}]${errMsg}` });
  const issue = (userID: string, platformID: number) => {
    const iat = Math.floor(now() / 1000);
    const token = signJwt({ UserID: userID, PlatformID: platformID, exp: iat + ttl, nbf: iat - 300, iat }, jwtKey);
    return { errCode: 0, errMsg: '', errDlt: '', data: { token, expireTimeSeconds: ttl } };
  };
  const validPlatform = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 11;

  const running = await listen(async (req, res) => {
    const path = pathOf(req);
    const body = objectOf(tryJson(await readBody(req)));
    state.requests.total += 1;
    const routes = mode === 'v3' ? ['/auth/user_token'] : ['/auth/get_admin_token', '/auth/get_user_token'];
    if (req.method !== 'POST' || !routes.includes(path)) {
      state.requests.notFound += 1;
      return sendText(res, 404, '404 page not found');
    }
    if (path === '/auth/user_token') state.requests.userToken += 1;
    else if (path === '/auth/get_admin_token') state.requests.adminToken += 1;
    else state.requests.getUserToken += 1;
    const operationID = header(req, 'operationID');
    if (!operationID) {
      state.missingOperationID += 1;
      return sendJson(res, 200, error(ERR.args, 'header must have operationID'));
    }
    pushBounded(state.operationIDs, operationID);
    const queued = takeForced(forced, path);
    if (queued) return sendForced(res, queued);
    const rejection = rejections.shift();
    if (rejection) return sendJson(res, 200, rejection);
    const userID = typeof body.userID === 'string' ? body.userID : '';
    if (path === '/auth/user_token') {
      if (body.secret !== secret) return sendJson(res, 200, error(ERR.noPermission, 'secret invalid'));
      if (!validPlatform(body.platformID) || !userID) return sendJson(res, 200, error(ERR.args, 'platformID or userID'));
      if (!userExists(userID)) return sendJson(res, 200, error(ERR.notFound, `user ${userID}`));
      return sendJson(res, 200, issue(userID, body.platformID));
    }
    if (path === '/auth/get_admin_token') {
      if (body.secret !== secret) return sendJson(res, 200, error(ERR.noPermission, 'secret invalid'));
      if (userID !== admin) return sendJson(res, 200, error(ERR.noPermission, 'userID is not an admin'));
      return sendJson(res, 200, issue(userID, 10));
    }
    const claims = verifyJwt(header(req, 'token') ?? '', jwtKey);
    if (!claims || claims.UserID !== admin || Number(claims.exp) * 1000 <= now()) return sendJson(res, 200, error(ERR.tokenInvalid, 'admin token'));
    if (!validPlatform(body.platformID) || body.platformID === 10 || !userID) return sendJson(res, 200, error(ERR.args, 'platformID or userID'));
    if (userID === admin) return sendJson(res, 200, error(ERR.noPermission, 'cannot issue a user token for an admin'));
    if (!userExists(userID)) return sendJson(res, 200, error(ERR.notFound, `user ${userID}`));
    return sendJson(res, 200, issue(userID, body.platformID));
  });

  return {
    ...running,
    state,
    rejectNext(errCode, errMsg, errDlt = `: [${errCode}]${errMsg}`) {
      rejections.push({ errCode, errMsg, errDlt });
    },
    respondNext(answer) {
      forced.push(answer);
    },
    addUser(userID) {
      users?.add(userID);
    },
    setMode(next) {
      mode = next;
    },
  };
}
