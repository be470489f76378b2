import { randomUUID } from 'node:crypto';
import { fillTemplate, type CustomRequest } from '../../../../shared/custom-provider';
import { TokenDeskError } from '../../errors';
import type { HttpRequest } from '../../http/types';

/** What the placeholders of one request resolve to. */
export interface TemplateValues {
  /** Every field value, secret or not, with defaults applied. */
  fields: Readonly<Record<string, string>>;
  token: string | null;
  now: number;
  /** Fields of kind `integer`: a JSON body value that is exactly one of them is sent as a number. */
  integers?: ReadonlySet<string>;
}

const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** The value of one placeholder; `{{uuid}}` is fresh for every use. */
function resolve(name: string, values: TemplateValues): string {
  switch (name) {
    case 'uuid':
      return randomUUID();
    case 'now_ms':
      return String(values.now);
    case 'now_s':
      return String(Math.floor(values.now / 1000));
    case 'token':
      return values.token ?? '';
    default:
      return values.fields[name] ?? '';
  }
}

function fillJson(template: unknown, values: TemplateValues): unknown {
  if (typeof template === 'string') {
    // APIs that want a number (OpenIM's platformID is an int32) get one from an integer field.
    const whole = WHOLE_PLACEHOLDER.exec(template)?.[1];
    if (whole !== undefined && values.integers?.has(whole)) {
      const text = resolve(whole, values).trim();
      if (/^-?\d{1,15}$/.test(text)) return Number(text);
    }
    return fillTemplate(template, (name) => resolve(name, values));
  }
  if (Array.isArray(template)) return template.map((item) => fillJson(item, values));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fillJson(value, values)]));
  }
  return template;
}

/**
 * The URL of a request. A placeholder that opens the URL is its base (`{{baseUrl}}/auth/token`) and goes
 * in as it is; any later one is a path or query part and is percent-encoded, so a value cannot add a
 * path, a query or another host.
 */
export function resolveUrl(template: string, values: TemplateValues, who: string): URL {
  const text = fillTemplate(template, (name, index) => {
    const value = resolve(name, values);
    return index === 0 && template.trimStart().startsWith('{{') ? value.trim().replace(/\/+$/, '') : encodeURIComponent(value);
  });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TokenDeskError('invalid_input', `${who}: the request URL is not a valid address. Check the account's server address.`, { needsUser: true });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TokenDeskError('invalid_input', `${who}: the request URL must start with http:// or https://.`, { needsUser: true });
  }
  if (url.username || url.password) {
    throw new TokenDeskError('invalid_input', `${who}: the request URL carries a user name or password. Put credentials in a secret field and send them in a header or the body.`, { needsUser: true });
  }
  return url;
}

/** The HTTP request a definition's request template resolves to. */
export function resolveRequest(template: CustomRequest, values: TemplateValues, operation: string, secrets: string[], who: string): HttpRequest {
  const url = resolveUrl(template.url, values, who);
  const headers = Object.fromEntries(Object.entries(template.headers).map(([name, value]) => [name, fillTemplate(value, (n) => resolve(n, values))]));
  return {
    method: template.method,
    url: url.toString(),
    headers,
    ...(template.json !== undefined ? { json: fillJson(template.json, values) } : {}),
    ...(template.form !== undefined ? { form: Object.fromEntries(Object.entries(template.form).map(([k, v]) => [k, fillTemplate(v, (n) => resolve(n, values))])) } : {}),
    operation,
    secrets,
  };
}
