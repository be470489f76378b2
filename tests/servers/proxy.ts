import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { listen, pushBounded, sendText, type RunningServer } from './http-util';

export interface ProxyServerState {
  /** Absolute-URI requests forwarded (plain http targets), newest 200. */
  forwarded: Array<{ method: string; url: string; proxyAuthorization: string | null }>;
  /** `host:port` of CONNECT tunnels opened (https targets), newest 200. */
  connects: string[];
}

export interface ProxyServer extends RunningServer {
  state: ProxyServerState;
}

/** Options of startProxyServer. */
export interface ProxyServerOptions {
  /**
   * Names only the proxy can resolve (a company proxy reaches hosts the desktop cannot), each to an
   * address: tests use them for providers "behind" the proxy that really listen on this machine.
   */
  hosts?: Record<string, string>;
}

/** A small forward proxy: absolute-URI HTTP requests and CONNECT tunnels, recording both. */
export async function startProxyServer(options: ProxyServerOptions = {}): Promise<ProxyServer> {
  const state: ProxyServerState = { forwarded: [], connects: [] };
  const hosts = options.hosts ?? {};
  const lookup = (hostname: string, opts: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    const known = hosts[hostname];
    if (known === undefined) return dnsLookup(hostname, opts, callback);
    if (opts.all) callback(null, [{ address: known, family: 4 }]);
    else callback(null, known, 4);
  };
  const tunnels = new Set<Socket>();
  const running = await listen((req, res) => {
    const target = req.url ?? '';
    if (!/^https?:\/\//.test(target)) return sendText(res, 400, 'proxy expects an absolute URI');
    const proxyAuthorization = req.headers['proxy-authorization'];
    pushBounded(state.forwarded, { method: req.method ?? '', url: target, proxyAuthorization: typeof proxyAuthorization === 'string' ? proxyAuthorization : null }, 200);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    // Its own connections (agent: false): not pooled with the test's own requests in this process.
    const upstream = httpRequest(target, { method: req.method, headers, lookup, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => (res.headersSent ? res.destroy() : sendText(res, 502, 'upstream unreachable')));
    req.pipe(upstream);
  });
  running.server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    pushBounded(state.connects, target, 200);
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), hosts[host ?? ''] ?? host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    tunnels.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      tunnels.delete(client);
      tunnels.delete(upstream);
    };
    upstream.on('error', drop);
    client.on('error', drop);
    upstream.on('close', drop);
    client.on('close', drop);
  });
  return {
    ...running,
    state,
    async close() {
      for (const socket of tunnels) socket.destroy();
      await running.close();
    },
  };
}
