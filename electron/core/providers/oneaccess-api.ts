import type { NextStep } from '../../../shared/next-step';
import type { TokenDeskError } from '../errors';
import { badResponseError, httpStatusError } from '../http/describe';
import type { HttpResponse } from '../http/types';
import { fieldValue, isObject, joinUrl, jwtExpiry, missingSetting, rejected, toNumber, toText, type JsonObject } from './common';
import type { ExchangeContext, ExchangeInput } from './types';

/** How OneAccess is named in messages. */
export const WHO = 'OneAccess';
/** Cached access tokens are dropped this long before they expire. */
export const ACCESS_TOKEN_MARGIN_MS = 60_000;
const DEFAULT_EXPIRES_IN_S = 1800;

/** The X-tenant-id header ISVs on a common domain send (support.huaweicloud.com api-oneaccess). */
export function tenantHeaders(input: ExchangeInput): Record<string, string> {
  const tenantId = fieldValue(input, 'tenantId');
  return tenantId ? { 'X-tenant-id': tenantId } : {};
}

/**
 * OneAccess answers errors as `{error_code, error_msg}` (its documented 400 body) or, from its OAuth
 * side, `{error, error_description}` (e.g. a 401 for a Bearer it no longer accepts).
 */
export function providerError(body: unknown): { code: string; message: string } | null {
  if (!isObject(body)) return null;
  const code = toText(body.error_code) || toText(body.error);
  if (!code) return null;
  return { code, message: toText(body.error_msg) || toText(body.error_description) };
}

/** How a refusal is reported: whether it needs a person, what to do, and the reason key the window explains. */
export interface Refusal {
  needsUser: boolean;
  advice: string;
  reason: string;
  next?: NextStep;
}

/** `provider_rejected` with OneAccess's own code, or `http_error` when the body carries none. */
export function refusal(step: string, response: HttpResponse, secrets: string[], how: Refusal): TokenDeskError {
  const error = providerError(response.json);
  if (!error) return httpStatusError(WHO, response, secrets);
  const message = `OneAccess refused ${step} (${response.status}, ${error.code}${error.message ? `: ${error.message}` : ''}). ${how.advice}`;
  return rejected(message, error, secrets, { needsUser: how.needsUser, status: response.status, reason: how.reason, next: how.next });
}

/**
 * The answer's string at `key` (trimmed) with its body, from a 200. Otherwise a 2xx without OneAccess's
 * error body is `bad_response`, and anything else the refusal of `step` that `how` describes.
 */
export function answerValue(response: HttpResponse, key: string, secrets: string[], step: string, how: (status: number) => Refusal): { value: string; body: JsonObject } {
  const body = isObject(response.json) ? response.json : {};
  const value = typeof body[key] === 'string' ? body[key].trim() : '';
  if (response.status === 200 && value) return { value, body };
  if (response.status >= 200 && response.status < 300 && !providerError(body)) throw badResponseError(WHO, response, `${/^[aeiou]/.test(key) ? 'an' : 'a'} ${key}`, secrets);
  throw refusal(step, response, secrets, how(response.status));
}

function cacheKey(input: ExchangeInput): string {
  return `oneaccess:${fieldValue(input, 'baseUrl')}|${fieldValue(input, 'clientId')}|${fieldValue(input, 'tenantId')}`;
}

/** An access token, when it expires (epoch ms; null when unknown, e.g. a pasted opaque token), and where it came from. */
export interface AccessToken {
  token: string;
  expiresAt: number | null;
  /** From client credentials (renewable) rather than pasted. */
  renewable: boolean;
  /** Fetched during this exchange: a 401 with it is not a stale cache. */
  fresh: boolean;
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
  const { value: token, body } = answerValue(response, 'access_token', secrets, 'the client credentials', (status) => ({
    needsUser: status === 400 || status === 401 || status === 403,
    advice: 'Check the client ID and client secret of the account, and that the application may call the API.',
    reason: 'client_credentials',
  }));
  const expiresIn = toNumber(body.expires_in) ?? DEFAULT_EXPIRES_IN_S;
  const expiresAt = ctx.now() + expiresIn * 1000;
  // Cached until shortly before it expires, so a request never carries a dying token. A new one does
  // not revoke the old (ShowAuthToken), so other tools sharing the application are not disturbed.
  ctx.cache.set(cacheKey(input), token, expiresAt - ACCESS_TOKEN_MARGIN_MS);
  return { token, expiresAt, renewable: true, fresh: true };
}

/** The access token: the pasted one, else a cached one, else a fresh one. */
export async function accessToken(input: ExchangeInput, ctx: ExchangeContext, secrets: string[]): Promise<AccessToken> {
  const pasted = (input.fields.accessToken ?? '').trim();
  if (pasted) return { token: pasted, expiresAt: jwtExpiry(pasted), renewable: false, fresh: false };
  if (!fieldValue(input, 'clientId') || !(input.fields.clientSecret ?? '')) {
    throw missingSetting('OneAccess', 'client ID and client secret (or an access token)', 'clientId', 'clientSecret');
  }
  const cached = ctx.cache.get(cacheKey(input));
  if (cached && cached.expiresAt > ctx.now()) {
    return { token: cached.value, expiresAt: cached.expiresAt + ACCESS_TOKEN_MARGIN_MS, renewable: true, fresh: false };
  }
  return fetchAccessToken(input, ctx, secrets);
}

/** The access token one exchange uses; shared by its calls so a renewal happens at most once. */
export interface AccessHolder {
  current: AccessToken;
}

/**
 * POSTs a JSON body with the Bearer (both SSO calls take the same headers). A 401 means the cached access
 * token went stale (revoked, or clock skew): it is renewed once and the call retried once. A 401 that
 * remains is a refusal of the access token itself.
 */
export async function postWithAccess(
  input: ExchangeInput,
  ctx: ExchangeContext,
  secrets: string[],
  access: AccessHolder,
  call: { path: string; body: JsonObject; operation: string },
): Promise<HttpResponse> {
  const send = () =>
    ctx.http.request({
      method: 'POST',
      url: joinUrl(fieldValue(input, 'baseUrl'), call.path),
      headers: { 'Content-Type': 'application/json;charset=utf8', Authorization: `Bearer ${access.current.token}`, ...tenantHeaders(input) },
      body: JSON.stringify(call.body),
      operation: call.operation,
      secrets: [...secrets, access.current.token],
    });
  let response = await send();
  if (response.status === 401 && access.current.renewable && !access.current.fresh) {
    ctx.cache.delete(cacheKey(input));
    access.current = await fetchAccessToken(input, ctx, secrets);
    response = await send();
  }
  if (response.status === 401) {
    if (access.current.renewable) ctx.cache.delete(cacheKey(input));
    throw refusal('the access token', response, [...secrets, access.current.token], {
      needsUser: true,
      advice: access.current.renewable
        ? 'A freshly issued access token was refused too: check that the application is authorized for the SSO APIs.'
        : 'Paste a new access token, or set the client ID and secret instead.',
      reason: access.current.renewable ? 'access_token_refused' : 'pasted_access_token_refused',
    });
  }
  return response;
}
