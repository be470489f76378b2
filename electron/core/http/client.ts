import type { AxiosInstance, AxiosResponse } from 'axios';
import { addAbortSignal, type Readable } from 'node:stream';
import type { Agent } from 'node:https';
import { TokenDeskError } from '../errors';
import { parseJson } from '../json';
import { redactSecrets } from '../redaction';
import { hostPort, statusLine } from './describe';
import { proxyRoutes, sendVia, type ProxyResolver } from './system-proxy';
import { networkError, timeoutError, tooLargeError, type TransportContext } from './transport-errors';
import { createTrustingAgent, runtimeSystemCertificates } from './trust';
import { encodeBody, type Body } from './body';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse } from './types';
import { TOKENDESK_VERSION } from '../version';

/** The User-Agent every exchange sends. */
export const DEFAULT_USER_AGENT = `TokenDesk/${TOKENDESK_VERSION} (+desktop token manager)`;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
/** Same-origin redirects followed per request; cross-origin ones never are. */
const MAX_REDIRECTS = 5;

interface Settings {
  timeoutMs: number;
  maxBytes: number;
  env: () => NodeJS.ProcessEnv;
  resolveProxy: ProxyResolver | undefined;
}

function buildHeaders(request: HttpRequest, body: Body): Record<string, string> {
  const headers: Record<string, string> = { 'User-Agent': DEFAULT_USER_AGENT, Accept: 'application/json, text/plain, */*' };
  const given = request.headers ?? {};
  const has = (name: string) => Object.keys(given).some((key) => key.toLowerCase() === name);
  if (body.contentType && !has('content-type')) headers['Content-Type'] = body.contentType;
  for (const [key, value] of Object.entries(given)) {
    if (key.toLowerCase() === 'user-agent') delete headers['User-Agent'];
    headers[key] = value;
  }
  return headers;
}

function parseTarget(raw: string, secrets: string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TokenDeskError('invalid_input', redactSecrets(`"${raw}" is not a valid URL. Use a full address such as https://api.example.com.`, secrets));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TokenDeskError('invalid_input', `TokenDesk only speaks http:// and https://, not ${url.protocol}//. Fix the base URL.`);
  }
  if (url.username || url.password) {
    // Never sent: axios would turn it into a Basic header for whoever the URL names.
    throw new TokenDeskError(
      'invalid_input',
      `The request URL carries a user name or password (user:pass@${url.host}). Remove it from the base URL and put the credential in the account's secret fields, which are encrypted.`,
      { needsUser: true },
    );
  }
  return url;
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return out;
}

/** Reads the body, counting bytes as they arrive; past the cap or the deadline the stream (and socket) is destroyed. */
async function readCapped(response: AxiosResponse<Readable>, maxBytes: number, signal: AbortSignal, tooLarge: () => TokenDeskError): Promise<Buffer> {
  const stream = response.data;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    if (Number(response.headers['content-length']) > maxBytes) throw tooLarge();
    addAbortSignal(signal, stream);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  } catch (error) {
    stream.destroy();
    (response.request as { destroy?: () => void } | undefined)?.destroy?.();
    throw error;
  }
}

function crossOriginError(from: URL, to: URL, status: number, secrets: string[]): TokenDeskError {
  const message =
    `${hostPort(from)} answered ${statusLine(status)}, redirecting to another origin (${to.protocol}//${hostPort(to)}). ` +
    'TokenDesk does not follow redirects to other origins, so your credentials stay with the server you configured. ' +
    'If the service has moved (for example to https), update the base URL.';
  return new TokenDeskError('http_error', redactSecrets(message, secrets), { status });
}

async function send(instance: AxiosInstance, settings: Settings, request: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const secrets = (request.secrets ?? []).filter(Boolean);
  let url = parseTarget(request.url, secrets);
  let method: HttpRequest['method'] = request.method;
  let body = encodeBody(request);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  const ctx: TransportContext = { url, operation: request.operation, proxy: false, timeoutMs: settings.timeoutMs, secrets };
  try {
    for (let hop = 0; ; hop++) {
      ctx.url = url;
      ctx.proxy = false;
      const routes = await proxyRoutes(url, settings.env(), settings.resolveProxy, controller.signal);
      const step = { url: url.href, method, headers: buildHeaders(request, body), data: body.data };
      const response = await sendVia(routes, url, (proxy) => {
        ctx.proxy = proxy;
        return instance.request<Readable>({ ...step, proxy, signal: controller.signal });
      });
      const status = response.status;
      const headers = flattenHeaders(response.headers);
      const location = headers.location;
      if (status >= 300 && status < 400 && location) {
        response.data.destroy();
        const next = new URL(location, url);
        if (next.origin !== url.origin) throw crossOriginError(url, next, status, secrets);
        if (hop >= MAX_REDIRECTS) {
          throw new TokenDeskError('http_error', `${hostPort(url)} redirected more than ${MAX_REDIRECTS} times (${request.operation}). Check the base URL.`, { status });
        }
        // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = { data: undefined, contentType: undefined };
        }
        url = next;
        continue;
      }
      const raw = await readCapped(response, settings.maxBytes, controller.signal, () => tooLargeError(ctx, settings.maxBytes, status));
      const text = raw.toString('utf8');
      return { status, headers, text, json: parseJson(text), bytes: raw, durationMs: Math.round(performance.now() - started) };
    }
  } catch (error) {
    if (error instanceof TokenDeskError) throw error;
    if (timedOut) throw timeoutError(ctx);
    throw networkError(error, ctx);
  } finally {
    clearTimeout(timer);
  }
}

/** An axios instance as the client uses it; axios is loaded with the client, so a command that sends nothing never loads it. */
async function newInstance(httpsAgent: Agent): Promise<AxiosInstance> {
  const { default: axios } = await import('axios');
  return axios.create({
    httpsAgent,
    maxRedirects: 0,
    validateStatus: () => true,
    responseType: 'stream',
    decompress: true,
    timeout: 0,
    maxContentLength: -1,
    maxBodyLength: -1,
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
  });
}

/**
 * The one HTTP client core uses (axios underneath): overall deadline, streamed size cap, same-origin
 * redirects only, HTTP(S)_PROXY/NO_PROXY (else the system's proxy when `resolveProxy` is given, see
 * system-proxy.ts), the OS certificate store and extra CA files (trust.ts), a clear User-Agent, and
 * every status returned as a response.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings: Settings = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    // Read per request, so a changed environment applies without restarting.
    env: () => options.env ?? process.env,
    resolveProxy: options.resolveProxy,
  };
  const system = options.systemCertificates === undefined ? runtimeSystemCertificates() : options.systemCertificates;
  const httpsAgent = createTrustingAgent(options.env ?? process.env, system, (message) => console.warn(`TokenDesk: ${message}`));
  const instance = newInstance(httpsAgent);
  instance.catch(() => undefined); // a failed load is reported by the request that awaits it
  return { request: async (request) => send(await instance, settings, request) };
}
