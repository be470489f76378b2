import type { ErrorInfo } from '../../../shared/errors';
import { TokenDeskError } from '../errors';
import type { HttpClientOptions, HttpRequest, HttpResponse } from './types';

/**
 * What the engine and its network thread say to each other (network-thread.ts, network-worker.ts).
 * Messages cross as JSON text: for the small plain objects they are, that is several times cheaper than
 * structured clone (measured ~1.5 against ~7–12 µs per message, both threads). Errors travel as their
 * facts; a response's body crosses once, as text, plus its bytes only when the text does not hold them
 * exactly (a binary answer such as an image).
 */

/** The client settings a request is made with; `env` only when the caller gave one (else the shared process env). */
export type WireOptions = Omit<HttpClientOptions, 'env'> & { env?: Record<string, string | undefined> };

export interface WireRequest {
  kind: 'request';
  id: number;
  request: HttpRequest;
  options: WireOptions;
}

/** What the thread's own heap holds after collecting garbage (the soak bench's figure). */
export interface WireHeapQuery {
  kind: 'heap';
}

export type WireQuestion = WireRequest | WireHeapQuery;

/** An error as its facts (ErrorInfo without a time): the TokenDeskError is rebuilt from them. */
export type WireError = Omit<ErrorInfo, 'at'>;

/** A response without what the receiver rebuilds from its text: the parsed JSON, and the bytes of a text body. */
export type WireResponse = Omit<HttpResponse, 'json' | 'bytes'>;

export type WireAnswer =
  | { kind: 'ready' }
  | { kind: 'heap'; usedBytes: number }
  | { kind: 'response'; id: number; response: WireResponse }
  | { kind: 'error'; id: number; error: WireError };

/** A message as posted: JSON text, with the raw bytes beside it for a binary answer. */
export type WireMessage = string | { text: string; bytes: Uint8Array };

export const encodeMessage = (value: WireQuestion | WireAnswer): string => JSON.stringify(value);

export function encodeResponse(id: number, response: HttpResponse): WireMessage {
  // Field by field: reading `json` would parse the body here for nothing.
  const { status, headers, text: body, bytes, durationMs } = response;
  const text = encodeMessage({ kind: 'response', id, response: { status, headers, text: body, durationMs } });
  // Valid UTF-8 comes back byte for byte from the text.
  if (!bytes || Buffer.from(response.text, 'utf8').equals(bytes)) return text;
  return { text, bytes };
}

export function decodeMessage<T extends WireQuestion | WireAnswer>(message: WireMessage): { value: T; bytes: Uint8Array | undefined } {
  if (typeof message === 'string') return { value: JSON.parse(message) as T, bytes: undefined };
  return { value: JSON.parse(message.text) as T, bytes: message.bytes };
}

/** Only the proxy variables of an explicit environment cross: nothing else of it is read. */
const PROXY_VARIABLE = /^(https?|all|no)_proxy$/i;

export function wireOptions(options: HttpClientOptions): WireOptions {
  const { env, ...rest } = options;
  if (!env) return rest;
  const proxyEnv: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) if (PROXY_VARIABLE.test(name)) proxyEnv[name] = value;
  return { ...rest, env: proxyEnv };
}

export function toWireError(error: unknown): WireError {
  if (error instanceof TokenDeskError) return error.toInfo();
  // The client turns every transport failure into a TokenDeskError; anything else is a defect, and its
  // text may hold a request's secrets, so it does not cross.
  return { code: 'internal', message: 'The request failed unexpectedly inside TokenDesk. Try again; if it keeps failing, report it.' };
}

export function fromWireError({ code, message, ...options }: WireError): TokenDeskError {
  return new TokenDeskError(code, message, options);
}
