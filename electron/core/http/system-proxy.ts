import { TokenDeskError } from '../errors';
import { hostPort } from './describe';
import { errorCode } from './transport-errors';
import { bypassesProxy, envProxySetting, isLoopback, proxyFor, type ProxyConfig } from './proxy';

/**
 * The OS proxy settings (and PAC script) as Electron resolves them for a URL: the desktop app passes
 * `session.defaultSession.resolveProxy`. Its answer is Chromium's ProxyList::ToPacString(): entries
 * separated by ";", each `DIRECT`, `PROXY host:port`, `HTTPS host:port`, `SOCKS host:port` (SOCKS4),
 * `SOCKS5 host:port` or `QUIC host:port` (net/base/proxy_string_util.cc), in the order to try.
 */
export type ProxyResolver = (url: string) => Promise<string>;

/** One way to reach a target: directly, through a proxy axios can use, or a form it cannot. */
export type ProxyRoute = { kind: 'direct' } | { kind: 'proxy'; proxy: ProxyConfig } | { kind: 'unusable'; entry: string };

const DEFAULT_PORTS: Record<string, number> = { PROXY: 80, HTTPS: 443 };

/** `host:port`, `[v6]:port` or a bare host, as Chromium writes it after the scheme. */
function parseHostPort(text: string, defaultPort: number): { host: string; port: number } | null {
  const match = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:[\]\s]+)(?::(\d+))?$/.exec(text);
  if (!match?.[1]) return null;
  const port = match[2] ? Number(match[2]) : defaultPort;
  return port > 0 && port < 65536 ? { host: match[1].toLowerCase(), port } : null;
}

/**
 * The routes of a PAC answer, in order. `PROXY` and `HTTPS` (a proxy reached over TLS) are what axios
 * speaks (it tunnels https targets through them with CONNECT). SOCKS would need an agent TokenDesk does
 * not ship, QUIC has no client in Node: such an entry stays in the list as `unusable`, so reaching it
 * fails with a message instead of quietly trying the next entry (often DIRECT). An empty answer (the
 * lookup failed) means direct, as Chromium itself goes direct when a PAC script gives nothing usable.
 */
export function parsePacAnswer(answer: string): ProxyRoute[] {
  const routes: ProxyRoute[] = [];
  for (const raw of answer.split(';')) {
    const entry = raw.trim();
    if (!entry) continue;
    const [word = '', rest = ''] = entry.split(/\s+/, 2);
    const scheme = word.toUpperCase();
    if (scheme === 'DIRECT' && !rest) {
      routes.push({ kind: 'direct' });
      continue;
    }
    const port = DEFAULT_PORTS[scheme];
    const where = port === undefined ? null : parseHostPort(rest, port);
    if (where) routes.push({ kind: 'proxy', proxy: { protocol: scheme === 'HTTPS' ? 'https' : 'http', ...where } });
    else routes.push({ kind: 'unusable', entry });
  }
  return routes.length > 0 ? routes : [{ kind: 'direct' }];
}

/**
 * How to reach `target`. HTTP(S)_PROXY / ALL_PROXY in `env` win when set (proxy.ts, the CLI's only
 * rule); so does NO_PROXY for the hosts it lists. This machine stays direct. Otherwise the system's
 * answer from `resolve`, bounded by `signal` (a PAC script may be slow to load).
 */
export async function proxyRoutes(target: URL, env: NodeJS.ProcessEnv, resolve: ProxyResolver | undefined, signal: AbortSignal): Promise<ProxyRoute[]> {
  if (!resolve || envProxySetting(target, env) !== undefined) {
    const proxy = proxyFor(target, env);
    return [proxy ? { kind: 'proxy', proxy } : { kind: 'direct' }];
  }
  if (isLoopback(target) || bypassesProxy(target, env)) return [{ kind: 'direct' }];
  signal.throwIfAborted();
  const answer = await new Promise<string>((done, fail) => {
    const onAbort = (): void => fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    resolve(target.href)
      .then(done, fail)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
  return parsePacAnswer(answer);
}

/**
 * Failures that mean the proxy itself could not be reached, before anything was sent through it (a reset
 * mid-request is not one: the exchange may have happened). Chromium then tries the next entry.
 */
const PROXY_UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** axios's own codes on a wrapped failure: the cause's code tells whether the proxy was reached. */
const WRAPPER_CODES: ReadonlySet<string> = new Set(['ERR_NETWORK', 'ECONNABORTED']);

function unusableError(target: URL, entry: string): TokenDeskError {
  return new TokenDeskError(
    'network',
    `The system's proxy settings send requests for ${hostPort(target)} through "${entry}", a kind of proxy TokenDesk cannot use (it speaks to HTTP and HTTPS proxies). ` +
      'Ask for an HTTP proxy, or set HTTPS_PROXY (and HTTP_PROXY) to one, e.g. http://proxy.example:8080: TokenDesk then uses it instead of the system settings.',
  );
}

/**
 * Sends through each route in turn, as Chromium falls back along a PAC list: the next route is tried
 * only when the proxy of this one could not be reached (nothing was sent through it). A route TokenDesk
 * cannot use stops there with a message. `send` gets the proxy (false: direct) and reports which it is
 * using for error messages.
 */
export async function sendVia<T>(routes: ProxyRoute[], target: URL, send: (proxy: ProxyConfig | false) => Promise<T>): Promise<T> {
  for (let index = 0; ; index += 1) {
    const route = routes[index] ?? { kind: 'direct' };
    if (route.kind === 'unusable') throw unusableError(target, route.entry);
    const proxy = route.kind === 'proxy' ? route.proxy : false;
    try {
      return await send(proxy);
    } catch (error) {
      const code = errorCode(error, WRAPPER_CODES);
      if (!proxy || index + 1 >= routes.length || code === undefined || !PROXY_UNREACHABLE.has(code)) throw error;
    }
  }
}
