import {
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

/** How `data.returnValue.data` carries the cookies (providers.md §2 leaves it open). */
export type SaiNiuCookieShape = 'array' | 'map' | 'header' | 'json-string-header' | 'json-string-array';

export interface SaiNiuServerOptions {
  cookieShape?: SaiNiuCookieShape;
  /** userNick → logonToken; when absent any non-empty pair is accepted. */
  users?: Record<string, string>;
  /** When set, renewals need a matching Access Init first (code 401 otherwise). */
  access?: { accessType: string; accessId: string; accessKey: string };
  /** Lifetime of the structured cookies (array shapes); the shortest one expires after this. Default 24 h. */
  cookieTtlMs?: number;
  /** Send `data` JSON-encoded in a string (the docs call it text). */
  dataAsString?: boolean;
  now?: () => number;
}

export interface SaiNiuServerState {
  renewals: number;
  inits: number;
  /** The `post` value and parsed `data` of the last call (the test's own fake values). */
  lastCall: { path: string; post: string | null; data: Record<string, unknown> } | null;
  /** Expiry (epoch ms) of the shortest-lived cookie in the last array answer. */
  lastShortestExpiry: number | null;
}

export interface SaiNiuServer extends RunningServer {
  state: SaiNiuServerState;
  setCookieShape(shape: SaiNiuCookieShape): void;
  /** The next renewal answers `{code, msg}` (a non-200 envelope). */
  failNext(failure: { code: number; msg: string }): void;
  /** The next renewal answers code 200 but an inner `ret` failure. */
  failInnerNext(ret: string): void;
  respondNext(answer: ForcedAnswer): void;
  /** Simulates a framework restart: the Access Init is forgotten. */
  restart(): void;
}

/** The local SaiNiu API framework: /SaiNiuApi/Cookie GetRenewalToken and /SaiNiuApi/Access Init. */
export async function startSaiNiuServer(options: SaiNiuServerOptions = {}): Promise<SaiNiuServer> {
  const now = options.now ?? Date.now;
  let shape: SaiNiuCookieShape = options.cookieShape ?? 'array';
  let initialized = false;
  const failures: Array<{ code: number; msg: string }> = [];
  const innerFailures: string[] = [];
  const forced: ForcedAnswer[] = [];
  const state: SaiNiuServerState = { renewals: 0, inits: 0, lastCall: null, lastShortestExpiry: null };

  const cookiesFor = (nick: string): unknown => {
    const ttl = options.cookieTtlMs ?? 24 * 3600_000;
    const at = now();
    const list = [
      { name: 'cookie2', value: randomHex(16), domain: '.taobao.com', expires: Math.floor((at + ttl) / 1000) },
      { name: '_m_h5_tk', value: `${randomHex(16)}_${at}`, domain: '.taobao.com', expires: Math.floor((at + 7 * ttl) / 1000) },
      { name: 'sgcookie', value: `E100${randomHex(20)}`, domain: '.taobao.com', expirationDate: (at + 30 * ttl) / 1000 },
      { name: 'unb', value: String(2_200_000_000 + nick.length), domain: '.taobao.com', Expires: new Date(at + 2 * ttl).toUTCString() },
      { name: 'stale', value: 'x', domain: '.taobao.com', expires: Math.floor((at - 3600_000) / 1000) },
      { name: 'session_only', value: randomHex(4), domain: '.taobao.com' },
    ];
    state.lastShortestExpiry = Math.floor((at + ttl) / 1000) * 1000;
    const header = list.map((c) => `${c.name}=${c.value}`).join('; ');
    switch (shape) {
      case 'array':
        return list;
      case 'json-string-array':
        return JSON.stringify(list);
      case 'map':
        return Object.fromEntries(list.map((c) => [c.name, c.value]));
      case 'header':
        return header;
      case 'json-string-header':
        return JSON.stringify(header);
    }
  };

  const envelope = (data: unknown) => ({
    code: 200,
    msg: '调用成功',
    data: options.dataAsString ? JSON.stringify(data) : data,
    passkey: String(now()),
  });

  const running = await listen(async (req, res) => {
    const path = pathOf(req);
    const form = new URLSearchParams(await readBody(req));
    const post = form.get('post');
    const data = objectOf(tryJson(form.get('data') ?? ''));
    state.lastCall = { path, post, data };
    const queued = takeForced(forced, path);
    if (queued) return sendForced(res, queued);
    if (req.method === 'POST' && path === '/SaiNiuApi/Access' && post === 'Init') {
      state.inits += 1;
      const want = options.access;
      if (want && (data.AccessType !== want.accessType || data.AccessId !== want.accessId || data.AccessKey !== want.accessKey)) {
        return sendJson(res, 200, { code: 401, msg: '授权失败：AccessKey 错误' });
      }
      initialized = true;
      return sendJson(res, 200, envelope('初始化成功'));
    }
    if (req.method === 'POST' && path === '/SaiNiuApi/Cookie' && post === 'GetRenewalToken') {
      state.renewals += 1;
      const failure = failures.shift();
      if (failure) return sendJson(res, 200, failure);
      if (options.access && !initialized) return sendJson(res, 200, { code: 401, msg: '请先调用 Access Init 进行授权' });
      const nick = typeof data.userNick === 'string' ? data.userNick : '';
      const logonToken = typeof data.logonToken === 'string' ? data.logonToken : '';
      const known = options.users ? options.users[nick] === logonToken : nick !== '' && logonToken !== '';
      if (!known) return sendJson(res, 200, { code: 400, msg: '续期失败：logonToken 无效或已过期' });
      const inner = innerFailures.shift();
      if (inner) return sendJson(res, 200, envelope({ data: {}, ret: [inner] }));
      return sendJson(res, 200, envelope({
        codeGroup: 'other',
        actionType: 'OTHER',
        returnValue: {
          data: cookiesFor(nick),
          taobaoNick: nick,
          displayNick: nick,
          sid: randomHex(16),
          deviceToken: { key: `idc11_V1_${now()}_${randomHex(16)}`, salt: randomHex(8) },
          extMap: { loginType: 'qrCodeLogin', headPicLink: `https://wwc.alicdn.com/avatar/getAvatar.do?userId=${nick.length}` },
          showLoginId: nick,
          site: 0,
        },
        message: '成功',
        code: 3000,
        ret: ['SUCCESS::成功'],
      }));
    }
    return sendJson(res, 200, { code: 404, msg: `未知接口 ${path} post=${post ?? ''}` });
  });

  return {
    ...running,
    state,
    setCookieShape(next) {
      shape = next;
    },
    failNext(failure) {
      failures.push(failure);
    },
    failInnerNext(ret) {
      innerFailures.push(ret);
    },
    respondNext(answer) {
      forced.push(answer);
    },
    restart() {
      initialized = false;
    },
  };
}
