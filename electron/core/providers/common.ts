import { editFields, type NextStep } from '../../../shared/next-step';
import { decodeJwt } from '../../../shared/jwt';
import type { FieldSpec, Localized } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import { badResponseError, httpStatusError } from '../http/describe';
import { storedText } from '../redaction';
import type { HttpResponse } from '../http/types';
import type { ExchangeInput } from './types';

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain (non-array) object. */
export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A field's value, trimmed; '' when unset. */
export function fieldValue(input: ExchangeInput, name: string): string {
  return (input.fields[name] ?? '').trim();
}

/** A field spec with the defaults most fields share (optional, not secret, text). */
export function defineField(
  name: string,
  label: Localized,
  help: Localized,
  extra: Partial<Omit<FieldSpec, 'name' | 'label' | 'help'>> = {},
): FieldSpec {
  return { name, label, help, required: false, secret: false, kind: 'text', ...extra };
}

/** The secret values of an account (its secret fields and current token), for redaction. */
export function secretValues(fields: readonly FieldSpec[], input: ExchangeInput): string[] {
  const values = fields.filter((f) => f.secret).map((f) => input.fields[f.name]);
  return [...values, input.token].filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** `base` + `path` with exactly one slash between them. */
export function joinUrl(base: string, path: string): string {
  const cleanPath = path.trim() || '/';
  return `${base.trim().replace(/\/+$/, '')}${cleanPath.startsWith('/') ? '' : '/'}${cleanPath}`;
}

/**
 * The response body as a JSON object. A non-object body is `http_error` for a non-2xx status (no
 * provider error body to read) and `bad_response` for a 2xx one. Callers check their own error fields.
 */
export function jsonObjectOf(who: string, response: HttpResponse, secrets: string[]): JsonObject {
  if (isObject(response.json)) return response.json;
  if (response.status < 200 || response.status >= 300) throw httpStatusError(who, response, secrets);
  throw badResponseError(who, response, 'a JSON object', secrets);
}

/** A number from a number or a numeric string; null otherwise. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/** A string value or ''. Numbers are stringified (ids often arrive as either). */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/**
 * An absolute time as epoch ms from a number or numeric string. Values below 1e11 are taken as
 * seconds: in ms they would fall in 1973, which no live token expires in.
 */
export function epochMs(value: unknown): number | null {
  const n = toNumber(value);
  if (n === null || n <= 0) return null;
  return Math.round(n < 1e11 ? n * 1000 : n);
}

/** The end of a lifetime a server gives in seconds from `now` (a number or numeric string); null unless it is positive. */
export function afterSeconds(value: unknown, now: number): number | null {
  const seconds = toNumber(value);
  return seconds !== null && seconds > 0 ? now + Math.round(seconds * 1000) : null;
}

/** `{ jwt: { header, claims } }` when the token is JWT-shaped, else `{}`. Never verified. */
export function jwtExtras(token: string): { jwt?: { header: JsonObject; claims: JsonObject } } {
  const decoded = decodeJwt(token);
  return decoded ? { jwt: { header: decoded.header, claims: decoded.claims } } : {};
}

/** The `exp` of a JWT-shaped token in epoch ms, or null. */
export function jwtExpiry(token: string): number | null {
  return decodeJwt(token)?.expiresAt ?? null;
}

/** A `provider_rejected` error with the provider's own code and message, all redacted. */
export function rejected(
  message: string,
  provider: { code: string; message: string },
  secrets: string[],
  options: { needsUser?: boolean; status?: number; reason?: string; next?: NextStep } = {},
): TokenDeskError {
  // A server may answer with a page of text: kept short, as it is shown and stored (redacted first).
  const clean = (text: string): string => storedText(text, secrets);
  return new TokenDeskError('provider_rejected', clean(message), { ...options, provider: { code: clean(provider.code), message: clean(provider.message) } });
}

/** An `invalid_input` error for a setting the exchange cannot run without. */
export function missingSetting(providerName: string, what: string, ...fields: string[]): TokenDeskError {
  return new TokenDeskError('invalid_input', `This ${providerName} account has no ${what}: fill it in, then refresh.`, { needsUser: true, next: editFields(...fields) });
}
