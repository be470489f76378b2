import type { ErrorCode, ProviderError } from '../../../shared/errors';
import { TokenDeskError } from '../errors';
import type { HttpClientOptions, HttpRequest, HttpResponse } from './types';

/**
 * What the engine and its network thread say to each other (network-thread.ts, network-worker.ts).
 * Values cross by structured clone: no functions, no class instances, so errors travel as plain facts.
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

export interface WireError {
  code: ErrorCode;
  message: string;
  provider?: ProviderError;
  needsUser?: boolean;
  status?: number;
  reason?: string;
}

export type WireAnswer =
  | { kind: 'ready' }
  | { kind: 'heap'; usedBytes: number }
  | { kind: 'response'; id: number; response: HttpResponse }
  | { kind: 'error'; id: number; error: WireError };

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
  if (error instanceof TokenDeskError) {
    const info = error.toInfo();
    return {
      code: info.code,
      message: info.message,
      ...(info.provider ? { provider: info.provider } : {}),
      ...(info.needsUser ? { needsUser: true } : {}),
      ...(info.status !== undefined ? { status: info.status } : {}),
      ...(info.reason !== undefined ? { reason: info.reason } : {}),
    };
  }
  // The client turns every transport failure into a TokenDeskError; anything else is a defect, and its
  // text may hold a request's secrets, so it does not cross.
  return { code: 'internal', message: 'The request failed unexpectedly inside TokenDesk. Try again; if it keeps failing, report it.' };
}

export function fromWireError(error: WireError): TokenDeskError {
  return new TokenDeskError(error.code, error.message, {
    ...(error.provider ? { provider: error.provider } : {}),
    ...(error.needsUser ? { needsUser: true } : {}),
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.reason !== undefined ? { reason: error.reason } : {}),
  });
}
