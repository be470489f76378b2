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

/** A response of any status: providers read their own error bodies, so non-2xx is not thrown. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The raw body as text (already capped in size). */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** The raw body bytes (already capped in size), for binary answers such as a QR code image. */
  bytes?: Uint8Array;
  durationMs: number;
}

/**
 * The HTTP client core uses. It throws TokenDeskError `network`, `timeout` or `bad_response`
 * (body over the size cap) and returns every answered response, whatever its status.
 */
export interface HttpClient {
  request(request: HttpRequest): Promise<HttpResponse>;
}

/** Options of the core HTTP client. */
export interface HttpClientOptions {
  /** Default 15 000. */
  timeoutMs?: number;
  /** Default 1 MiB, enforced while streaming. */
  maxBytes?: number;
  userAgent?: string;
  /** Environment for HTTP(S)_PROXY / NO_PROXY; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Same-origin redirects followed per request; default 5. Cross-origin redirects are never followed. */
  maxRedirects?: number;
  /**
   * The OS proxy settings for a URL, as a PAC answer (Electron's session.resolveProxy); used when no
   * HTTP(S)_PROXY applies. The CLI passes none: it keeps the environment rules.
   */
  resolveProxy?: ProxyResolver;
  /** The OS certificate store; default: the runtime's (tls.getCACertificates) where it has one; null: none. */
  systemCertificates?: SystemCertificates | null;
}
