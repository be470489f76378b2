import QRCode from 'qrcode';
import {
  listen,
  objectOf,
  pathOf,
  randomHex,
  readBody,
  sendForced,
  takeForced,
  sendJson,
  sendText,
  tryJson,
  type ForcedAnswer,
  type RunningServer,
} from './http-util';

/**
 * The local SaiNiu API framework (its GetRenewalToken document, showdoc.com.cn/sainiu), answering as the real one does:
 * - `POST /SaiNiuApi/Cookie` `post=GetRenewalToken`: `{code:200, data:{…, returnValue:{data:<cookies>}, code:3000},
 *   ret:["SUCCESS::成功"], passkey}` with `ret` a top-level sibling of `code`; a Qianniu session that is over
 *   answers `{code:200, data:{}, ret:["FAIL_SYS_SESSION_EXPIRED::Session过期"], passkey}`.
 * - `post=GetQRcode`: `{adToken, success:true, lgToken, message:"", url}` with NO `{code,data}` envelope; the
 *   lgToken is refused by GetRenewalToken (as above) until the test "scans" it with `scan()`.
 * - `POST /SaiNiuApi/Access` `post=Init`: AccessType and EndCall must be numbers.
 * The answer to an unscanned lgToken is not documented; we assume the same FAIL ret as an ended session.
 * Nor is the answer to a named userNick whose lgToken another Qianniu account scanned (the same FAIL is
 * assumed); `$userNick$` answers for the account that scanned ("使用$userNick$自动选择"), which is what
 * TokenDesk's QR login asks with, so it does not depend on that assumption.
 */

/** How `data.returnValue.data` carries the cookies (SaiNiu's GetRenewalToken document leaves it open). */
export type SaiNiuCookieShape = 'array' | 'map' | 'header' | 'json-string-header' | 'json-string-array';

/** A hostile or unusual GetQRcode answer for the next call. */
export type SaiNiuQrTrouble =
  | { kind: 'image-too-large' }
  | { kind: 'image-not-image' }
  | { kind: 'remote-http-url' }
  | { kind: 'refused'; message: string };

export interface SaiNiuServerOptions {
  cookieShape?: SaiNiuCookieShape;
  /** userNick → logonToken accepted for renewals besides scanned QR logins; when absent any non-empty pair is. */
  users?: Record<string, string>;
  /** When set, every call needs a matching Access Init first (code 401 otherwise). */
  access?: { accessType: number; accessId: string; accessKey: string };
  /** Lifetime of the structured cookies (array shapes); the shortest one expires after this. Default 24 h. */
  cookieTtlMs?: number;
  /** Send `data` JSON-encoded in a string (the docs call it text). */
  dataAsString?: boolean;
  /** GetQRcode's `url`: protocol-relative as the real framework (`//127.0.0.1:port/…`), or absolute http. */
  qrUrlStyle?: 'absolute' | 'protocol-relative';
  now?: () => number;
}

export interface SaiNiuServerState {
  renewals: number;
  inits: number;
  qrCodes: number;
  imageFetches: number;
  /** The `post` value and parsed `data` of the last call (the test's own fake values). */
  lastCall: { path: string; post: string | null; data: Record<string, unknown>; inQuery: boolean; inBody: boolean } | null;
  /** Expiry (epoch ms) of the shortest-lived cookie in the last array answer. */
  lastShortestExpiry: number | null;
  /** The lgToken of the newest QR code and the text its image encodes. */
  lastQr: { lgToken: string; content: string; url: string } | null;
}

export interface SaiNiuServer extends RunningServer {
  state: SaiNiuServerState;
  setCookieShape(shape: SaiNiuCookieShape): void;
  /** The person confirms the login in the Qianniu app: the (newest) lgToken now yields cookies for `nick`. */
  scan(nick?: string, lgToken?: string): void;
  /** The Qianniu session ends: renewals answer code 200 with ret FAIL_SYS_SESSION_EXPIRED until a new scan. */
  expireSession(): void;
  /** The next renewal answers `{code, msg}` (a non-200 envelope). */
  failNext(failure: { code: number; msg: string }): void;
  /** The next renewal answers code 200 with this top-level ret and empty data. */
  failRetNext(ret: string): void;
  /** The next GetQRcode misbehaves. */
  troubleNextQr(trouble: SaiNiuQrTrouble): void;
  respondNext(answer: ForcedAnswer): void;
  /** Simulates a framework restart: the Access Init is forgotten. */
  restart(): void;
}

const SESSION_EXPIRED = 'FAIL_SYS_SESSION_EXPIRED::Session过期';

interface IssuedQr {
  lgToken: string;
  content: string;
  png: Buffer;
  scannedBy: string | null;
  trouble: SaiNiuQrTrouble | null;
}

export async function startSaiNiuServer(options: SaiNiuServerOptions = {}): Promise<SaiNiuServer> {
  const now = options.now ?? Date.now;
  let shape: SaiNiuCookieShape = options.cookieShape ?? 'array';
  let initialized = false;
  let sessionOver = false;
  const failures: Array<{ code: number; msg: string }> = [];
  const retFailures: string[] = [];
  const qrTroubles: SaiNiuQrTrouble[] = [];
  const forced: ForcedAnswer[] = [];
  const issued = new Map<string, IssuedQr>();
  /** Image id → lgToken; the image address does not reveal the lgToken. */
  const images = new Map<string, string>();
  const state: SaiNiuServerState = { renewals: 0, inits: 0, qrCodes: 0, imageFetches: 0, lastCall: null, lastShortestExpiry: null, lastQr: null };
  let origin = '';

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

  const passkey = (): string => String(now());
  const wrap = (data: unknown): unknown => (options.dataAsString ? JSON.stringify(data) : data);
  const failRet = (ret: string) => ({ code: 200, data: wrap({}), ret: [ret], passkey: passkey() });
  const success = (nick: string) => ({
    code: 200,
    data: wrap({
      codeGroup: 'other',
      actionType: 'OTHER',
      returnValue: {
        data: cookiesFor(nick),
        taobaoNick: nick,
        deviceToken: { key: `idc11_V1_${now()}_${randomHex(16)}`, salt: randomHex(8) },
        displayNick: nick,
        sid: randomHex(16),
        hid: 123456,
        extMap: { rootLoginType: 'qrCodeLogin', loginType: 'qrCodeLogin', headPicLink: `https://wwc.alicdn.com/avatar/getAvatar.do?userId=${nick.length}` },
        showLoginId: nick,
        site: 0,
        transparent: false,
      },
      message: '成功',
      code: 3000,
    }),
    ret: ['SUCCESS::成功'],
    passkey: passkey(),
  });

  const renewal = (data: Record<string, unknown>): unknown => {
    const failure = failures.shift();
    if (failure) return failure;
    if (options.access && !initialized) return { code: 401, msg: '请先调用 Access Init 进行授权' };
    const ret = retFailures.shift();
    if (ret) return failRet(ret);
    const nick = typeof data.userNick === 'string' ? data.userNick : '';
    const logonToken = typeof data.logonToken === 'string' ? data.logonToken : '';
    const qr = issued.get(logonToken);
    if (qr) {
      // `$userNick$` lets the framework pick the account that scanned.
      if (!qr.scannedBy || sessionOver || (nick !== '$userNick$' && nick !== qr.scannedBy)) return failRet(SESSION_EXPIRED);
      return success(qr.scannedBy);
    }
    const known = options.users ? options.users[nick] === logonToken : nick !== '' && logonToken !== '';
    if (!known || sessionOver) return failRet(SESSION_EXPIRED);
    return success(nick);
  };

  const qrCode = async (): Promise<unknown> => {
    if (options.access && !initialized) return { code: 401, msg: '请先调用 Access Init 进行授权' };
    const trouble = qrTroubles.shift() ?? null;
    if (trouble?.kind === 'refused') return { adToken: '', success: false, lgToken: '', message: trouble.message, url: '' };
    state.qrCodes += 1;
    const lgToken = randomHex(16);
    const content = `https://login.m.taobao.com/qrcodeLogin.htm?lgToken=${lgToken}`;
    const png = await QRCode.toBuffer(content, { type: 'png', margin: 2, scale: 4 });
    issued.set(lgToken, { lgToken, content, png, scannedBy: null, trouble });
    const imageId = `O1CN01${randomHex(10)}_!!9321-2-xcode`;
    images.set(imageId, lgToken);
    const path = `/imgextra/${imageId}.png`;
    const url =
      trouble?.kind === 'remote-http-url'
        ? `http://img.alicdn.example${path}`
        : options.qrUrlStyle === 'protocol-relative'
          ? `${origin.replace(/^http:/, '')}${path}`
          : `${origin}${path}`;
    state.lastQr = { lgToken, content, url };
    return { adToken: randomHex(16), success: true, lgToken, message: '', url };
  };

  const running = await listen(async (req, res) => {
    const path = pathOf(req);
    if (req.method === 'GET' && path.startsWith('/imgextra/')) {
      state.imageFetches += 1;
      const qr = issued.get(images.get(decodeURIComponent(path.slice('/imgextra/'.length).replace(/\.png$/, ''))) ?? '');
      if (!qr) return sendText(res, 404, 'not found');
      if (qr.trouble?.kind === 'image-not-image') return sendText(res, 200, '<html><body>login</body></html>', 'text/html; charset=utf-8');
      const body = qr.trouble?.kind === 'image-too-large' ? Buffer.concat([qr.png, Buffer.alloc(2 * 1024 * 1024)]) : qr.png;
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    // Public clients send post/data in the query string; others in a form body: the framework reads both.
    const query = new URL(req.url ?? '/', 'http://framework').searchParams;
    const body = new URLSearchParams(await readBody(req));
    const form = query.has('post') ? query : body;
    const post = form.get('post');
    const data = objectOf(tryJson(form.get('data') ?? ''));
    state.lastCall = { path, post, data, inQuery: query.has('post'), inBody: body.has('post') };
    const queued = takeForced(forced, path);
    if (queued) return sendForced(res, queued);
    if (req.method === 'POST' && path === '/SaiNiuApi/Access' && post === 'Init') {
      state.inits += 1;
      if (typeof data.AccessType !== 'number' || typeof data.EndCall !== 'number') {
        return sendJson(res, 200, { code: 400, msg: 'AccessType 和 EndCall 须为整数' });
      }
      const want = options.access;
      if (want && (data.AccessType !== want.accessType || data.AccessId !== want.accessId || data.AccessKey !== want.accessKey)) {
        return sendJson(res, 200, { code: 401, msg: '授权失败：AccessKey 错误' });
      }
      initialized = true;
      return sendJson(res, 200, { code: 200, msg: '初始化成功', data: '', passkey: passkey() });
    }
    if (req.method === 'POST' && path === '/SaiNiuApi/Cookie' && post === 'GetRenewalToken') {
      state.renewals += 1;
      return sendJson(res, 200, renewal(data));
    }
    if (req.method === 'POST' && path === '/SaiNiuApi/Cookie' && post === 'GetQRcode') {
      return sendJson(res, 200, await qrCode());
    }
    return sendJson(res, 200, { code: 404, msg: `未知接口 ${path} post=${post ?? ''}` });
  });
  origin = running.url;

  return {
    ...running,
    state,
    setCookieShape(next) {
      shape = next;
    },
    scan(nick = 'tb123456', lgToken) {
      const qr = issued.get(lgToken ?? state.lastQr?.lgToken ?? '');
      if (!qr) throw new Error('no QR code was issued to scan');
      qr.scannedBy = nick;
      sessionOver = false;
    },
    expireSession() {
      sessionOver = true;
    },
    failNext(failure) {
      failures.push(failure);
    },
    failRetNext(ret) {
      retFailures.push(ret);
    },
    troubleNextQr(trouble) {
      qrTroubles.push(trouble);
    },
    respondNext(answer) {
      forced.push(answer);
    },
    restart() {
      initialized = false;
    },
  };
}
