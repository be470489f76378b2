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
  takeForced,
  sendJson,
  signJwt,
  tryJson,
  type ForcedAnswer,
  type HeldRequest,
  type RunningServer,
} from './http-util';

/** How the server states expiry: the seed's number, the Node-style string, both, or neither. */
export type SudExpireStyle = 'number' | 'string' | 'both' | 'none';

export interface SudServerOptions {
  getPath?: string;
  updatePath?: string;
  /** With both set, every request must carry a valid Sud-* signature (else 1002). */
  appId?: string;
  appSecret?: string;
  /** ss_token lifetime; default 2 h. */
  tokenTtlMs?: number;
  expireStyle?: SudExpireStyle;
  /** Error envelopes carry a decoy `data.ss_token`, as in the seed sample; default true. */
  errorData?: boolean;
  now?: () => number;
  /** Bound on remembered codes and tokens; default 50 000. */
  maxEntries?: number;
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
  /** A new short-term code (an HS256 JWT) the server will accept on get. */
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
  /** Whether the server still accepts this ss_token. */
  isLive(token: string): boolean;
}

interface Grant {
  uid: string;
  nickName: string;
  expiresAt: number;
}

/** SUD app backend: get/update SSToken with rotation, expiry, optional signature checks. */
export async function startSudServer(options: SudServerOptions = {}): Promise<SudServer> {
  const now = options.now ?? Date.now;
  const appId = options.appId ?? 'sud-app-id';
  const jwtKey = randomHex();
  const ttl = options.tokenTtlMs ?? 2 * 3600_000;
  const style = options.expireStyle ?? 'both';
  const codes = new BoundedMap<string, Grant>(options.maxEntries ?? 50_000);
  const tokens = new BoundedMap<string, Grant>(options.maxEntries ?? 50_000);
  const failures: SudFailure[] = [];
  const forced: ForcedAnswer[] = [];
  const holds = holdQueue();
  const state: SudServerState = { requests: { get: 0, update: 0, total: 0, badSignature: 0 }, lastSignature: null, tokensIssued: 0 };

  const mint = (grant: Grant): string =>
    signJwt({ uid: grant.uid, app_id: appId, exp: Math.floor(grant.expiresAt / 1000), jti: randomHex(6) }, jwtKey);

  const expiryFields = (expiresAt: number): Record<string, unknown> => ({
    ...(style === 'number' || style === 'both' ? { expire_date: expiresAt } : {}),
    ...(style === 'string' || style === 'both' ? { expire_date_str: String(expiresAt) } : {}),
  });

  const fail = (res: ServerResponse, sdk: number, msg: string, retCode = 1) => {
    const decoy = options.errorData === false ? {} : { data: { ss_token: `decoy.${randomHex(8)}.token`, expire_date: now() + ttl } };
    sendJson(res, 200, { ret_code: retCode, ret_msg: msg, sdk_error_code: sdk, ...decoy });
  };

  const issueToken = (grant: Grant, withUser: boolean): Record<string, unknown> => {
    const next: Grant = { ...grant, expiresAt: now() + ttl };
    const token = mint(next);
    tokens.set(token, next);
    state.tokensIssued += 1;
    const userInfo = { uid: grant.uid, nick_name: grant.nickName, avatar_url: `https://avatar.example/${grant.uid}.png`, gender: 'female', is_ai: 0, ai_level: 0 };
    return { ret_code: 0, ret_msg: 'success', sdk_error_code: 0, data: { ss_token: token, ...expiryFields(next.expiresAt), ...(withUser ? { user_info: userInfo } : {}) } };
  };

  const signatureOk = (req: IncomingMessage, body: string): boolean => {
    if (!options.appId || !options.appSecret) return true;
    const [id, timestamp, nonce, signature] = ['Sud-AppId', 'Sud-Timestamp', 'Sud-Nonce', 'Sud-Signature'].map((h) => header(req, h) ?? '');
    state.lastSignature = { appId: id ?? '', timestamp: timestamp ?? '', nonce: nonce ?? '' };
    const expected = createHmac('sha1', options.appSecret).update(`${id}\n${timestamp}\n${nonce}\n${body}\n`).digest('hex');
    return id === options.appId && signature === expected;
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
    if (path === getPath) {
      const grant = codes.get(String(payload.code ?? ''));
      if (!grant) return fail(res, 1004, 'code invalid');
      if (grant.expiresAt <= now()) return fail(res, 1005, 'code expired');
      return sendJson(res, 200, issueToken(grant, true));
    }
    const token = String(payload.ss_token ?? '');
    const grant = tokens.get(token);
    if (!grant) return fail(res, 1004, 'ss_token invalid');
    if (grant.expiresAt <= now()) {
      tokens.delete(token);
      return fail(res, 1005, 'ss_token expired');
    }
    // Rotation: the old token stops working once a new one is issued.
    tokens.delete(token);
    return sendJson(res, 200, issueToken(grant, false));
  });

  return {
    ...running,
    close() {
      holds.releaseAll();
      return running.close();
    },
    state,
    issueCode({ uid = String(1_380_100_177_150_345_266n + BigInt(codes.size)), ttlMs = 10 * 60_000, nickName = '萌萌' } = {}) {
      const grant: Grant = { uid, nickName, expiresAt: now() + ttlMs };
      const code = signJwt({ uid, app_id: appId, exp: Math.floor(grant.expiresAt / 1000), jti: randomHex(6) }, jwtKey);
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
    isLive(token) {
      const grant = tokens.get(token);
      return grant !== undefined && grant.expiresAt > now();
    },
  };
}
