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

/**
 * The proxy for `target` from HTTP(S)_PROXY / ALL_PROXY / NO_PROXY in `env`, or false for a direct
 * connection. A malformed proxy variable is an error a person must fix, not a silent direct connection.
 */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): ProxyConfig | false {
  const scheme = target.protocol === 'https:' ? 'https_proxy' : 'http_proxy';
  const raw = envValue(env, scheme) ?? envValue(env, 'all_proxy');
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
  return config;
}
