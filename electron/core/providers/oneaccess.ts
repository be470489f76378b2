import type { FieldSpec, ProviderInfo } from '../../../shared/providers';
import { afterSeconds, defineField, fieldValue, jwtExtras, missingSetting, secretValues, toNumber } from './common';
import { machineIp, machineOsVersion } from './machine';
import { accessToken, answerValue, postWithAccess, type AccessHolder } from './oneaccess-api';
import { callerBody, renewSession, sessionExpiry, sessionRenewBy } from './oneaccess-session';
import type { ExchangeResult, Provider } from './types';

/** A field whose empty value means "this machine's", shown as the current value without storing it. */
function machineField(field: FieldSpec, current: () => string): FieldSpec {
  // A getter, so every providerInfos() copy (jsonCopy reads it) shows today's value.
  return Object.defineProperty(field, 'placeholder', { get: current, enumerable: true, configurable: true });
}

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
    en: 'The session_token returned by the user login. TokenDesk replaces it when it renews the session.',
    zh: '用户登录成功后返回的 session_token。续期会话时 TokenDesk 会换成新的令牌。',
  }, { required: true, secret: true }),
  defineField('sessionExpiresAt', { en: 'Session expires at', zh: '会话到期时间' }, {
    en: 'When the session_token ends: the login time plus the login answer\'s "expire" seconds, in ISO 8601 with a zone (e.g. 2026-12-07T09:00:00+08:00). TokenDesk renews the session before then and keeps this up to date. Empty: not tracked.',
    zh: 'session_token 的到期时间：登录时间加上登录响应中的 "expire" 秒数，使用带时区的 ISO 8601 格式（如 2026-12-07T09:00:00+08:00）。TokenDesk 会在到期前续期并自动更新此值。留空则不跟踪。',
  }, { kind: 'datetime' }),
  machineField(defineField('operatingSysVersion', { en: 'OS version', zh: '操作系统版本' }, {
    en: 'Caller OS version sent to OneAccess. Empty: this machine\'s, read at each exchange.',
    zh: '发送给 OneAccess 的调用方操作系统版本。留空则每次使用本机的值。',
  }), () => machineOsVersion()),
  machineField(defineField('deviceIp', { en: 'Device IP', zh: '设备 IP' }, {
    en: 'Caller device IP address sent to OneAccess. Empty: this machine\'s network address, read at each exchange.',
    zh: '发送给 OneAccess 的调用方设备 IP。留空则每次使用本机的网络地址。',
  }), () => machineIp()),
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
  custom: false,
  displayName: { en: 'Huawei Cloud OneAccess', zh: '华为云 OneAccess' },
  description: {
    en: 'One-time sso_ticket from a session_token, with a cached tenant access token; the session is renewed before it ends.',
    zh: '用 session_token 换取一次性 sso_ticket，租户访问凭证会被缓存复用；会话在到期前自动续期。',
  },
  fields,
  autoRefreshDefault: true,
  formats: ['raw', 'header', 'env', 'json', 'curl'],
};

/**
 * OneAccess: an sso_ticket from the session token. Before the session ends it is renewed first (and the
 * new one stored); a 401 renews the cached access token once.
 */
export const oneAccessProvider: Provider = {
  info,
  validate(values) {
    const hasClient = (values.clientId ?? '').trim() !== '' && (values.clientSecret ?? '') !== '';
    return hasClient || (values.accessToken ?? '').trim() !== '' ? null : 'set clientId and clientSecret, or accessToken';
  },
  renewBy: sessionRenewBy,
  async exchange(original, ctx): Promise<ExchangeResult> {
    if (!fieldValue(original, 'baseUrl')) throw missingSetting('OneAccess', 'tenant domain', 'baseUrl');
    if (!(original.fields.sessionToken ?? '')) throw missingSetting('OneAccess', 'session token', 'sessionToken');
    if (!fieldValue(original, 'deviceFingerprint')) throw missingSetting('OneAccess', 'device fingerprint', 'deviceFingerprint');
    // Read now, not at startup: the machine may have changed networks since.
    const caller = { os: fieldValue(original, 'operatingSysVersion') || machineOsVersion(), ip: fieldValue(original, 'deviceIp') || machineIp() };
    const secrets = secretValues(fields, original);
    const access: AccessHolder = { current: await accessToken(original, ctx, secrets) };
    let input = original;
    const renewBy = sessionRenewBy(input.fields);
    let sessionRenewed = false;
    if (renewBy !== null && ctx.now() >= renewBy) {
      input = await renewSession(input, ctx, secrets, access, caller);
      secrets.push(input.fields.sessionToken ?? '');
      sessionRenewed = true;
    }
    const body = callerBody(input, caller);
    if (fieldValue(input, 'ssoClientId')) body.client_id = fieldValue(input, 'ssoClientId');
    const response = await postWithAccess(input, ctx, secrets, access, { path: '/api/v2/tenant/sso/session-token/sso-ticket', body, operation: 'sso_ticket' });
    const { value: ticket, body: answer } = answerValue(response, 'sso_ticket', [...secrets, access.current.token], 'the session token', (status) => ({
      needsUser: status === 400 || status === 403,
      advice: 'Check that the device fingerprint equals the one used at login; if it does, the session has ended: log in again and paste the new session token.',
      reason: status === 400 || status === 403 ? 'session_refused' : 'ticket_failed',
    }));
    const expire = toNumber(answer.expire);
    const now = ctx.now();
    const sessionEnds = sessionExpiry(input.fields);
    return {
      token: ticket,
      expiresAt: afterSeconds(expire, now),
      issuedAt: now,
      extras: {
        ...(expire !== null ? { ticketLifetimeSeconds: expire } : {}),
        // When the access token behind this ticket expires (not a secret); pasted ones are not renewed.
        accessTokenSource: access.current.renewable ? 'client' : 'pasted',
        ...(access.current.expiresAt !== null ? { accessTokenExpiresAt: access.current.expiresAt } : {}),
        ...(sessionEnds !== null ? { sessionExpiresAt: sessionEnds } : {}),
        ...(sessionRenewed ? { sessionRenewedAt: now } : {}),
        deviceIp: caller.ip,
        operatingSysVersion: caller.os,
        ...jwtExtras(ticket),
      },
    };
  },
};
