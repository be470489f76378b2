import { editFields } from '../../../shared/next-step';
import { randomUUID } from 'node:crypto';
import { OPENIM_API_GENERATIONS, OPENIM_PLATFORMS, type OpenImApi, type ProviderInfo } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import { badResponseError, httpStatusError } from '../http/describe';
import type { HttpResponse } from '../http/types';
import {
  afterSeconds,
  defineField,
  fieldValue,
  isObject,
  jsonObjectOf,
  joinUrl,
  jwtExpiry,
  jwtExtras,
  missingSetting,
  rejected,
  secretValues,
  toNumber,
  toText,
  type JsonObject,
} from './common';
import { adminCacheKey, adminToken } from './openim-admin';
import { isStaleAdminToken, isTokenHeaderRefusal, OpenImRefusal, redactTokens, refusalError } from './openim-errors';
import type { ExchangeContext, ExchangeInput, ExchangeResult, Provider } from './types';

const WHO = 'The OpenIM server';

const fields = [
  defineField('baseUrl', { en: 'API address', zh: 'API 地址' }, {
    en: 'OpenIM API address (API_ADDRESS), port 10002 by default.',
    zh: 'OpenIM 的 API 地址（API_ADDRESS），默认端口 10002。',
  }, { required: true, kind: 'url', default: 'http://127.0.0.1:10002' }),
  defineField('secret', { en: 'Secret', zh: '密钥（secret）' }, {
    en: 'The server secret (the "secret" in the OpenIM config).',
    zh: '服务端密钥（OpenIM 配置文件中的 secret）。',
  }, { required: true, secret: true }),
  defineField('userID', { en: 'User ID', zh: '用户 ID' }, {
    en: 'The user to issue the token for.',
    zh: '要签发令牌的用户 ID。',
  }, { required: true }),
  defineField('platformID', { en: 'Platform', zh: '平台' }, {
    en: 'Platform the token is for: 1 iOS, 2 Android, 3 Windows, 4 OSX, 5 Web, 6 MiniWeb, 7 Linux, 8 Android Pad, 9 iPad, 10 Admin, 11 HarmonyOS.',
    zh: '令牌所属平台：1 iOS、2 Android、3 Windows、4 OSX、5 Web、6 小程序、7 Linux、8 安卓平板、9 iPad、10 管理后台、11 鸿蒙。',
  }, { kind: 'integer', default: '5', min: 1, max: 11 }),
  defineField('adminUserID', { en: 'Admin user ID', zh: '管理员用户 ID' }, {
    en: 'OpenIM 3.8.1+: one of the server\'s imAdminUserID values; its admin token is fetched once and reused until shortly before it expires.',
    zh: 'OpenIM 3.8.1 及以上：服务端 imAdminUserID 中的一个；其管理员令牌只获取一次，在快过期前一直复用。',
  }, { default: 'imAdmin' }),
  defineField('apiVersion', { en: 'API version', zh: 'API 版本' }, {
    en: 'Auto tries /auth/user_token and switches to the 3.8.1+ admin-token pair when the server lacks it (404, or 1001 "header must have token"), then remembers what worked.',
    zh: '“自动”先尝试 /auth/user_token，服务端没有该接口（404，或 1001“header must have token”）时改用 3.8.1+ 的管理员令牌方式，并记住可用的方式。',
  }, {
    kind: 'select',
    default: 'auto',
    options: [
      { value: 'auto', label: { en: 'Auto-detect', zh: '自动检测' } },
      { value: 'v3', label: { en: 'v3.0 – v3.8.0 (/auth/user_token)', zh: 'v3.0 – v3.8.0（/auth/user_token）' } },
      { value: 'v3.8', label: { en: 'v3.8.1+ (get_admin_token + get_user_token)', zh: 'v3.8.1+（get_admin_token + get_user_token）' } },
    ],
  }),
];

const info: ProviderInfo = {
  id: 'openim',
  custom: false,
  displayName: { en: 'OpenIM', zh: 'OpenIM' },
  description: {
    en: 'User token of an OpenIM server, issued with the server secret.',
    zh: '用服务端密钥签发的 OpenIM 用户令牌。',
  },
  fields,
  // Tokens last 90 days, and each new one logs the user's running client out on that platform.
  autoRefreshDefault: false,
  autoRefreshWarning: {
    en: 'Each refresh issues a new OpenIM token, and the server then logs out the client already signed in as this user on this platform (it gets error 1506, token kicked). Turn this on only when no live client uses this user and platform.',
    zh: '每次刷新都会签发新的 OpenIM 令牌，服务端随即让该用户在此平台上已登录的客户端下线（返回 1506，令牌被踢）。仅当没有在线客户端使用该用户和平台时再开启。',
  },
  formats: ['raw', 'header', 'env', 'json', 'curl'],
};

interface Issued {
  token: string;
  /** A duration in seconds (expire days × 86400), never an absolute time. */
  expireTimeSeconds: number | null;
}

/** "This API generation is not on the server": a 404, or 1001 "header must have token" on a 3.8.x server. */
class MissingEndpoint extends Error {
  constructor(
    readonly response: HttpResponse,
    readonly operation: string,
    readonly refusal: OpenImRefusal | null,
  ) {
    super('endpoint missing');
  }
}

interface Call {
  ctx: ExchangeContext;
  input: ExchangeInput;
  platformID: number;
  /** Everything to redact; the admin token joins it once known. */
  secrets: string[];
}

async function post(call: Call, path: string, body: JsonObject, headers: Record<string, string> = {}): Promise<Issued> {
  const operation = path.replace(/^\/auth\//, '');
  const response = await call.ctx.http.request({
    method: 'POST',
    url: joinUrl(fieldValue(call.input, 'baseUrl'), path),
    // A fresh operationID per request: OpenIM traces each call by it (and refuses a POST without one).
    headers: { operationID: randomUUID(), ...headers },
    json: body,
    operation,
    secrets: call.secrets,
  });
  if (response.status === 404) throw new MissingEndpoint(response, operation, null);
  const envelope = jsonObjectOf(WHO, response, call.secrets);
  const errCode = toNumber(envelope.errCode);
  if (errCode === null) {
    if (response.status < 200 || response.status >= 300) throw httpStatusError(WHO, response, call.secrets);
    throw badResponseError(WHO, response, 'an OpenIM answer (no errCode)', call.secrets);
  }
  if (errCode !== 0) throw new OpenImRefusal(operation, errCode, toText(envelope.errMsg), toText(envelope.errDlt), response);
  const data = isObject(envelope.data) ? envelope.data : null;
  const token = data && typeof data.token === 'string' ? data.token.trim() : '';
  if (!data || !token) throw badResponseError(WHO, response, 'data.token', call.secrets);
  return { token, expireTimeSeconds: toNumber(data.expireTimeSeconds) };
}

/** `post`, with 1001 "header must have token" read as "no such route here" (3.8.x answers so for unknown routes). */
function postOrMissing(call: Call, path: string, body: JsonObject): Promise<Issued> {
  return post(call, path, body).catch((error: unknown) => {
    throw error instanceof OpenImRefusal && isTokenHeaderRefusal(error) ? new MissingEndpoint(error.response, error.operation, error) : error;
  });
}

/** When an issued token stops: expireTimeSeconds is a duration; without it, the JWT's exp. */
function expiryOf(issued: Issued, now: number): number | null {
  return afterSeconds(issued.expireTimeSeconds, now) ?? jwtExpiry(issued.token);
}

function viaUserToken(call: Call): Promise<Issued> {
  const { input, platformID } = call;
  return postOrMissing(call, '/auth/user_token', { secret: input.fields.secret ?? '', platformID, userID: fieldValue(input, 'userID') });
}

/** 3.8.1+: a cached admin token (one fetch per server and admin), then get_user_token; one renewal on a stale admin token. */
async function viaAdminPair(call: Call): Promise<{ issued: Issued; adminReused: boolean }> {
  const { ctx, input, platformID } = call;
  const adminUserID = fieldValue(input, 'adminUserID') || 'imAdmin';
  const key = adminCacheKey(fieldValue(input, 'baseUrl'), adminUserID, input.fields.secret ?? '');
  const fetchAdmin = async () => {
    const issued = await postOrMissing(call, '/auth/get_admin_token', { secret: input.fields.secret ?? '', userID: adminUserID });
    call.secrets.push(issued.token);
    return { token: issued.token, expiresAt: expiryOf(issued, ctx.now()) };
  };
  const getUserToken = (token: string) => {
    call.secrets.push(token);
    return post(call, '/auth/get_user_token', { platformID, userID: fieldValue(input, 'userID') }, { token });
  };
  for (let attempt = 1; ; attempt += 1) {
    const admin = await adminToken(ctx.cache, key, ctx.now, fetchAdmin);
    try {
      return { issued: await getUserToken(admin.token), adminReused: attempt === 1 && !admin.fresh };
    } catch (error) {
      if (!(error instanceof OpenImRefusal) || !isStaleAdminToken(error)) throw error;
      ctx.cache.delete(key);
      // A token fetched just now that is refused again would be refused again: say so instead of looping.
      if (admin.fresh || attempt === 2) throw error;
    }
  }
}

function missingError(tried: OpenImApi[], error: MissingEndpoint, secrets: string[]): TokenDeskError {
  const fixed = tried.length === 1 ? tried[0] : null;
  const what =
    fixed === 'v3' ? 'This server has no /auth/user_token (OpenIM 3.8.1 removed it); set API version to Auto or v3.8.1+.'
    : fixed === 'v3.8' ? 'This server has no /auth/get_admin_token (it is older than OpenIM 3.8.1); set API version to Auto or v3.0 – v3.8.0.'
    : 'This server has neither /auth/user_token nor /auth/get_admin_token; check the API address (the API port, 10002 by default).';
  if (!error.refusal) {
    const base = httpStatusError(WHO, error.response, secrets);
    return new TokenDeskError('http_error', `${base.message} ${what}`, { status: error.response.status, needsUser: true });
  }
  const errDlt = redactTokens(error.refusal.errDlt);
  const said = `errCode ${error.refusal.errCode} ${redactTokens(error.refusal.errMsg)}${errDlt ? `; ${errDlt}` : ''}`;
  return rejected(`OpenIM answered ${error.operation} with ${said}. ${what}`, { code: String(error.refusal.errCode), message: error.refusal.errMsg }, secrets, {
    needsUser: true,
    status: error.response.status,
  });
}

async function issue(call: Call): Promise<{ issued: Issued; api: OpenImApi; adminReused: boolean | null }> {
  const setting = fieldValue(call.input, 'apiVersion') || 'auto';
  const remembered = call.input.state.apiVersion === 'v3.8' ? 'v3.8' : 'v3';
  const order: OpenImApi[] = setting === 'v3' || setting === 'v3.8' ? [setting] : remembered === 'v3.8' ? ['v3.8', 'v3'] : ['v3', 'v3.8'];
  let lastMissing: MissingEndpoint | null = null;
  for (const api of order) {
    try {
      if (api === 'v3') return { issued: await viaUserToken(call), api, adminReused: null };
      const pair = await viaAdminPair(call);
      return { issued: pair.issued, api, adminReused: pair.adminReused };
    } catch (error) {
      if (!(error instanceof MissingEndpoint)) throw error;
      lastMissing = error;
    }
  }
  throw missingError(order, lastMissing as MissingEndpoint, call.secrets);
}

/**
 * OpenIM: a user token from the server secret, by /auth/user_token (v3.0 – v3.8.0) or by a cached admin
 * token and get_user_token (3.8.1+). expireTimeSeconds is always a duration (expire days × 86400).
 */
export const openImProvider: Provider = {
  info,
  async exchange(input, ctx): Promise<ExchangeResult> {
    if (!fieldValue(input, 'baseUrl')) throw missingSetting('OpenIM', 'API address', 'baseUrl');
    if (!(input.fields.secret ?? '')) throw missingSetting('OpenIM', 'secret', 'secret');
    const userID = fieldValue(input, 'userID');
    if (!userID) throw missingSetting('OpenIM', 'user ID', 'userID');
    const platformID = toNumber(fieldValue(input, 'platformID') || '5');
    if (platformID === null || !Number.isInteger(platformID) || platformID < 1 || platformID > 11) {
      throw new TokenDeskError('invalid_input', 'The OpenIM platform must be a whole number from 1 to 11 (5 is Web).', { needsUser: true, next: editFields('platformID') });
    }
    const adminUserID = fieldValue(input, 'adminUserID') || 'imAdmin';
    const call: Call = { ctx, input, platformID, secrets: secretValues(fields, input) };
    const now = ctx.now();
    const { issued, api, adminReused } = await issue(call).catch((error: unknown) => {
      throw error instanceof OpenImRefusal ? refusalError(error, { userID, platformID, adminUserID }, call.secrets) : error;
    });
    return {
      token: issued.token,
      expiresAt: expiryOf(issued, now),
      issuedAt: now,
      extras: {
        userID,
        platformID,
        platform: OPENIM_PLATFORMS[platformID] ?? String(platformID),
        apiVersion: api,
        apiGeneration: OPENIM_API_GENERATIONS[api],
        apiDetected: (fieldValue(input, 'apiVersion') || 'auto') === 'auto',
        ...(adminReused === null ? {} : { adminUserID, adminToken: adminReused ? 'reused' : 'fetched' }),
        ...jwtExtras(issued.token),
      },
      state: { apiVersion: api },
    };
  },
  formatToken(token, format) {
    // OpenIM reads the token from a header named `token`, not Authorization.
    return format === 'header' ? `token: ${token}` : undefined;
  },
};
