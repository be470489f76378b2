import { randomUUID } from 'node:crypto';
import { OPENIM_PLATFORMS, type ProviderInfo } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import { badResponseError, httpStatusError } from '../http/describe';
import type { HttpResponse } from '../http/types';
import {
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
import type { ExchangeContext, ExchangeInput, ExchangeResult, Provider } from './types';

/** The OpenIM API generations TokenDesk speaks: `v3` has /auth/user_token, `v3.8` (3.8.1+) the admin pair. */
export type OpenImApi = 'v3' | 'v3.8';

const WHO = 'The OpenIM server';
/** errCodes retrying cannot fix: ArgsError, NoPermission (wrong secret), RecordNotFound (unknown user). */
const NEEDS_USER = new Set([1001, 1002, 1004]);

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
    en: 'Admin account used by OpenIM 3.8.1+ to get an admin token first.',
    zh: 'OpenIM 3.8.1 及以上版本先用它获取管理员令牌。',
  }, { default: 'imAdmin' }),
  defineField('apiVersion', { en: 'API version', zh: 'API 版本' }, {
    en: 'Auto tries /auth/user_token and switches to the 3.8.1+ admin-token pair when the server lacks it.',
    zh: '“自动”先尝试 /auth/user_token，服务端没有该接口时改用 3.8.1+ 的管理员令牌方式。',
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
  displayName: { en: 'OpenIM', zh: 'OpenIM' },
  description: {
    en: 'User token of an OpenIM server, issued with the server secret.',
    zh: '用服务端密钥签发的 OpenIM 用户令牌。',
  },
  fields,
  autoRefreshDefault: true,
  formats: ['raw', 'header', 'env', 'json', 'curl'],
};

interface Issued {
  token: string;
  expireTimeSeconds: number | null;
}

/** Marks "this API generation is not on the server" so auto-detection can switch. */
class MissingEndpoint extends Error {
  constructor(readonly response: HttpResponse) {
    super('endpoint missing');
  }
}

async function post(ctx: ExchangeContext, input: ExchangeInput, path: string, body: JsonObject, secrets: string[], headers: Record<string, string> = {}): Promise<Issued> {
  const operation = path.replace(/^\/auth\//, '');
  const response = await ctx.http.request({
    method: 'POST',
    url: joinUrl(fieldValue(input, 'baseUrl'), path),
    // A fresh operationID per request: OpenIM traces each call by it.
    headers: { operationID: randomUUID(), ...headers },
    json: body,
    operation,
    secrets,
  });
  if (response.status === 404) throw new MissingEndpoint(response);
  const envelope = jsonObjectOf(WHO, response, secrets);
  const errCode = toNumber(envelope.errCode);
  if (errCode === null) {
    if (response.status < 200 || response.status >= 300) throw httpStatusError(WHO, response, secrets);
    throw badResponseError(WHO, response, 'an OpenIM answer (no errCode)', secrets);
  }
  if (errCode !== 0) {
    const errMsg = toText(envelope.errMsg);
    const errDlt = toText(envelope.errDlt);
    const advice =
      errCode === 1002 ? 'Check the secret (and, for 3.8.1+, the admin user ID).'
      : errCode === 1004 ? 'Check the user ID: the server does not know it.'
      : errCode === 1001 ? 'Check the user ID and platform.'
      : 'Try again later; if it persists, check the OpenIM server logs.';
    const message = `OpenIM refused ${operation} (errCode ${errCode}${errMsg ? ` ${errMsg}` : ''}${errDlt ? `; ${errDlt}` : ''}). ${advice}`;
    throw rejected(message, { code: String(errCode), message: errMsg }, secrets, { needsUser: NEEDS_USER.has(errCode), status: response.status });
  }
  const data = isObject(envelope.data) ? envelope.data : null;
  const token = data && typeof data.token === 'string' ? data.token.trim() : '';
  if (!data || !token) throw badResponseError(WHO, response, 'data.token', secrets);
  return { token, expireTimeSeconds: toNumber(data.expireTimeSeconds) };
}

async function viaUserToken(ctx: ExchangeContext, input: ExchangeInput, platformID: number, secrets: string[]): Promise<Issued> {
  return post(ctx, input, '/auth/user_token', { secret: input.fields.secret ?? '', platformID, userID: fieldValue(input, 'userID') }, secrets);
}

async function viaAdminPair(ctx: ExchangeContext, input: ExchangeInput, platformID: number, secrets: string[]): Promise<Issued> {
  const adminUserID = fieldValue(input, 'adminUserID') || 'imAdmin';
  const admin = await post(ctx, input, '/auth/get_admin_token', { secret: input.fields.secret ?? '', userID: adminUserID }, secrets);
  const withAdmin = [...secrets, admin.token];
  return post(ctx, input, '/auth/get_user_token', { platformID, userID: fieldValue(input, 'userID') }, withAdmin, { token: admin.token });
}

function missingError(api: OpenImApi, error: MissingEndpoint, secrets: string[]): TokenDeskError {
  const other = api === 'v3' ? 'v3.8.1+' : 'v3.0 – v3.8.0';
  const base = httpStatusError(WHO, error.response, secrets);
  return new TokenDeskError('http_error', `${base.message} This server does not have the ${api} token endpoints; set API version to Auto or ${other}.`, { status: 404, needsUser: true });
}

async function issue(ctx: ExchangeContext, input: ExchangeInput, platformID: number, secrets: string[]): Promise<{ issued: Issued; api: OpenImApi }> {
  const setting = fieldValue(input, 'apiVersion') || 'auto';
  const remembered = input.state.apiVersion === 'v3.8' ? 'v3.8' : 'v3';
  const order: OpenImApi[] = setting === 'v3' || setting === 'v3.8' ? [setting] : remembered === 'v3.8' ? ['v3.8', 'v3'] : ['v3', 'v3.8'];
  let lastMissing: MissingEndpoint | null = null;
  for (const api of order) {
    try {
      const issued = api === 'v3' ? await viaUserToken(ctx, input, platformID, secrets) : await viaAdminPair(ctx, input, platformID, secrets);
      return { issued, api };
    } catch (error) {
      if (!(error instanceof MissingEndpoint)) throw error;
      lastMissing = error;
    }
  }
  throw missingError(order[order.length - 1] ?? 'v3', lastMissing as MissingEndpoint, secrets);
}

/**
 * OpenIM: a user token from the server secret. `expireTimeSeconds` is a duration in the seed; a value
 * that can only be a Unix time (past year 2001) is taken as absolute.
 */
export const openImProvider: Provider = {
  info,
  async exchange(input, ctx): Promise<ExchangeResult> {
    if (!fieldValue(input, 'baseUrl')) throw missingSetting('OpenIM', 'API address');
    if (!(input.fields.secret ?? '')) throw missingSetting('OpenIM', 'secret');
    if (!fieldValue(input, 'userID')) throw missingSetting('OpenIM', 'user ID');
    const platformID = toNumber(fieldValue(input, 'platformID') || '5');
    if (platformID === null || !Number.isInteger(platformID) || platformID < 1 || platformID > 11) {
      throw new TokenDeskError('invalid_input', 'The OpenIM platform must be a whole number from 1 to 11 (5 is Web). Edit the account.', { needsUser: true });
    }
    const secrets = secretValues(fields, input);
    const now = ctx.now();
    const { issued, api } = await issue(ctx, input, platformID, secrets);
    const seconds = issued.expireTimeSeconds;
    const expiresAt = seconds === null || seconds <= 0 ? jwtExpiry(issued.token) : seconds > 1e9 ? seconds * 1000 : now + seconds * 1000;
    return {
      token: issued.token,
      expiresAt,
      issuedAt: now,
      extras: {
        userID: fieldValue(input, 'userID'),
        platformID,
        platform: OPENIM_PLATFORMS[platformID] ?? String(platformID),
        apiVersion: api,
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
