import { TokenDeskError } from '../errors';
import { redactSecrets } from '../redaction';
import type { HttpResponse } from './types';

/**
 * `502 Bad Gateway`, or just the number when Node has no name for it. Node's HTTP module is fetched
 * when a status is first described, not when this file loads: a command that sends nothing never loads it.
 */
export function statusLine(status: number): string {
  const name = process.getBuiltinModule('node:http').STATUS_CODES[status];
  return name ? `${status} ${name}` : String(status);
}

/** `host:port` of a URL (never its path, query or credentials, which may carry secrets). */
export function hostPort(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname}:${port}`;
}

/** A short, secret-free description of a JSON value's shape, e.g. `a JSON object with keys code, msg`. */
export function describeJsonShape(value: unknown): string {
  if (value === null) return 'JSON null';
  if (Array.isArray(value)) return `a JSON array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return 'an empty JSON object';
    const shown = keys.slice(0, 8).join(', ');
    return `a JSON object with keys ${shown}${keys.length > 8 ? ', …' : ''}`;
  }
  return `a JSON ${typeof value}`;
}

/**
 * What the body of a response was, briefly and without echoing it: an HTML page (with its title,
 * redacted), JSON of some shape, plain text of some size, or nothing.
 */
export function describeBody(response: Pick<HttpResponse, 'text' | 'json' | 'headers'>, secrets: string[] = []): string {
  const text = response.text.trim();
  if (!text) return 'an empty body';
  if (response.json !== undefined) return describeJsonShape(response.json);
  const type = (response.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if (type === 'text/html' || /^<(!doctype html|html|head|body)\b/i.test(text)) {
    const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
    return title ? `an HTML page titled "${redactSecrets(title, secrets)}"` : 'an HTML page';
  }
  const size = Buffer.byteLength(text);
  return `${type ? `${type} ` : 'text '}of ${size} byte${size === 1 ? '' : 's'}, not JSON`;
}

function statusAdvice(status: number): string {
  if (status === 401 || status === 403) return 'Check the credentials saved in the account.';
  if (status === 404 || status === 405) return 'Check the base URL and the paths in the account.';
  if (status === 429) return 'The server is limiting requests; wait a little and try again.';
  if (status >= 500) return 'The server (or a gateway in front of it) has a problem; try again later.';
  return 'Check the account settings and the server.';
}

/** `http_error` for a non-2xx answer without a provider error body. */
export function httpStatusError(who: string, response: HttpResponse, secrets: string[] = []): TokenDeskError {
  const message = `${who} answered ${statusLine(response.status)} (${describeBody(response, secrets)}). ${statusAdvice(response.status)}`;
  return new TokenDeskError('http_error', redactSecrets(message, secrets), {
    status: response.status,
    needsUser: response.status === 401 || response.status === 403,
  });
}

/** `bad_response` for a 2xx answer that is not what the protocol promises. */
export function badResponseError(who: string, response: HttpResponse, expected: string, secrets: string[] = []): TokenDeskError {
  const message =
    `${who} answered ${statusLine(response.status)} with ${describeBody(response, secrets)}, not ${expected}. ` +
    'Check that the base URL points at the API (not a web page or login portal) and that the server version is supported.';
  return new TokenDeskError('bad_response', redactSecrets(message, secrets), { status: response.status });
}
