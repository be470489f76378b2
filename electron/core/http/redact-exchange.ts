import { jsonInText } from '../json';
import { REDACTED, redactSecrets } from '../redaction';
import { statusLine } from './describe';
import type { RawStep } from './recording-client';

/** Each body is clipped to this many characters in a diagnostic. */
export const BODY_CLIP = 2_000;

/** One request and its answer with every secret removed: safe to keep in memory and to copy. */
export interface RedactedStep {
  operation: string;
  method: string;
  url: string;
  requestHeaders: Array<[string, string]>;
  /** Names of headers left out because they carry credentials. */
  omittedHeaders: string[];
  requestBody: string | null;
  status: number | null;
  responseHeaders: Array<[string, string]>;
  responseBody: string | null;
  durationMs: number;
  failure: { code: string; message: string } | null;
}

/** Header names that carry a credential: their values are never shown, not even masked (their names are listed instead). */
export const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|token|x-api-key|x-auth-token)$|(secret|signature|token|session|password)/i;
// Keys whose values are credentials whatever they hold (compared without `_`/`-`, lower case):
// access_token, session_token, ss_token, logonToken, sso_ticket, client_secret, cookies, passkey, sid …
const SECRET_KEY = /(token|secret|ticket|password|passwd|cookies?|passkey|signature|accesskey|credential)$|^(sid|code_verifier)$/;

const isSecretKey = (key: string): boolean => SECRET_KEY.test(key.replace(/[-_]/g, '').toLowerCase());

/** The keys of a JSON object whose values are credentials: by name, and a cookie object's ({name, value, …}) value. */
function secretKeysOf(entries: Array<[string, unknown]>): (key: string) => boolean {
  const cookieLike = entries.some(([k]) => k === 'name') && entries.some(([k]) => k === 'value');
  return (key) => isSecretKey(key) || (cookieLike && key === 'value');
}

function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    // A form field or string may itself hold JSON (SaiNiu's `data={…}`): redact inside it too.
    const nested = jsonInText(value);
    return nested === undefined ? redactSecrets(value, secrets) : JSON.stringify(redactJson(nested, secrets));
  }
  return redactJson(value, secrets);
}

function redactJson(value: unknown, secrets: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secrets));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const secret = secretKeysOf(entries);
    return Object.fromEntries(entries.map(([key, item]) => [key, secret(key) && item !== null && item !== '' ? REDACTED : redactValue(item, secrets)]));
  }
  return typeof value === 'string' ? redactSecrets(value, secrets) : value;
}

function redactForm(text: string, secrets: readonly string[]): string | null {
  if (!/^[\w.%-]+=[^&]*(&[\w.%-]+=[^&]*)*$/.test(text.trim())) return null;
  const params = new URLSearchParams(text.trim());
  const out = new URLSearchParams();
  for (const [key, value] of params) {
    out.append(key, isSecretKey(key) && value !== '' ? REDACTED : String(redactValue(value, secrets)));
  }
  // Left readable (not percent-encoded): a person reads this, no server parses it.
  return [...out].map(([k, v]) => `${k}=${v}`).join('&');
}

function clip(text: string): string {
  return text.length <= BODY_CLIP ? text : `${text.slice(0, BODY_CLIP)}… (${text.length - BODY_CLIP} more characters clipped)`;
}

/** A body with credentials masked: JSON by key and value, form fields likewise, other text by value. */
export function redactBody(text: string | null, secrets: readonly string[]): string | null {
  if (text === null || text === '') return text;
  const json = jsonInText(text);
  if (json !== undefined) return clip(redactSecrets(JSON.stringify(redactJson(json, secrets)), secrets));
  const form = redactForm(text, secrets);
  return clip(redactSecrets(form ?? text, secrets));
}

/** The URL without credentials in it: user info dropped, secret-looking query values masked. */
export function redactUrl(raw: string, secrets: readonly string[]): string {
  try {
    const url = new URL(raw);
    url.username = '';
    url.password = '';
    for (const key of [...url.searchParams.keys()]) {
      if (isSecretKey(key)) url.searchParams.set(key, REDACTED);
    }
    // The mask reads as a mask, not as its percent-encoding.
    return redactSecrets(url.href.split(encodeURIComponent(REDACTED)).join(REDACTED), secrets);
  } catch {
    return redactSecrets(raw, secrets);
  }
}

function headerList(headers: Record<string, string>, secrets: readonly string[]): { kept: Array<[string, string]>; omitted: string[] } {
  const kept: Array<[string, string]> = [];
  const omitted: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (CREDENTIAL_HEADER.test(name)) omitted.push(name);
    else kept.push([name, redactSecrets(value, secrets)]);
  }
  return { kept, omitted };
}

/**
 * Pieces of a token worth masking on their own: a Cookie header's values appear one by one in the
 * answer that carried them (SaiNiu), so the whole header string alone would not catch them.
 */
export function tokenParts(token: string | null | undefined): string[] {
  if (!token) return [];
  const parts = token.split(/[;,\s]+/).flatMap((pair) => {
    const eq = pair.indexOf('=');
    return eq > 0 ? [pair.slice(eq + 1)] : [pair];
  });
  return [token, ...parts].filter((p) => p.length >= 6);
}

/** String values found under credential keys in a JSON value (walked like redactJson). */
function credentialValues(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    const nested = jsonInText(value);
    if (nested !== undefined) credentialValues(nested, out);
    return;
  }
  if (Array.isArray(value)) return value.forEach((item) => credentialValues(item, out));
  if (value === null || typeof value !== 'object') return;
  const entries = Object.entries(value as Record<string, unknown>);
  const secret = secretKeysOf(entries);
  for (const [key, item] of entries) {
    if (typeof item === 'string' && secret(key)) out.push(item);
    else credentialValues(item, out);
  }
}

/**
 * Every credential the exchange itself carried: values under credential keys in any body, and the
 * values of credential headers (an OpenIM admin token fetched in step 1 and echoed by step 2's errDlt).
 */
function carriedCredentials(steps: readonly RawStep[]): string[] {
  const out: string[] = [];
  for (const step of steps) {
    for (const body of [step.requestBody, step.responseBody]) {
      if (!body) continue;
      const json = jsonInText(body);
      if (json !== undefined) credentialValues(json, out);
      else if (redactForm(body, []) !== null) {
        for (const [key, value] of new URLSearchParams(body.trim())) {
          if (isSecretKey(key)) out.push(value);
          else credentialValues(value, out);
        }
      }
    }
    for (const headers of [step.requestHeaders, step.responseHeaders]) {
      for (const [name, value] of Object.entries(headers)) {
        if (!CREDENTIAL_HEADER.test(name)) continue;
        out.push(value, ...value.split(/[\s;,=]+/));
      }
    }
  }
  // Short values (a flag, "Bearer") would mask ordinary words.
  return out.filter((v) => v.length >= 8);
}

/** Redacts one recorded exchange: `secrets` are the account's, every request's own, and any new token. */
export function redactSteps(steps: readonly RawStep[], secrets: readonly string[]): RedactedStep[] {
  const all = [...new Set([...secrets, ...steps.flatMap((s) => s.secrets), ...carriedCredentials(steps)].filter((s) => s.length >= 4))];
  return steps.map((step) => {
    const request = headerList(step.requestHeaders, all);
    const response = headerList(step.responseHeaders, all);
    return {
      operation: step.operation,
      method: step.method,
      url: redactUrl(step.url, all),
      requestHeaders: request.kept,
      omittedHeaders: [...request.omitted, ...response.omitted],
      requestBody: redactBody(step.requestBody, all),
      status: step.status,
      responseHeaders: response.kept,
      responseBody: redactBody(step.responseBody, all),
      durationMs: step.durationMs,
      failure: step.failure ? { code: step.failure.code, message: redactSecrets(step.failure.message, all) } : null,
    };
  });
}

/** One step as text for a person (or a support ticket). */
export function stepText(step: RedactedStep, index: number): string {
  const lines = [`#${index + 1} ${step.operation}`, `${step.method} ${step.url}`];
  const headers = (list: Array<[string, string]>) => list.map(([k, v]) => `  ${k}: ${v}`);
  if (step.requestHeaders.length > 0) lines.push('Request headers:', ...headers(step.requestHeaders));
  if (step.omittedHeaders.length > 0) lines.push(`  (left out, they carry credentials: ${[...new Set(step.omittedHeaders)].join(', ')})`);
  if (step.requestBody) lines.push('Request body:', `  ${step.requestBody}`);
  if (step.failure && step.status === null) {
    lines.push(`→ no answer after ${step.durationMs} ms: ${step.failure.code}: ${step.failure.message}`);
    return lines.join('\n');
  }
  lines.push(`→ ${step.status === null ? 'no status' : statusLine(step.status)} (${step.durationMs} ms)`);
  if (step.responseHeaders.length > 0) lines.push('Response headers:', ...headers(step.responseHeaders));
  if (step.responseBody !== null) lines.push('Response body:', `  ${step.responseBody === '' ? '(empty)' : step.responseBody}`);
  if (step.failure) lines.push(`  ${step.failure.code}: ${step.failure.message}`);
  return lines.join('\n');
}
