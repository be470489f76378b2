import type { TokenDeskError } from '../errors';
import type { HttpResponse } from '../http/types';
import { rejected } from './common';
import { REDACTED } from '../redaction';

/** An OpenIM answer with errCode ≠ 0, kept whole until the caller knows what it means here. */
export class OpenImRefusal extends Error {
  constructor(
    readonly operation: string,
    readonly errCode: number,
    readonly errMsg: string,
    readonly errDlt: string,
    readonly response: HttpResponse,
  ) {
    super(`OpenIM ${operation} errCode ${errCode}`);
  }
}

/** Token errors that a fresh admin token can cure (expired, invalid, malformed, unknown signature, kicked, gone). */
const STALE_TOKEN_CODES = new Set([1501, 1502, 1503, 1505, 1506, 1507]);

/**
 * errCode 1001 about the `token` header. openimsdk/tools renders it as errDlt "header must have token"
 * (tools ≥ v0.0.50-alpha.83), "header must have token: 1001 ArgsError" (≤ alpha.15, v3.8.1/v3.8.2) or an
 * empty errDlt (alpha.61 … alpha.82, v3.8.3 … patch.4); nothing else on these routes answers 1001 without detail.
 */
export function isTokenHeaderRefusal(refusal: OpenImRefusal): boolean {
  if (refusal.errCode !== 1001) return false;
  const text = `${refusal.errDlt} ${refusal.errMsg}`;
  return /header must have token\b/i.test(text) || (refusal.errDlt.trim() === '' && /^(ArgsError)?$/.test(refusal.errMsg.trim()));
}

/** get_user_token refused the admin token itself: worth one fresh admin token and one retry. */
export function isStaleAdminToken(refusal: OpenImRefusal): boolean {
  return STALE_TOKEN_CODES.has(refusal.errCode) || isTokenHeaderRefusal(refusal);
}

/** Token-error details embed the token ("jwt parse error, token=eyJ…"): never show one. */
export function redactTokens(text: string): string {
  return text
    .replace(/\btoken=[^\s,;)\]]+/gi, `token=${REDACTED}`)
    .replace(/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}/g, REDACTED);
}

interface HintContext {
  userID: string;
  platformID: number;
  adminUserID: string;
}

/** What the refusal means for this account and what to do next, read from errDlt (not guessed from the code). */
function hint(refusal: OpenImRefusal, context: HintContext): { advice: string; needsUser: boolean } {
  const text = `${refusal.errDlt} ${refusal.errMsg}`;
  const code = refusal.errCode;
  if (code === 1001 && /userID is error/i.test(text)) {
    const admins = /adminUserID=\[([^\]]*)\]/.exec(text)?.[1]?.trim();
    return {
      advice: `"${context.adminUserID}" is not an admin user of this server${admins ? ` (its imAdminUserID is ${admins.split(/\s+/).join(', ')})` : ''}. Set "Admin user ID" to one of the server's imAdminUserID values.`,
      needsUser: true,
    };
  }
  if (code === 1002 && /platformID invalid|adminPlatformID/i.test(text)) {
    return { advice: `get_user_token refuses platform ${context.platformID} (Admin) from 3.8.1 on. Pick the platform the client uses (e.g. 5 Web).`, needsUser: true };
  }
  if (code === 1002 && /don'?t get Admin token/i.test(text)) {
    return { advice: `"${context.userID}" is an admin user, and get_user_token refuses admin user IDs. Use a normal user ID; an admin's token comes from get_admin_token.`, needsUser: true };
  }
  if (code === 1002 && /secret/i.test(text)) return { advice: 'The secret is wrong: copy "secret" from the server\'s config (share.yml).', needsUser: true };
  if (code === 1002 && /not admin/i.test(text)) {
    return { advice: `The admin token does not belong to an admin user. Check "Admin user ID" ("${context.adminUserID}").`, needsUser: true };
  }
  if (code === 1002) return { advice: 'Check the secret (and, for 3.8.1+, the admin user ID).', needsUser: true };
  if (code === 1004 || code === 1101) {
    return { advice: `The server has no user "${context.userID}". Register the user first (/user/user_register) or fix the user ID.`, needsUser: true };
  }
  if (isTokenHeaderRefusal(refusal)) {
    return { advice: 'The server wants an admin token in the "token" header and refused the one sent; set API version to Auto and try again.', needsUser: true };
  }
  if (code === 1001) return { advice: 'The server calls the request malformed; check the user ID and the platform.', needsUser: true };
  if (STALE_TOKEN_CODES.has(code) || code === 1504) {
    return { advice: 'The server refused a freshly issued admin token; check that the server clock is right and the secret did not just change, then try again.', needsUser: false };
  }
  return { advice: 'Try again later; if it persists, check the OpenIM server logs.', needsUser: false };
}

/** The `provider_rejected` error for a refusal, tokens and secrets redacted. */
export function refusalError(refusal: OpenImRefusal, context: HintContext, secrets: string[]): TokenDeskError {
  const errMsg = redactTokens(refusal.errMsg);
  const errDlt = redactTokens(refusal.errDlt);
  const said = `errCode ${refusal.errCode}${errMsg ? ` ${errMsg}` : ''}${errDlt && errDlt !== errMsg ? `; ${errDlt}` : ''}`;
  const { advice, needsUser } = hint(refusal, context);
  return rejected(`OpenIM refused ${refusal.operation} (${said}). ${advice}`, { code: String(refusal.errCode), message: errMsg }, secrets, {
    needsUser,
    status: refusal.response.status,
  });
}
