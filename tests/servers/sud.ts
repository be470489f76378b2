import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BoundedMap,
  header,
  holdQueue,
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
  type HeldRequest,
  type RunningServer,
} from './http-util';
import { checkJwt, expOf } from './jwt-check';

/** How the server states expiry: the demos' number (epoch ms), the docs' extra string, both, or neither. */
export type SudExpireStyle = 'number' | 'string' | 'both' | 'none';

/**
 * Which SudTechnology SDK and demo the app backend is built on:
 * - `go` (sud-mgp-auth-go jwt_utils): an expired token is 1005; any other failed check is **1002**.
 * - `node` (sud-mgp-auth-node lib/jwt.js + hello-sud-node): bad signature or malformed is 1004, expired
 *   1005, else 1003; answers `{ret_code, ret_msg:"成功", sdk_error_code:0, data}` with no Content-Type.
 * - `java` (hello-sud-java, Jackson `non_null`): a success is only `{ret_code:0, data}`; a failure
 *   `{ret_code:1, ret_msg:"失败", sdk_error_code}`; codes as the Go SDK.
 */
export type SudSdk = 'go' | 'node' | 'java';

export interface SudServerOptions {
  sdk?: SudSdk;
  getPath?: string;
  updatePath?: string;
  /** With appSecret set, every request must carry a valid Sud-* signature (else 1002). */
  appId?: string;
  appSecret?: string;
  /** The unit of Sud-Timestamp this backend expects (±5 minutes); default seconds. */
  timestampUnit?: 's' | 'ms';
  /** ss_token lifetime; default 2 h (the SDKs' default). */
  tokenTtlMs?: number;
  /** Default `number`, as every demo sends. */
  expireStyle?: SudExpireStyle;
  /** Error envelopes carry a decoy `data.ss_token`, as in SUD's documented sample; default false (the demos send none). */
  errorData?: boolean;
  /**
   * The backend retires an ss_token once it issued the next one (the SDKs alone do not: their JWTs live
   * until `exp`); a retired one fails as a bad token would. Default true.
   */
  rotate?: boolean;
  now?: () => number;
  /** Bound on remembered codes and tokens; default 50 000. */
  maxEntries?: number;
  /** Added to every answer, as a server across a network would (the refresh bench); default 0. */
  latencyMs?: number;
}

export interface SudFailure {
  ret_code?: number;
  sdk_error_code?: number;
  ret_msg?: string;
}

export interface SudServerState {
  requests: { get: number; update: number; total: number; badSignature: number };
  /** The last Sud-* headers seen (never the secret). */
  lastSignature: { appId: string; timestamp: string; nonce: string } | null;
  tokensIssued: number;
}

export interface SudServer extends RunningServer {
  state: SudServerState;
  /** A new short-term code (an HS256 JWT, claims uid/app_id/exp) the server will accept on get. */
  issueCode(options?: { uid?: string; ttlMs?: number; nickName?: string }): string;
  /** Forces the next answer(s) into a failure envelope, in order. */
  failNext(failure: SudFailure): void;
  /** Forces the next answer verbatim (any status and body). */
  respondNext(answer: ForcedAnswer): void;
  /** Holds the next request (to `path`, else any) unanswered until `release()`: a refresh kept in flight. */
  holdNext(path?: string): HeldRequest;
  /** Makes every ss_token issued so far answer 1005 (expired) on update. */
  expireTokens(): void;
  /** Makes every code issued so far answer 1005 on get. */
  expireCodes(): void;
  /** Changes the JWT secret: every earlier code and ss_token fails verification (Go: 1002, Node: 1004). */
  rotateSecret(): void;
  /** Whether the server still accepts this ss_token. */
  isLive(token: string): boolean;
}

interface Grant {
  uid: string;
  nickName: string;
  expiresAt: number;
  retired?: boolean;
}

const SKEW_MS = 5 * 60_000;

/** SUD app backend on one of the SDKs: get/update SSToken, expiry, optional signature checks. */
export async function startSudServer(options: SudServerOptions = {}): Promise<SudServer> {
  const sdk = options.sdk ?? 'go';
  const now = options.now ?? Date.now;
  const appId = options.appId ?? 'sud-app-id';
  let jwtKey = randomHex();
  const ttl = options.tokenTtlMs ?? 2 * 3600_000;
  const style = options.expireStyle ?? 'number';
  const rotate = options.rotate ?? true;
  const codes = new BoundedMap<string, Grant>(options.maxEntries ?? 50_000);
  const tokens = new BoundedMap<string, Grant>(options.maxEntries ?? 50_000);
  const failures: SudFailure[] = [];
  const forced: ForcedAnswer[] = [];
  const holds = holdQueue();
  const state: SudServerState = { requests: { get: 0, update: 0, total: 0, badSignature: 0 }, lastSignature: null, tokensIssued: 0 };

  const mint = (grant: Grant): string =>
    // jti keeps two tokens of the same second apart (the SDKs' would be equal; rotation needs them distinct).
    signJwt({ uid: grant.uid, app_id: appId, exp: Math.floor(grant.expiresAt / 1000), jti: randomHex(6) }, jwtKey);

  const answer = (res: ServerResponse, body: Record<string, unknown>): void => {
    // hello-sud-node writes the JSON text without a Content-Type.
    if (sdk !== 'node') return sendJson(res, 200, body);
    const text = JSON.stringify(body);
    res.writeHead(200, { 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  const fail = (res: ServerResponse, sdkCode: number, message?: string, retCode = 1): void => {
    const text = message ?? (sdk === 'node' ? '参数错误' : sdk === 'java' ? '失败' : 'failed');
    const decoy = options.errorData ? { data: { ss_token: `decoy.${randomHex(8)}.token`, expire_date: now() + ttl } } : {};
    answer(res, { ret_code: retCode, ret_msg: text, sdk_error_code: sdkCode, ...decoy });
  };

  const succeed = (res: ServerResponse, data: Record<string, unknown>): void =>
    answer(res, sdk === 'java' ? { ret_code: 0, data } : { ret_code: 0, ret_msg: sdk === 'node' ? '成功' : 'success', sdk_error_code: 0, data });

  const expiryFields = (expiresAt: number): Record<string, unknown> => ({
    ...(style === 'number' || style === 'both' ? { expire_date: expiresAt } : {}),
    ...(style === 'string' || style === 'both' ? { expire_date_str: String(expiresAt) } : {}),
  });

  /** The SDK's verdict on a code or ss_token: the grant, or its sdk_error_code. */
  const verify = (token: string, known: Map<string, Grant>): Grant | number => {
    const badToken = sdk === 'node' ? 1004 : 1002;
    const checked = checkJwt(token, jwtKey);
    if (checked.kind !== 'ok') return badToken;
    const grant = known.get(token);
    const exp = Math.min(expOf(checked.claims) ?? 0, grant?.expiresAt ?? Number.POSITIVE_INFINITY);
    if (exp <= now()) return 1005;
    if (!grant || grant.retired) return badToken;
    return grant;
  };

  const issueToken = (grant: Grant, withUser: boolean): Record<string, unknown> => {
    const next: Grant = { uid: grant.uid, nickName: grant.nickName, expiresAt: now() + ttl };
    const token = mint(next);
    tokens.set(token, next);
    state.tokensIssued += 1;
    const userInfo =
      sdk === 'java'
        ? { uid: grant.uid, nick_name: 'HELLO-SUD', gender: 'male', avatar_url: 'https://ATATAR-URL' }
        : { uid: grant.uid, nick_name: grant.nickName, avatar_url: `https://avatar.example/${grant.uid}.png`, gender: 'female', is_ai: 0, ai_level: 0 };
    // hello-sud-node's get answers no user_info; the docs' and the Java demo's do.
    return { ss_token: token, ...expiryFields(next.expiresAt), ...(withUser && sdk !== 'node' ? { user_info: userInfo } : {}) };
  };

  const signatureOk = (req: IncomingMessage, body: string): boolean => {
    if (!options.appSecret) return true;
    const [id, timestamp, nonce, signature] = ['Sud-AppId', 'Sud-Timestamp', 'Sud-Nonce', 'Sud-Signature'].map((h) => header(req, h) ?? '');
    state.lastSignature = { appId: id ?? '', timestamp: timestamp ?? '', nonce: nonce ?? '' };
    const expected = createHmac('sha1', options.appSecret).update(`${id}\n${timestamp}\n${nonce}\n${body}\n`).digest('hex');
    const sentAt = Number(timestamp) * ((options.timestampUnit ?? 's') === 's' ? 1000 : 1);
    return id === appId && signature === expected && Number.isFinite(sentAt) && Math.abs(sentAt - now()) <= SKEW_MS;
  };

  const getPath = options.getPath ?? '/get_sstoken';
  const updatePath = options.updatePath ?? '/update_sstoken';

  const running = await listen(async (req, res) => {
    const path = pathOf(req);
    const body = await readBody(req);
    state.requests.total += 1;
    if (req.method !== 'POST' || (path !== getPath && path !== updatePath)) {
      sendJson(res, 404, { message: `no route ${req.method} ${path}` });
      return;
    }
    if (path === getPath) state.requests.get += 1;
    else state.requests.update += 1;
    await holds.wait(path);
    const queued = takeForced(forced, path);
    if (queued) return sendForced(res, queued);
    if (!signatureOk(req, body)) {
      state.requests.badSignature += 1;
      return fail(res, 1002, 'signature verification failed');
    }
    const failure = failures.shift();
    if (failure) return fail(res, failure.sdk_error_code ?? 9999, failure.ret_msg ?? 'forced failure', failure.ret_code ?? 1);
    const payload = objectOf(tryJson(body));
    // The SDKs return only a code; the Node and Java demos a fixed text; a Go backend writes its own.
    const text = (what: string, code: number): string | undefined => (sdk === 'go' ? `${what} ${code === 1005 ? 'expired' : 'invalid'}` : undefined);
    if (path === getPath) {
      const grant = verify(String(payload.code ?? ''), codes);
      if (typeof grant === 'number') return fail(res, grant, text('code', grant));
      return succeed(res, issueToken(grant, true));
    }
    const token = String(payload.ss_token ?? '');
    const grant = verify(token, tokens);
    if (typeof grant === 'number') return fail(res, grant, text('ss_token', grant));
    if (rotate) grant.retired = true;
    return succeed(res, issueToken(grant, false));
  }, options.latencyMs);

  return {
    ...running,
    close() {
      holds.releaseAll();
      return running.close();
    },
    state,
    issueCode({ uid = String(1_380_100_177_150_345_266n + BigInt(codes.size)), ttlMs = 2 * 3600_000, nickName = '萌萌' } = {}) {
      const grant: Grant = { uid, nickName, expiresAt: now() + ttlMs };
      const code = mint(grant);
      codes.set(code, grant);
      return code;
    },
    failNext(failure) {
      failures.push(failure);
    },
    respondNext(answer) {
      forced.push(answer);
    },
    holdNext(path) {
      return holds.add(path);
    },
    expireTokens() {
      for (const grant of tokens.values()) grant.expiresAt = Math.min(grant.expiresAt, now() - 1);
    },
    expireCodes() {
      for (const grant of codes.values()) grant.expiresAt = Math.min(grant.expiresAt, now() - 1);
    },
    rotateSecret() {
      jwtKey = randomHex();
    },
    isLive(token) {
      return typeof verify(token, tokens) !== 'number';
    },
  };
}
