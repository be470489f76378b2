import { editFields } from '../../../shared/next-step';
import { isoInstant, parseIsoInstant } from '../../../shared/datetime';
import { ONEACCESS_SESSION_RENEW_MARGIN_MS } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import { afterSeconds, fieldValue, type JsonObject } from './common';
import { answerValue, postWithAccess, type AccessHolder } from './oneaccess-api';
import type { ExchangeContext, ExchangeInput } from './types';

/** When the session_token ends (epoch ms), from the account's `sessionExpiresAt`; null when not tracked. */
export function sessionExpiry(fields: Record<string, string>): number | null {
  const text = (fields.sessionExpiresAt ?? '').trim();
  return text === '' ? null : parseIsoInstant(text);
}

/**
 * When the session must be renewed (epoch ms), or null when its end is not tracked. Sessions last hours to
 * days, so the margin leaves room for a few failed attempts before the person has to log in again.
 */
export function sessionRenewBy(fields: Record<string, string>): number | null {
  const end = sessionExpiry(fields);
  return end === null ? null : end - ONEACCESS_SESSION_RENEW_MARGIN_MS;
}

/** The caller facts both SSO calls carry (RefreshSessionToken and the sso-ticket exchange). */
export function callerBody(input: ExchangeInput, caller: { os: string; ip: string }): JsonObject {
  const body: JsonObject = {
    session_token: input.fields.sessionToken ?? '',
    operating_sys_version: caller.os,
    device_ip: caller.ip,
    device_fingerprint: fieldValue(input, 'deviceFingerprint'),
  };
  if (fieldValue(input, 'agent')) body.agent = fieldValue(input, 'agent');
  return body;
}

/**
 * Renews the session_token (POST /api/v2/tenant/sso/session-token/refresh) and stores the new one and
 * its new end before anything else happens, since the answer may have made the old one worthless.
 * Returns the input with the new values. A refusal keeps the old token and needs the person: only a
 * new login gives a new session.
 */
export async function renewSession(
  input: ExchangeInput,
  ctx: ExchangeContext,
  secrets: string[],
  access: AccessHolder,
  caller: { os: string; ip: string },
): Promise<ExchangeInput> {
  if (!ctx.saveFields) {
    throw new TokenDeskError('internal', 'TokenDesk cannot store a renewed OneAccess session token here; refresh the account from the app or the CLI.');
  }
  const response = await postWithAccess(input, ctx, secrets, access, {
    path: '/api/v2/tenant/sso/session-token/refresh',
    body: callerBody(input, caller),
    operation: 'session_refresh',
  });
  const { value: next, body } = answerValue(response, 'session_token', [...secrets, access.current.token], 'to renew the session token', (status) => {
    const clientSide = status >= 400 && status < 500;
    return {
      needsUser: clientSide,
      advice: clientSide
        ? 'The session has ended or was revoked: log in again, then paste the new session_token and its expiry into the account. The old session token is kept.'
        : 'The server had a problem; TokenDesk will try again. The old session token is kept.',
      reason: clientSide ? 'session_refresh_refused' : 'session_refresh_failed',
      next: clientSide ? editFields('sessionToken', 'sessionExpiresAt') : undefined,
    };
  });
  // An answer without `expire` leaves the new end unknown: stop tracking rather than keep a wrong time.
  const ends = afterSeconds(body.expire, ctx.now());
  const endsAt = ends === null ? '' : isoInstant(ends);
  await ctx.saveFields({ sessionToken: next, sessionExpiresAt: endsAt });
  return { ...input, fields: { ...input.fields, sessionToken: next, sessionExpiresAt: endsAt } };
}
