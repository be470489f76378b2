import { TokenDeskError } from '../errors';

/** The proxy a request goes through, in the shape axios takes (it tunnels https targets with CONNECT). */
export interface ProxyConfig {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  auth?: { username: string; password: string };
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  // Lower case first, as curl and most tools read them.
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() ? value.trim() : undefined;
}

function stripBrackets(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

/** The proxy variable that applies to `target` (HTTPS_PROXY or HTTP_PROXY by its scheme, else ALL_PROXY), if set. */
export function envProxySetting(target: URL, env: NodeJS.ProcessEnv): string | undefined {
  return envValue(env, target.protocol === 'https:' ? 'https_proxy' : 'http_proxy') ?? envValue(env, 'all_proxy');
}

/** True when NO_PROXY lists the target (exact host, domain suffix, optional port, or `*`). */
export function bypassesProxy(target: URL, env: NodeJS.ProcessEnv): boolean {
  const noProxy = envValue(env, 'no_proxy');
  if (!noProxy) return false;
  const host = stripBrackets(target.hostname);
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 0;
  return noProxy.split(/[\s,]+/).some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry === '*') return true;
    // `[::1]:8080`, `host:8080`, or a bare host / IPv6 address.
    const withPort = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? /^([^:]+):(\d+)$/.exec(entry);
    let entryHost = withPort ? (withPort[1] ?? '') : entry;
    const entryPort = withPort?.[2] ? Number(withPort[2]) : 0;
    if (entryPort && entryPort !== port) return false;
    entryHost = stripBrackets(entryHost.replace(/^\*\./, '.'));
    if (entryHost.startsWith('.')) return host.endsWith(entryHost) || host === entryHost.slice(1);
    return host === entryHost || host.endsWith(`.${entryHost}`);
  });
}

/** True for this machine: localhost (and *.localhost), 127.0.0.0/8, ::1 and its IPv4-mapped form. */
export function isLoopback(target: URL): boolean {
  const host = stripBrackets(target.hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  return host === '::1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
}

/**
 * The proxy for `target` from HTTP(S)_PROXY / ALL_PROXY / NO_PROXY in `env`, or false for a direct
 * connection. A malformed proxy variable is an error a person must fix, not a silent direct connection.
 *
 * A provider on this machine (a local OpenIM, a test server) is reached directly: a corporate proxy
 * cannot reach it, and sending its credentials there would leak them. Where NO_PROXY is set it is the
 * person's whole list and decides, loopback included (list localhost there to keep it direct).
 *
 * Parsed here rather than with proxy-from-env (2.1.0, axios's own): it reads only process.env (the
 * client takes an injected env), and compared on the same inputs it proxies api.example.com for
 * NO_PROXY=example.com (curl and Go go direct), does not match [::1] against NO_PROXY=::1, and returns
 * socks5:// or malformed values that axios cannot use, where this refuses them with a message.
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyConfig | false {
  const scheme = target.protocol === 'https:' ? 'https_proxy' : 'http_proxy';
  const raw = envProxySetting(target, env);
  if (!raw || bypassesProxy(target, env)) return false;
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new TokenDeskError(
      'invalid_input',
      `The proxy setting ${scheme.toUpperCase()} is not a valid URL. Fix it (e.g. http://proxy.example:8080) or unset it.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TokenDeskError(
      'invalid_input',
      `The proxy setting ${scheme.toUpperCase()} uses ${url.protocol.replace(':', '')}, which TokenDesk does not support. Use an http:// or https:// proxy.`,
    );
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  const config: ProxyConfig = {
    protocol,
    host: stripBrackets(url.hostname),
    port: Number(url.port) || (DEFAULT_PORTS[url.protocol] ?? 80),
  };
  if (url.username) {
    config.auth = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  }
  // Checked after the variable itself, so a malformed one is reported whatever the target.
  if (envValue(env, 'no_proxy') === undefined && isLoopback(target)) return false;
  return config;
}
