import type { ProviderInfo } from '../../../shared/providers';
import type { TokenDeskError } from '../errors';
import { badResponseError, httpStatusError } from '../http/describe';
import type { HttpResponse } from '../http/types';
import {
  defineField,
  fieldValue,
  isObject,
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

const WHO = 'OneAccess';
/** Cached access tokens are dropped this long before they expire. */
export const ACCESS_TOKEN_MARGIN_MS = 60_000;
const DEFAULT_EXPIRES_IN_S = 1800;

const fields = [
  defineField('baseUrl', { en: 'Tenant domain', zh: '租户域名' }, {
    en: 'https://{domain_name}: the tenant access domain (or the ISV common domain with a tenant ID).',
    zh: 'https://{domain_name}：租户访问域名（ISV 使用公共域名并填写租户 ID）。',
  }, { required: true, kind: 'url' }),
  defineField('clientId', { en: 'Client ID', zh: '应用 Client ID' }, {
    en: 'Client ID of the application, used to get an access token.',
    zh: '应用的 Client ID，用于获取访问凭证。',
  }),
  defineField('clientSecret', { en: 'Client secret', zh: '应用 Client Secret' }, {
    en: 'Client secret of the application, used to get an access token.',
    zh: '应用的 Client Secret，用于获取访问凭证。',
  }, { secret: true }),
  defineField('accessToken', { en: 'Access token', zh: '访问凭证（Access Token）' }, {
    en: 'Instead of client ID and secret: a ready access token (it is not renewed automatically).',
    zh: '也可不填 Client ID/Secret，直接填写现成的访问凭证（不会自动续期）。',
  }, { secret: true }),
  defineField('tenantId', { en: 'Tenant ID', zh: '租户 ID' }, {
    en: 'Only for ISVs on a common domain: sent as the X-tenant-id header.',
    zh: '仅 ISV 使用公共域名时填写：作为 X-tenant-id 请求头发送。',
  }),
  defineField('sessionToken', { en: 'Session token', zh: '会话令牌（session_token）' }, {
    en: 'The session_token returned by the user login.',
    zh: '用户登录成功后返回的 session_token。',
  }, { required: true, secret: true }),
  defineField('operatingSysVersion', { en: 'OS version', zh: '操作系统版本' }, {
    en: 'Caller OS version, e.g. Android 10.',
    zh: '调用方操作系统版本，例如 Android 10。',
  }, { default: 'Windows 10' }),
  defineField('deviceIp', { en: 'Device IP', zh: '设备 IP' }, {
    en: 'Caller device IP address.',
    zh: '调用方设备 IP 地址。',
  }, { default: '127.0.0.1' }),
  defineField('deviceFingerprint', { en: 'Device fingerprint', zh: '设备指纹' }, {
    en: 'Must equal the device fingerprint used at login.',
    zh: '必须与登录时使用的设备指纹一致。',
  }, { required: true }),
  defineField('agent', { en: 'User agent', zh: '用户代理（agent）' }, {
    en: 'Optional user agent of the caller.',
    zh: '可选：调用方的 User-Agent 信息。',
  }),
  defineField('ssoClientId', { en: 'SSO application client ID', zh: '单点应用 Client ID' }, {
    en: 'Optional client_id of the single sign-on application whose user information is wanted.',
    zh: '可选：需要获取用户信息的单点登录应用的 client_id。',
  }),
];

const info: ProviderInfo = {
  id: 'oneaccess',
  displayName: { en: 'Huawei Cloud OneAccess', zh: '华为云 OneAccess' },
  description: {
    en: 'One-time sso_ticket from a session_token, with a cached tenant access token.',
    zh: '用 session_token 换取一次性 sso_ticket，租户访问凭证会被缓存复用。',
  },
  fields,
  autoRefreshDefault: true,
  formats: ['raw', 'header', 'env', 'json', 'curl'],
};

function tenantHeaders(input: ExchangeInput): Record<string, string> {
  const tenantId = fieldValue(input, 'tenantId');
  return tenantId ? { 'X-tenant-id': tenantId } : {};
}

/** OneAccess answers errors as `{error_code, error_msg}` or OAuth-style `{error, error_description}`. */
function providerError(body: unknown): { code: string; message: string } | null {
  if (!isObject(body)) return null;
  const code = toText(body.error_code) || toText(body.error);
  if (!code) return null;
  return { code, message: toText(body.error_msg) || toText(body.error_description) };
}

function failure(step: string, response: HttpResponse, secrets: string[], needsUser: boolean, advice: string): TokenDeskError {
  const error = providerError(response.json);
  if (!error) return httpStatusError(WHO, response, secrets);
  const message = `OneAccess refused ${step} (${response.status}, ${error.code}${error.message ? `: ${error.message}` : ''}). ${advice}`;
  return rejected(message, error, secrets, { needsUser, status: response.status });
}

function cacheKey(input: ExchangeInput): string {
  return `oneaccess:${fieldValue(input, 'baseUrl')}|${fieldValue(input, 'clientId')}|${fieldValue(input, 'tenantId')}`;
}

/** An access token and when it expires (epoch ms; null when unknown, e.g. a pasted opaque token). */
interface AccessToken {
  token: string;
  expiresAt: number | null;
}

async function fetchAccessToken(input: ExchangeInput, ctx: ExchangeContext, secrets: string[]): Promise<AccessToken> {
  const response = await ctx.http.request({
    method: 'POST',
    url: joinUrl(fieldValue(input, 'baseUrl'), '/api/v2/tenant/token'),
    headers: tenantHeaders(input),
    form: { grant_type: 'client_credentials', client_id: fieldValue(input, 'clientId'), client_secret: input.fields.clientSecret ?? '' },
    operation: 'access_token',
    secrets,
  });
  const body = isObject(response.json) ? response.json : null;
  const token = body && typeof body.access_token === 'string' ? body.access_token : '';
  if (response.status !== 200 || !token) {
    if (response.status >= 200 && response.status < 300 && !providerError(body)) throw badResponseError(WHO, response, 'an access_token', secrets);
    const clientRejected = response.status === 400 || response.status === 401 || response.status === 403;
    throw failure('the client credentials', response, secrets, clientRejected, 'Check the client ID and client secret of the account.');
  }
  const expiresIn = toNumber(body?.expires_in) ?? DEFAULT_EXPIRES_IN_S;
  const expiresAt = ctx.now() + expiresIn * 1000;
  // Cached until shortly before it expires, so a ticket request never carries a dying token.
  ctx.cache.set(cacheKey(input), token, expiresAt - ACCESS_TOKEN_MARGIN_MS);
  return { token, expiresAt };
}

/** The access token: the pasted one, else a cached one, else a fresh one (`fresh` says which). */
async function accessToken(input: ExchangeInput, ctx: ExchangeContext, secrets: string[]): Promise<AccessToken & { renewable: boolean; fresh: boolean }> {
  const pasted = (input.fields.accessToken ?? '').trim();
  if (pasted) return { token: pasted, expiresAt: jwtExpiry(pasted), renewable: false, fresh: false };
  if (!fieldValue(input, 'clientId') || !(input.fields.clientSecret ?? '')) {
    throw missingSetting('OneAccess', 'client ID and client secret (or an access token)');
  }
  const cached = ctx.cache.get(cacheKey(input));
  if (cached && cached.expiresAt > ctx.now()) {
    return { token: cached.value, expiresAt: cached.expiresAt + ACCESS_TOKEN_MARGIN_MS, renewable: true, fresh: false };
  }
  return { ...(await fetchAccessToken(input, ctx, secrets)), renewable: true, fresh: true };
}

function ticketRequest(input: ExchangeInput, token: string, secrets: string[]) {
  const body: JsonObject = {
    session_token: input.fields.sessionToken ?? '',
    operating_sys_version: fieldValue(input, 'operatingSysVersion') || 'Windows 10',
    device_ip: fieldValue(input, 'deviceIp') || '127.0.0.1',
    device_fingerprint: fieldValue(input, 'deviceFingerprint'),
  };
  if (fieldValue(input, 'agent')) body.agent = fieldValue(input, 'agent');
  if (fieldValue(input, 'ssoClientId')) body.client_id = fieldValue(input, 'ssoClientId');
  return {
    method: 'POST' as const,
    url: joinUrl(fieldValue(input, 'baseUrl'), '/api/v2/tenant/sso/session-token/sso-ticket'),
    headers: { 'Content-Type': 'application/json;charset=utf8', Authorization: `Bearer ${token}`, ...tenantHeaders(input) },
    body: JSON.stringify(body),
    operation: 'sso_ticket',
    secrets: [...secrets, token],
  };
}

/** OneAccess: an sso_ticket from the session token; a 401 renews the cached access token once. */
export const oneAccessProvider: Provider = {
  info,
  validate(values) {
    const hasClient = (values.clientId ?? '').trim() !== '' && (values.clientSecret ?? '') !== '';
    return hasClient || (values.accessToken ?? '').trim() !== '' ? null : 'set clientId and clientSecret, or accessToken';
  },
  async exchange(input, ctx): Promise<ExchangeResult> {
    if (!fieldValue(input, 'baseUrl')) throw missingSetting('OneAccess', 'tenant domain');
    if (!(input.fields.sessionToken ?? '')) throw missingSetting('OneAccess', 'session token');
    if (!fieldValue(input, 'deviceFingerprint')) throw missingSetting('OneAccess', 'device fingerprint');
    const secrets = secretValues(fields, input);
    let access = await accessToken(input, ctx, secrets);
    let response = await ctx.http.request(ticketRequest(input, access.token, secrets));
    if (response.status === 401 && access.renewable && !access.fresh) {
      // A cached access token went stale (revoked or clock skew): renew once, retry once.
      ctx.cache.delete(cacheKey(input));
      access = { ...(await fetchAccessToken(input, ctx, secrets)), renewable: true, fresh: true };
      response = await ctx.http.request(ticketRequest(input, access.token, secrets));
    }
    const allSecrets = [...secrets, access.token];
    const body = isObject(response.json) ? response.json : null;
    const ticket = body && typeof body.sso_ticket === 'string' ? body.sso_ticket.trim() : '';
    if (response.status === 200 && ticket) {
      const expire = toNumber(body?.expire);
      const now = ctx.now();
      return {
        token: ticket,
        expiresAt: expire !== null && expire > 0 ? now + expire * 1000 : null,
        issuedAt: now,
        extras: {
          ...(expire !== null ? { ticketLifetimeSeconds: expire } : {}),
          // When the access token behind this ticket expires (not a secret); pasted ones are not renewed.
          accessTokenSource: access.renewable ? 'client' : 'pasted',
          ...(access.expiresAt !== null ? { accessTokenExpiresAt: access.expiresAt } : {}),
          ...jwtExtras(ticket),
        },
      };
    }
    if (response.status >= 200 && response.status < 300 && !providerError(body)) {
      throw badResponseError(WHO, response, 'an sso_ticket', allSecrets);
    }
    if (response.status === 401) {
      if (access.renewable) ctx.cache.delete(cacheKey(input));
      throw failure('the access token', response, allSecrets, true,
        access.renewable ? 'Check that the application may call this API.' : 'Paste a new access token, or set the client ID and secret instead.');
    }
    const sessionRejected = response.status === 400 || response.status === 403;
    throw failure('the session token', response, allSecrets, sessionRejected,
      'Check the session token and that the device fingerprint equals the one used at login; a new login may be needed.');
  },
};
