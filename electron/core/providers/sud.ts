import { editFields, type NextStep } from '../../../shared/next-step';
import { createHmac, randomBytes } from 'node:crypto';
import type { ProviderInfo } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import { badResponseError } from '../http/describe';
import {
  defineField,
  epochMs,
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

/** SUD sdk_error_code values (docs/architecture.md, "Providers"; sud-mgp-auth-go jwt_utils, sud-mgp-auth-node lib/jwt.js). */
export const SUD_ERRORS = { verifyFailed: 1002, decodeFailed: 1003, invalid: 1004, expired: 1005 } as const;

/**
 * Update answers that mean "this ss_token is no longer accepted": the Go SDK says 1002 for any token that
 * fails verification, the Node SDK 1004 or 1003, both 1005 once it expired. Each is worth one get with the code.
 */
const TOKEN_REFUSED: ReadonlySet<number> = new Set([SUD_ERRORS.verifyFailed, SUD_ERRORS.decodeFailed, SUD_ERRORS.invalid, SUD_ERRORS.expired]);

const WHO = 'The SUD server';

const fields = [
  defineField('baseUrl', { en: 'Base URL', zh: '服务地址' }, {
    en: 'Address of the app backend that serves the SSToken endpoints (test and production differ).',
    zh: '提供 SSToken 接口的应用后端地址（测试环境与正式环境不同）。',
  }, { required: true, kind: 'url' }),
  defineField('code', { en: 'Code', zh: '短期令牌 code' }, {
    en: 'The short-term code from the client login; used to get a new SSToken when the current one cannot be updated.',
    zh: '客户端登录得到的短期 code；当前 SSToken 无法续期时用它重新获取。',
  }, { required: true, secret: true }),
  defineField('getPath', { en: 'Get path', zh: '获取接口路径' }, {
    en: 'Path of "get SSToken" on the backend.',
    zh: '后端“获取 SSToken”接口的路径。',
  }, { default: '/get_sstoken' }),
  defineField('updatePath', { en: 'Update path', zh: '更新接口路径' }, {
    en: 'Path of "update SSToken" on the backend.',
    zh: '后端“更新 SSToken”接口的路径。',
  }, { default: '/update_sstoken' }),
  defineField('appId', { en: 'App ID', zh: '应用 ID（App ID）' }, {
    en: 'Only when the backend verifies request signatures: the app id for the Sud-AppId header.',
    zh: '仅当后端校验请求签名时填写：用于 Sud-AppId 请求头的应用 ID。',
  }),
  defineField('appSecret', { en: 'App secret', zh: '应用密钥（App Secret）' }, {
    en: 'Only when the backend verifies request signatures: the key requests are signed with (HMAC-SHA1).',
    zh: '仅当后端校验请求签名时填写：用于请求签名（HMAC-SHA1）的密钥。',
  }, { secret: true }),
  defineField('timestampUnit', { en: 'Signature timestamp', zh: '签名时间戳单位' }, {
    en: 'Unit of the Sud-Timestamp header, as the backend checks it (Sud does not state one; seconds in its samples).',
    zh: 'Sud-Timestamp 请求头的单位，须与后端校验一致（Sud 文档未明确；示例为秒）。',
  }, {
    kind: 'select',
    default: 'seconds',
    options: [
      { value: 'seconds', label: { en: 'Seconds (10 digits)', zh: '秒（10 位）' } },
      { value: 'milliseconds', label: { en: 'Milliseconds (13 digits)', zh: '毫秒（13 位）' } },
    ],
  }),
];

const info: ProviderInfo = {
  id: 'sud',
  custom: false,
  displayName: { en: 'SUD', zh: 'SUD 小游戏' },
  description: {
    en: 'SSToken of the Sud mini-game platform, from a short-term code; updated while valid.',
    zh: 'Sud 小游戏平台的 SSToken：由短期 code 换取，有效期内自动续期。',
  },
  fields,
  autoRefreshDefault: true,
  formats: ['raw', 'header', 'env', 'json', 'curl'],
};

/** The Sud-* signature headers over the exact body bytes; the timestamp in seconds unless the backend wants ms. */
export function sudSignatureHeaders(appId: string, appSecret: string, body: string, nowMs: number, unit: 'seconds' | 'milliseconds' = 'seconds'): Record<string, string> {
  const timestamp = String(unit === 'milliseconds' ? Math.floor(nowMs) : Math.floor(nowMs / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = createHmac('sha1', appSecret).update(`${appId}\n${timestamp}\n${nonce}\n${body}\n`).digest('hex');
  return { 'Sud-AppId': appId, 'Sud-Timestamp': timestamp, 'Sud-Nonce': nonce, 'Sud-Signature': signature };
}

interface SudAnswer {
  envelope: JsonObject;
  data: JsonObject | null;
  retCode: number;
  sdkCode: number | null;
  status: number;
}

async function call(input: ExchangeInput, ctx: ExchangeContext, operation: 'get_sstoken' | 'update_sstoken', payload: JsonObject, secrets: string[]): Promise<SudAnswer> {
  const path = operation === 'get_sstoken' ? fieldValue(input, 'getPath') || '/get_sstoken' : fieldValue(input, 'updatePath') || '/update_sstoken';
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const appId = fieldValue(input, 'appId');
  const appSecret = input.fields.appSecret ?? '';
  const unit = fieldValue(input, 'timestampUnit') === 'milliseconds' ? 'milliseconds' : 'seconds';
  if (appId && appSecret) Object.assign(headers, sudSignatureHeaders(appId, appSecret, body, ctx.now(), unit));
  const response = await ctx.http.request({ method: 'POST', url: joinUrl(fieldValue(input, 'baseUrl'), path), headers, body, operation, secrets });
  const envelope = jsonObjectOf(WHO, response, secrets);
  const retCode = toNumber(envelope.ret_code);
  if (retCode === null) throw badResponseError(WHO, response, 'a SUD answer (no ret_code)', secrets);
  return { envelope, data: isObject(envelope.data) ? envelope.data : null, retCode, sdkCode: toNumber(envelope.sdk_error_code), status: response.status };
}

/** The SDK error code when there is one, else ret_code (some backends put 1004/1005 there). */
function errorCode(answer: SudAnswer): number {
  return answer.sdkCode !== null && answer.sdkCode !== 0 ? answer.sdkCode : answer.retCode;
}

function failure(answer: SudAnswer, secrets: string[], needsUser: boolean, lead: string, next?: NextStep): TokenDeskError {
  const code = String(errorCode(answer));
  const text = toText(answer.envelope.ret_msg);
  const message = `${lead} (the SUD server answered ${code}${text ? `: ${text}` : ''}).`;
  return rejected(message, { code, message: text }, secrets, { needsUser, status: answer.status, next });
}

function isFailure(answer: SudAnswer): boolean {
  // ret_code decides; a token inside a failure envelope is never a token.
  return answer.retCode !== 0 || (answer.sdkCode !== null && answer.sdkCode !== 0);
}

function userInfoExtras(data: JsonObject): JsonObject | undefined {
  const user = data.user_info;
  if (!isObject(user)) return undefined;
  const out: JsonObject = {
    uid: toText(user.uid),
    nickName: toText(user.nick_name),
    avatarUrl: toText(user.avatar_url),
    gender: toText(user.gender),
  };
  if (user.is_ai !== undefined) out.isAi = toNumber(user.is_ai) === 1;
  if (user.ai_level !== undefined) out.aiLevel = toNumber(user.ai_level);
  return out;
}

function success(answer: SudAnswer, input: ExchangeInput, ctx: ExchangeContext, operation: string, updateRefused: number | null): ExchangeResult {
  const token = answer.data && typeof answer.data.ss_token === 'string' ? answer.data.ss_token.trim() : '';
  if (!answer.data || !token) {
    throw new TokenDeskError('bad_response', `The SUD server reported success for ${operation} but sent no data.ss_token. Check that the paths point at the SSToken endpoints.`, { status: answer.status });
  }
  // The string form is exact (int64 does not fit a JS number); the JWT exp is the last resort.
  const expiresAt = epochMs(answer.data.expire_date_str) ?? epochMs(answer.data.expire_date) ?? jwtExpiry(token);
  const userInfo = userInfoExtras(answer.data) ?? (isObject(input.extras.userInfo) ? input.extras.userInfo : undefined);
  const codeExpiresAt = jwtExpiry(input.fields.code ?? '');
  return {
    token,
    expiresAt,
    issuedAt: ctx.now(),
    extras: {
      ...(userInfo ? { userInfo } : {}),
      ...jwtExtras(token),
      lastOperation: operation,
      // Shown so a person knows why the code was used although the ss_token still looked valid.
      ...(updateRefused !== null ? { updateRefusedWith: updateRefused } : {}),
      ...(codeExpiresAt ? { codeExpiresAt } : {}),
    },
  };
}

/** Why the update was skipped or refused, for the message when get fails too. */
type Before = { kind: 'none' } | { kind: 'expired' } | { kind: 'refused'; code: number };

function beforeText(before: Before): string {
  // An ss_token that simply expired needs no mention; a refused one explains why the code was tried.
  return before.kind === 'refused' && before.code !== SUD_ERRORS.expired ? ` after update_sstoken answered ${before.code}` : '';
}

async function getWithCode(input: ExchangeInput, ctx: ExchangeContext, secrets: string[], before: Before): Promise<ExchangeResult> {
  const shortCode = (input.fields.code ?? '').trim();
  if (!shortCode) throw missingSetting('SUD', 'code', 'code');
  const answer = await call(input, ctx, 'get_sstoken', { code: shortCode }, secrets);
  if (!isFailure(answer)) return success(answer, input, ctx, 'get_sstoken', before.kind === 'refused' ? before.code : null);
  const code = errorCode(answer);
  const after = beforeText(before);
  if (code === SUD_ERRORS.expired) {
    throw failure(answer, secrets, true, `The SUD code has expired${after}; paste a new code`, editFields('code'));
  }
  if (TOKEN_REFUSED.has(code)) {
    const signed = fieldValue(input, 'appId') !== '' && (input.fields.appSecret ?? '') !== '';
    const check = signed ? '; if the backend checks signatures, also check App ID, App secret and the signature timestamp unit' : '';
    throw failure(answer, secrets, true, `The SUD server did not accept the stored code${after}; paste a new code${check}`, editFields('code'));
  }
  throw failure(answer, secrets, false, `The SUD server could not issue an SSToken from the code${after}; try again later, and check the backend logs if it persists`);
}

/** SUD: update the ss_token while valid; when update refuses it (1002–1005) or it expired, get a new one with the stored code, once. */
export const sudProvider: Provider = {
  info,
  async exchange(input, ctx) {
    if (!fieldValue(input, 'baseUrl')) throw missingSetting('SUD', 'base URL', 'baseUrl');
    const secrets = secretValues(fields, input);
    const current = input.token?.trim();
    if (!current) return getWithCode(input, ctx, secrets, { kind: 'none' });
    if (input.expiresAt !== null && input.expiresAt <= ctx.now()) return getWithCode(input, ctx, secrets, { kind: 'expired' });
    const answer = await call(input, ctx, 'update_sstoken', { ss_token: current }, secrets);
    if (!isFailure(answer)) return success(answer, input, ctx, 'update_sstoken', null);
    const code = errorCode(answer);
    if (TOKEN_REFUSED.has(code)) return getWithCode(input, ctx, secrets, { kind: 'refused', code });
    throw failure(answer, secrets, false, 'The SUD server could not update the SSToken; try again later, and check the backend logs if it persists');
  },
};
