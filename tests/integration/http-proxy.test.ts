import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenDeskError } from '../../electron/core/errors';
import { createHttpClient } from '../../electron/core/http/client';
import { bypassesProxy, proxyFor } from '../../electron/core/http/proxy';
import { failureOf } from '../servers/context';
import { startHostileServer, startProxyServer, type HostileServer, type ProxyServer } from '../servers';
import { listen } from '../servers/http-util';

describe('HTTP client', () => {
  let target: HostileServer;
  let proxy: ProxyServer;

  beforeAll(async () => {
    target = await startHostileServer();
    proxy = await startProxyServer();
  });
  afterAll(async () => {
    await Promise.all([target.close(), proxy.close()]);
  });
  beforeEach(() => {
    proxy.state.forwarded.length = 0;
    proxy.state.connects.length = 0;
  });

  /** The targets here are on loopback, which skips the proxy unless NO_PROXY is set: set it to something else. */
  const PROXY_LOOPBACK = { NO_PROXY: 'nothing.invalid' };

  const echo = (env: NodeJS.ProcessEnv) =>
    createHttpClient({ timeoutMs: 3_000, env: { ...PROXY_LOOPBACK, ...env } }).request({ method: 'POST', url: `${target.url}/echo`, json: { a: 1 }, operation: 'test' });

  describe('HTTP client behind a proxy', () => {
    it('routes a plain-http request through HTTP_PROXY', async () => {
      const response = await echo({ HTTP_PROXY: proxy.url });
      expect(response.status).toBe(200);
      expect(proxy.state.forwarded.map((r) => r.url)).toEqual([`${target.url}/echo`]);
    });

    it('reads the lower-case variable too', async () => {
      await echo({ http_proxy: proxy.url });
      expect(proxy.state.forwarded).toHaveLength(1);
    });

    it('keeps hosts listed in NO_PROXY direct', async () => {
      for (const noProxy of ['127.0.0.1', `127.0.0.1:${target.port}`, 'localhost, 127.0.0.1', '*']) {
        const response = await echo({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy });
        expect(response.status).toBe(200);
      }
      expect(proxy.state.forwarded).toHaveLength(0);
    });

    it('reaches a provider on this machine directly when NO_PROXY is not set', async () => {
      for (const host of ['127.0.0.1', 'localhost']) {
        const client = createHttpClient({ timeoutMs: 3_000, env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url } });
        const response = await client.request({ method: 'POST', url: `http://${host}:${target.port}/echo`, json: { a: 1 }, operation: 'test' });
        expect(response.status).toBe(200);
      }
      expect(proxy.state.forwarded).toHaveLength(0);
      expect(proxy.state.connects).toHaveLength(0);
    });

    it('still proxies when NO_PROXY names another port of the host', async () => {
      await echo({ HTTP_PROXY: proxy.url, NO_PROXY: `127.0.0.1:${target.port + 1}` });
      expect(proxy.state.forwarded).toHaveLength(1);
    });

    it('sends proxy credentials from the proxy URL to the proxy only', async () => {
      const response = await echo({ HTTP_PROXY: proxy.url.replace('http://', 'http://alice:s%40cret@') });
      expect(proxy.state.forwarded[0]?.proxyAuthorization).toBe(`Basic ${Buffer.from('alice:s@cret').toString('base64')}`);
      const seen = (response.json as { headers: Record<string, string> }).headers;
      expect(seen['proxy-authorization']).toBeUndefined();
    });

    it('tunnels https targets with CONNECT (TLS end to end, never downgraded)', async () => {
      const client = createHttpClient({ timeoutMs: 3_000, env: { ...PROXY_LOOPBACK, HTTPS_PROXY: proxy.url } });
      // The target speaks plain http, so the TLS handshake through the tunnel must fail.
      const error = await failureOf(client.request({ method: 'GET', url: `https://localhost:${target.port}/echo`, operation: 'test' }));
      expect(proxy.state.connects).toEqual([`localhost:${target.port}`]);
      expect(proxy.state.forwarded).toHaveLength(0);
      expect((error as TokenDeskError).code).toBe('network');
      expect((error as TokenDeskError).message).toContain('secure (TLS) connection');
    });

    it('names the proxy when it cannot be reached', async () => {
      const gone = await listen(() => undefined);
      await gone.close();
      const error = await failureOf(echo({ HTTP_PROXY: gone.url }));
      expect((error as TokenDeskError).code).toBe('network');
      expect((error as TokenDeskError).message).toContain(`proxy 127.0.0.1:${gone.port}`);
    });

    it('says which variable is malformed', async () => {
      const error = await failureOf(echo({ HTTP_PROXY: 'http://[bad' }));
      expect((error as TokenDeskError).code).toBe('invalid_input');
      expect((error as TokenDeskError).message).toContain('HTTP_PROXY');
    });
  });

  describe('proxy selection rules', () => {
    const url = (u: string) => new URL(u);

    it('picks the variable by scheme, falling back to ALL_PROXY', () => {
      const env = { HTTP_PROXY: 'http://p1:3128', HTTPS_PROXY: 'https://p2:8443', ALL_PROXY: 'p3:1080' };
      expect(proxyFor(url('http://api.example.com/x'), env)).toMatchObject({ protocol: 'http', host: 'p1', port: 3128 });
      expect(proxyFor(url('https://api.example.com/x'), env)).toMatchObject({ protocol: 'https', host: 'p2', port: 8443 });
      expect(proxyFor(url('https://api.example.com/x'), { ALL_PROXY: 'p3:1080' })).toMatchObject({ host: 'p3', port: 1080 });
      expect(proxyFor(url('https://api.example.com/x'), {})).toBe(false);
    });

    it('keeps loopback direct unless NO_PROXY is set, which then decides', () => {
      const env = { HTTP_PROXY: 'http://p1:3128' };
      for (const target of ['http://127.0.0.1:10002/x', 'http://127.8.9.10/x', 'http://localhost/x', 'http://api.localhost/x', 'http://[::1]:8080/x']) {
        expect(proxyFor(url(target), env), target).toBe(false);
      }
      expect(proxyFor(url('http://127.0.0.1.example.com/x'), env)).toMatchObject({ host: 'p1' });
      expect(proxyFor(url('http://128.0.0.1/x'), env)).toMatchObject({ host: 'p1' });
      expect(proxyFor(url('http://127.0.0.1:10002/x'), { ...env, NO_PROXY: 'corp.example' })).toMatchObject({ host: 'p1' });
      expect(proxyFor(url('http://127.0.0.1:10002/x'), { ...env, NO_PROXY: 'corp.example,127.0.0.1' })).toBe(false);
    });

    it('matches NO_PROXY by exact host, domain suffix, port and IPv6', () => {
      const env = { NO_PROXY: '.corp.example, internal.example, [::1]:8080, 10.0.0.5' };
      expect(bypassesProxy(url('https://a.corp.example/'), env)).toBe(true);
      expect(bypassesProxy(url('https://corp.example/'), env)).toBe(true);
      expect(bypassesProxy(url('https://x.internal.example/'), env)).toBe(true);
      expect(bypassesProxy(url('https://notinternal.example/'), env)).toBe(false);
      expect(bypassesProxy(url('http://[::1]:8080/'), env)).toBe(true);
      expect(bypassesProxy(url('http://[::1]:9090/'), env)).toBe(false);
      expect(bypassesProxy(url('http://10.0.0.5:1234/'), env)).toBe(true);
      expect(bypassesProxy(url('http://10.0.0.50/'), env)).toBe(false);
    });
  });
});
