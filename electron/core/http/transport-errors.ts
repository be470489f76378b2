import { TokenDeskError } from '../errors';
import { redactSecrets } from '../redaction';
import { hostPort } from './describe';
import type { ProxyConfig } from './proxy';
import { certificateFacts, certificateProblem } from './trust';

/** Where a failed request was going, to name it in the message. */
export interface TransportContext {
  url: URL;
  operation: string;
  proxy: ProxyConfig | false;
  timeoutMs: number;
  secrets: string[];
}

const CERT_CODES = /^(CERT_|ERR_TLS_CERT|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;
const TLS_PROTOCOL_CODES = /^(EPROTO|ERR_SSL_|ERR_TLS_)/;

/** The first string `code` on an error or its causes, passing over the ones in `skip` (wrappers' own codes). */
export function errorCode(error: unknown, skip: ReadonlySet<string> = new Set()): string | undefined {
  for (let at = error; at && typeof at === 'object'; at = (at as { cause?: unknown }).cause) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && !skip.has(code)) return code;
    if ((at as { cause?: unknown }).cause === at) break;
  }
  return undefined;
}

/** The `timeout` error: says after how many seconds and what to do. */
export function timeoutError(ctx: TransportContext): TokenDeskError {
  const seconds = Math.round(ctx.timeoutMs / 100) / 10;
  const message =
    `No complete answer from ${hostPort(ctx.url)} within ${seconds} second${seconds === 1 ? '' : 's'} (${ctx.operation}). ` +
    'Check that the server is up and reachable, then try again, or allow a longer timeout.';
  return new TokenDeskError('timeout', redactSecrets(message, ctx.secrets));
}

/** The `bad_response` error for a body past the size cap. */
export function tooLargeError(ctx: TransportContext, maxBytes: number, status: number): TokenDeskError {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MiB` : `${maxBytes} bytes`;
  const message =
    `The answer from ${hostPort(ctx.url)} (${ctx.operation}) is larger than ${limit}; TokenDesk stopped reading it. ` +
    'A token exchange never needs that much: check that the base URL points at the right API.';
  return new TokenDeskError('bad_response', redactSecrets(message, ctx.secrets), { status });
}

/**
 * Turns a transport failure (axios error, socket error) into a `network` error naming host:port.
 * The original error is not attached: axios errors carry the request config, and so the secrets.
 */
export function networkError(error: unknown, ctx: TransportContext): TokenDeskError {
  const code = errorCode(error) ?? 'UNKNOWN';
  const target = hostPort(ctx.url);
  const via = ctx.proxy ? ` through the proxy ${ctx.proxy.host}:${ctx.proxy.port}` : '';
  let message: string;
  if (code === 'ECONNREFUSED') {
    message = ctx.proxy
      ? `Could not connect to the proxy ${ctx.proxy.host}:${ctx.proxy.port} for ${target} (connection refused). Check HTTP(S)_PROXY, or add the host to NO_PROXY.`
      : `Could not connect to ${target} (connection refused). Check that the server is running and that the base URL (host and port) is right.`;
  } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    message = `Could not find the host of ${target}${via} (DNS lookup failed). Check the base URL and your network connection.`;
  } else if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED') {
    message = `The connection to ${target}${via} was closed before a complete answer arrived. Try again; if it keeps happening, check the server and any proxy in between.`;
  } else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT' || code === 'EADDRNOTAVAIL') {
    message = `Could not reach ${target}${via} (${code}). Check your network connection, VPN and proxy settings.`;
  } else if (CERT_CODES.test(code)) {
    message = certificateProblem(code, target, certificateFacts(error));
  } else if (TLS_PROTOCOL_CODES.test(code)) {
    message = `Could not set up a secure (TLS) connection with ${target}${via} (${code}). The server may not speak https on that port: check the scheme and port of the base URL.`;
  } else if (code === 'ERR_FR_TOO_MANY_REDIRECTS' || code === 'ERR_BAD_OPTION_VALUE' || code === 'ERR_INVALID_URL') {
    message = `The request to ${target} (${ctx.operation}) could not be made (${code}). Check the base URL.`;
  } else {
    message = `The connection to ${target}${via} failed (${code}). Check that the server is running and reachable.`;
  }
  return new TokenDeskError('network', redactSecrets(message, ctx.secrets));
}
