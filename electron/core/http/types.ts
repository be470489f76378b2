import type { ProxyResolver } from './system-proxy';
import type { SystemCertificates } from './trust';

/** One HTTP request a provider makes. Bodies are JSON (`json`) or form-encoded (`form`). */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** A body sent byte for byte (e.g. JSON a signature was computed over); set Content-Type yourself. */
  body?: string;
  /** Short name of the exchange for history and messages, e.g. `get_sstoken`. */
  operation: string;
  /** Values to scrub from any error message this request produces. */
  secrets?: string[];
}

/** A response of any status (providers read their own error bodies); the body capped in size, as text, JSON (or undefined) and bytes. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
  bytes?: Uint8Array;
  durationMs: number;
}

/** Throws TokenDeskError `network`, `timeout` or `bad_response` (over the size cap); returns every answer, whatever its status. */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** Options of the core HTTP client (defaults in client.ts). */
export interface HttpClientOptions {
  timeoutMs?: number;
  /** Enforced while streaming. */
  maxBytes?: number;
  /** Environment for HTTP(S)_PROXY / NO_PROXY; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The OS proxy settings as a PAC answer (Electron's session.resolveProxy), when no HTTP(S)_PROXY applies; the CLI passes none. */
  resolveProxy?: ProxyResolver;
  /** The OS certificate store; default: the runtime's (tls.getCACertificates) where it has one; null: none. */
  systemCertificates?: SystemCertificates | null;
}
