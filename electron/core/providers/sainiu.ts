import type { NextStep } from '../../../shared/next-step';
import type { ProviderInfo } from '../../../shared/providers';
import type { HttpResponse } from '../http/types';
import {
  defineField,
  fieldValue,
  isObject,
  jsonObjectOf,
  joinUrl,
  missingSetting,
  rejected,
  secretValues,
  toNumber,
  toText,
  type JsonObject,
} from './common';
import { TokenDeskError } from '../errors';
import { jsonInText } from '../json';
import { parseSaiNiuCookies } from './sainiu-cookies';
import type { ExchangeContext, ExchangeInput, ExchangeResult, Provider } from './types';

const WHO = 'The SaiNiu framework';
/** What gets a SaiNiu account past an ended or missing login. */
const LOG_IN: NextStep = { kind: 'login' };
/** How long TokenDesk assumes an Access Init holds (the framework keeps it until it restarts). */
const INIT_MEMORY_MS = 12 * 3600_000;

const fields = [
  defineField('baseUrl', { en: 'Framework address', zh: '框架地址' }, {
    en: 'Address of the local SaiNiu API framework.',
    zh: '本机赛牛 API 框架的地址。',
  }, { required: true, kind: 'url', default: 'http://127.0.0.1:3030' }),
  defineField('userNick', { en: 'Qianniu account', zh: '千牛账号' }, {
    en: 'The Qianniu account (userNick), e.g. tb123456. Leave empty to take it from the QR login.',
    zh: '千牛账号（userNick），例如 tb123456。留空则在扫码登录后自动填入。',
  }),
  defineField('logonToken', { en: 'Logon token', zh: '登录令牌（logonToken）' }, {
    en: 'The QR-login polling id (lgToken from GetQRcode). "Log in with QR code" fills it in.',
    zh: '二维码登录的状态轮询 id（GetQRcode 返回的 lgToken）。“扫码登录”会自动填入。',
  }, { secret: true }),
  defineField('accessType', { en: 'Access type', zh: '授权类型（AccessType）' }, {
    en: 'Optional framework Access Init (a number, e.g. 0), sent once before the first call.',
    zh: '可选：框架授权初始化（Access Init）的类型（数字，例如 0），首次调用前发送一次。',
  }, { kind: 'integer', min: 0, max: 1000 }),
  defineField('accessId', { en: 'Access ID', zh: '授权 ID（AccessId）' }, {
    en: 'Optional: AccessId of the framework Access Init.',
    zh: '可选：框架授权初始化的 AccessId。',
  }),
  defineField('accessKey', { en: 'Access key', zh: '授权密钥（AccessKey）' }, {
    en: 'Optional: AccessKey of the framework Access Init.',
    zh: '可选：框架授权初始化的 AccessKey。',
  }, { secret: true }),
  defineField('lifetimeHours', { en: 'Cookie lifetime (hours)', zh: 'Cookie 有效期（小时）' }, {
    en: 'How long the cookies last when the framework does not say; leave empty for "unknown".',
    zh: '框架未给出过期时间时 Cookie 的有效时长；留空则显示“未知”。',
  }, { kind: 'integer', min: 1, max: 8760 }),
];

const info: ProviderInfo = {
  id: 'sainiu',
  custom: false,
  displayName: { en: 'SaiNiu (Qianniu)', zh: '赛牛（千牛）' },
  description: {
    en: 'Qianniu cookies renewed through the local SaiNiu API framework after a QR login.',
    zh: '扫码登录后，通过本机赛牛 API 框架续期得到的千牛 Cookie。',
  },
  fields,
  // GetRenewalToken only turns the QR login's token into cookies (its document: 将二维码扫码登录后的token转化为cookie,
  // 免额度): the docs give it no effect on the Qianniu client, and renewing is why operators add the account.
  autoRefreshDefault: true,
  formats: ['raw', 'cookie', 'env', 'json', 'curl'],
  qrLogin: true,
};

/** The framework's envelope: `{code, msg?, data, ret?, passkey?}` (SaiNiu's GetRenewalToken document's own JSON). */
export interface SaiNiuEnvelope {
  code: number | null;
  msg: string;
  data: unknown;
  /** The wrapped Taobao mtop status, a top-level sibling of `code` (e.g. `["SUCCESS::成功"]`). */
  ret: unknown;
}

/** `data` is documented as text, so it may arrive JSON-encoded (text that is not JSON stays text; the shape checks report it). */
function envelopeOf(response: HttpResponse, secrets: string[]): SaiNiuEnvelope {
  const envelope = jsonObjectOf(WHO, response, secrets);
  const data = (typeof envelope.data === 'string' ? jsonInText(envelope.data) : undefined) ?? envelope.data;
  return { code: toNumber(envelope.code), msg: toText(envelope.msg), data, ret: envelope.ret };
}

/** A refused connection to the framework means it is not running: say so, and where it was looked for. */
function frameworkDown(error: unknown, baseUrl: string): unknown {
  if (!(error instanceof TokenDeskError) || error.code !== 'network' || !error.message.includes('connection refused')) return error;
  return new TokenDeskError('network', `The SaiNiu framework is not running at ${baseUrl} (connection refused). Start the SaiNiu framework at ${baseUrl}, or correct the framework address, then try again.`);
}

/**
 * Posts `post=<call>&data=<json>` to the framework, in the query string AND as a form body: the docs
 * leave it open, and the public clients we could read put them in the query string.
 */
export async function postSaiNiu(ctx: ExchangeContext, baseUrl: string, path: string, post: string, data: JsonObject, operation: string, secrets: string[]) {
  const form = { post, data: JSON.stringify(data) };
  try {
    return await ctx.http.request({
      method: 'POST',
      url: `${joinUrl(baseUrl, path)}?${new URLSearchParams(form).toString()}`,
      form,
      operation,
      secrets,
    });
  } catch (error) {
    throw frameworkDown(error, baseUrl);
  }
}

async function post(ctx: ExchangeContext, input: ExchangeInput, path: string, call: string, data: JsonObject, operation: string, secrets: string[]) {
  const response = await postSaiNiu(ctx, fieldValue(input, 'baseUrl'), path, call, data, operation, secrets);
  return { response, ...envelopeOf(response, secrets) };
}

function initKey(input: ExchangeInput): string {
  return `sainiu-init:${fieldValue(input, 'baseUrl')}|${fieldValue(input, 'accessId')}`;
}

async function accessInit(input: ExchangeInput, ctx: ExchangeContext, secrets: string[]): Promise<void> {
  // Public clients send AccessType and EndCall as numbers; the framework rejects strings there.
  const answer = await post(ctx, input, '/SaiNiuApi/Access', 'Init', {
    AccessType: toNumber(fieldValue(input, 'accessType')) ?? 0,
    AccessId: fieldValue(input, 'accessId'),
    AccessKey: input.fields.accessKey ?? '',
    ForceLogin: false,
    EndCall: 0,
  }, 'access_init', secrets);
  if (answer.code !== 200) {
    const code = answer.code === null ? 'none' : String(answer.code);
    throw rejected(`The SaiNiu framework refused Access Init (code ${code}${answer.msg ? `: ${answer.msg}` : ''}). Check Access type, Access ID and Access key.`,
      { code, message: answer.msg }, secrets, { needsUser: true, status: answer.response.status });
  }
  ctx.cache.set(initKey(input), '1', ctx.now() + INIT_MEMORY_MS);
}

const wantsInit = (input: ExchangeInput): boolean => fieldValue(input, 'accessId') !== '' || fieldValue(input, 'accessType') !== '';

/** Sends Access Init when the account configures it and this framework run has not had it yet; true when it did. */
export async function ensureAccessInit(input: ExchangeInput, ctx: ExchangeContext, secrets: string[]): Promise<boolean> {
  if (!wantsInit(input) || ctx.cache.get(initKey(input))) return false;
  await accessInit(input, ctx, secrets);
  return true;
}

/**
 * The mtop status (`["SUCCESS::成功"]` or `["FAIL_…::reason"]`) as a failure, or null when fine. It is a
 * top-level sibling of `code`; older readings put it inside `data`, so that place is still looked at.
 */
export function retFailure(envelope: Pick<SaiNiuEnvelope, 'ret' | 'data'>): { code: string; message: string; text: string } | null {
  const ret = Array.isArray(envelope.ret) ? envelope.ret : isObject(envelope.data) && Array.isArray(envelope.data.ret) ? envelope.data.ret : null;
  if (!ret || ret.length === 0) return null;
  const text = toText(ret[0]);
  if (text.startsWith('SUCCESS')) return null;
  const [code = 'FAIL', ...rest] = text.split('::');
  return { code: code || 'FAIL', message: rest.join('::'), text };
}

/** The nick the framework sends back (taobaoNick, displayNick, showLoginId), or ''. */
function nickOf(returnValue: JsonObject): string {
  return toText(returnValue.taobaoNick) || toText(returnValue.displayNick) || toText(returnValue.showLoginId);
}

/** The nick GetRenewalToken takes: the account's, else the framework's "pick the logged-in one" marker. */
export const AUTO_NICK = '$userNick$';

async function renew(input: ExchangeInput, ctx: ExchangeContext, secrets: string[]) {
  const userNick = fieldValue(input, 'userNick') || AUTO_NICK;
  return post(ctx, input, '/SaiNiuApi/Cookie', 'GetRenewalToken', { userNick, logonToken: input.fields.logonToken ?? '' }, 'renewal_token', secrets);
}

/** SaiNiu: renews Qianniu cookies through the local framework; the token is the Cookie header value. */
export const saiNiuProvider: Provider = {
  info,
  async exchange(input, ctx): Promise<ExchangeResult> {
    if (!fieldValue(input, 'baseUrl')) throw missingSetting('SaiNiu', 'framework address', 'baseUrl');
    if (!(input.fields.logonToken ?? '')) {
      throw new TokenDeskError('invalid_input', 'This SaiNiu account has not logged in yet: log in with a QR code and scan it with the Qianniu app.', { needsUser: true, next: LOG_IN });
    }
    const secrets = secretValues(fields, input);
    const initialized = await ensureAccessInit(input, ctx, secrets);
    let answer = await renew(input, ctx, secrets);
    if (answer.code !== 200 && wantsInit(input) && !initialized) {
      // The framework may have restarted and forgotten the Init: redo it once, then retry once.
      ctx.cache.delete(initKey(input));
      await accessInit(input, ctx, secrets);
      answer = await renew(input, ctx, secrets);
    }
    const status = answer.response.status;
    if (answer.code !== 200) {
      const code = answer.code === null ? 'none' : String(answer.code);
      const serverSide = answer.code !== null && answer.code >= 500;
      throw rejected(
        `The SaiNiu framework refused the renewal (code ${code}${answer.msg ? `: ${answer.msg}` : ''}). ` +
          (serverSide ? 'Check that the framework is running and logged in, then try again.' : 'Log in again with a new QR code, and check the Qianniu account.'),
        { code, message: answer.msg }, secrets, { needsUser: !serverSide, status, next: serverSide ? undefined : LOG_IN });
    }
    const failure = retFailure(answer);
    if (failure) {
      // code 200 with a FAIL_… ret (e.g. FAIL_SYS_SESSION_EXPIRED::Session过期): the Qianniu session is over.
      // Only cookies that exist can be kept: a first login that is not confirmed yet has none.
      const kept = input.token ? '; the current cookies are kept until then' : '';
      throw rejected(`The SaiNiu framework answered "${failure.text}": the Qianniu login has ended. Log in again with a new QR code${kept}.`,
        { code: failure.code, message: failure.message }, secrets, { needsUser: true, status, next: LOG_IN });
    }
    const data = isObject(answer.data) ? answer.data : {};
    const returnValue = isObject(data.returnValue) ? data.returnValue : {};
    const now = ctx.now();
    const cookies = parseSaiNiuCookies(returnValue.data, now);
    const hours = toNumber(fieldValue(input, 'lifetimeHours'));
    const expiresAt = cookies.expiresAt ?? (hours !== null && hours > 0 ? now + hours * 3600_000 : null);
    const sid = toText(returnValue.sid);
    const extMap = isObject(returnValue.extMap) ? returnValue.extMap : {};
    const nick = fieldValue(input, 'userNick') || nickOf(returnValue);
    return {
      token: cookies.header,
      expiresAt,
      issuedAt: now,
      extras: {
        ...(nick ? { userNick: nick } : {}),
        ...(toText(returnValue.taobaoNick) ? { taobaoNick: toText(returnValue.taobaoNick) } : {}),
        ...(toText(returnValue.displayNick) ? { displayNick: toText(returnValue.displayNick) } : {}),
        // The sid is a session credential: show enough to tell sessions apart, never the whole value.
        ...(sid ? { sid: sid.length > 8 ? `${sid.slice(0, 4)}…${sid.slice(-4)}` : '…' } : {}),
        ...(toText(extMap.headPicLink) ? { headPicLink: toText(extMap.headPicLink) } : {}),
        cookieNames: cookies.names,
        // Names, domains, paths, expiries and flags for the details pane; never a cookie value.
        cookies: cookies.cookies,
        expirySource: cookies.expiresAt !== null ? 'cookies' : expiresAt !== null ? 'lifetimeHours' : 'unknown',
      },
    };
  },
  formatToken(token, format) {
    return format === 'cookie' || format === 'header' ? `Cookie: ${token}` : undefined;
  },
};
