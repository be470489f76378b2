import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenDeskError } from '../../electron/core/errors';
import { createHttpClient } from '../../electron/core/http/client';
import { parsePacAnswer } from '../../electron/core/http/system-proxy';
import { FakeSession } from '../unit/helpers/fake-electron/app';
import { failureOf } from '../servers/context';
import { startHostileServer, startProxyServer, type HostileServer, type ProxyServer } from '../servers';

// The desktop app asks Electron's session.resolveProxy(url) for the OS proxy settings (or PAC) where no
// HTTP(S)_PROXY is set; the answer is Chromium's PAC form. Here the Electron stand-in's session answers
// what a test sets, and a forward proxy reaches a provider name only it can resolve (as a company proxy does).
const PROVIDER = 'provider.corp.test';

let target: HostileServer;
let proxy: ProxyServer;
let closedPort: number;
const session = new FakeSession();

beforeAll(async () => {
  target = await startHostileServer();
  proxy = await startProxyServer({ hosts: { [PROVIDER]: '127.0.0.1' } });
  // A port nobody listens on: a proxy that is down.
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await Promise.all([target.close(), proxy.close()]);
});
beforeEach(() => {
  proxy.state.forwarded.length = 0;
  proxy.state.connects.length = 0;
  session.proxyQuestions.length = 0;
});

/** A client of the desktop app: the session's answer where the environment sets no proxy. */
function appClient(answer: string, env: NodeJS.ProcessEnv = {}) {
  session.proxyAnswer = answer;
  return createHttpClient({ timeoutMs: 3_000, env, resolveProxy: (url) => session.resolveProxy(url) });
}

const echo = (client: ReturnType<typeof appClient>, host = PROVIDER) =>
  client.request({ method: 'POST', url: `http://${host}:${target.port}/echo`, json: { a: 1 }, operation: 'test' });

describe("Chromium's PAC answer forms, as axios can use them", () => {
  it('maps DIRECT, PROXY and HTTPS (default ports 80 and 443, IPv6 in brackets) and keeps the order of a list', () => {
    expect(parsePacAnswer('DIRECT')).toEqual([{ kind: 'direct' }]);
    expect(parsePacAnswer('PROXY proxy.corp:3128')).toEqual([{ kind: 'proxy', proxy: { protocol: 'http', host: 'proxy.corp', port: 3128 } }]);
    expect(parsePacAnswer('HTTPS secure.corp:8443')).toEqual([{ kind: 'proxy', proxy: { protocol: 'https', host: 'secure.corp', port: 8443 } }]);
    expect(parsePacAnswer('PROXY plain.corp;HTTPS tls.corp')).toEqual([
      { kind: 'proxy', proxy: { protocol: 'http', host: 'plain.corp', port: 80 } },
      { kind: 'proxy', proxy: { protocol: 'https', host: 'tls.corp', port: 443 } },
    ]);
    expect(parsePacAnswer('PROXY [2001:db8::1]:8080; DIRECT')).toEqual([{ kind: 'proxy', proxy: { protocol: 'http', host: '2001:db8::1', port: 8080 } }, { kind: 'direct' }]);
  });

  it('keeps SOCKS, SOCKS5 and QUIC (and anything unknown) as entries it cannot use, in their place', () => {
    expect(parsePacAnswer('SOCKS socks.corp:1080; SOCKS5 socks.corp:1081; QUIC quic.corp:443; BLAH x:1; DIRECT')).toEqual([
      { kind: 'unusable', entry: 'SOCKS socks.corp:1080' },
      { kind: 'unusable', entry: 'SOCKS5 socks.corp:1081' },
      { kind: 'unusable', entry: 'QUIC quic.corp:443' },
      { kind: 'unusable', entry: 'BLAH x:1' },
      { kind: 'direct' },
    ]);
  });

  it('reads an empty answer (the lookup failed) as DIRECT, as Chromium falls back to direct', () => {
    expect(parsePacAnswer('')).toEqual([{ kind: 'direct' }]);
  });
});

describe('the desktop app follows the system proxy', () => {
  it('PROXY: the request goes through that proxy', async () => {
    const response = await echo(appClient(`PROXY 127.0.0.1:${proxy.port}`));
    expect(response.status).toBe(200);
    expect(proxy.state.forwarded.map((r) => r.url)).toEqual([`http://${PROVIDER}:${target.port}/echo`]);
    expect(session.proxyQuestions).toEqual([`http://${PROVIDER}:${target.port}/echo`]);
  });

  it('DIRECT: no proxy (the name then does not resolve here, and the message names no proxy)', async () => {
    const error = (await failureOf(echo(appClient('DIRECT')))) as TokenDeskError;
    expect(error.code).toBe('network');
    expect(error.message).toContain('DNS lookup failed');
    expect(error.message).not.toContain('proxy');
    expect(proxy.state.forwarded).toHaveLength(0);
  });

  it('a list falls back to the next entry only when a proxy cannot be reached', async () => {
    const response = await echo(appClient(`PROXY 127.0.0.1:${closedPort}; PROXY 127.0.0.1:${proxy.port}; DIRECT`));
    expect(response.status).toBe(200);
    expect(proxy.state.forwarded).toHaveLength(1);
    const toDirect = (await failureOf(echo(appClient(`PROXY 127.0.0.1:${closedPort}; DIRECT`)))) as TokenDeskError;
    expect(toDirect.message).toContain('DNS lookup failed'); // the direct attempt
  });

  it('a SOCKS entry fails with a message (never quietly direct), naming it and the way out', async () => {
    for (const answer of ['SOCKS5 127.0.0.1:1080; DIRECT', `PROXY 127.0.0.1:${closedPort}; SOCKS socks.corp:1080; DIRECT`]) {
      const error = (await failureOf(echo(appClient(answer)))) as TokenDeskError;
      expect(error.code).toBe('network');
      expect(error.message).toMatch(/"SOCKS5? [^"]+", a kind of proxy TokenDesk cannot use/);
      expect(error.message).toContain('HTTPS_PROXY');
    }
    expect(proxy.state.forwarded).toHaveLength(0);
  });

  it('this machine stays direct: the system is not even asked', async () => {
    const response = await echo(appClient(`PROXY 127.0.0.1:${closedPort}`), '127.0.0.1');
    expect(response.status).toBe(200);
    expect(session.proxyQuestions).toEqual([]);
  });

  it('HTTP(S)_PROXY and NO_PROXY still win when set (the rule the CLI keeps)', async () => {
    const viaEnv = await echo(appClient(`PROXY 127.0.0.1:${closedPort}`, { HTTP_PROXY: proxy.url }));
    expect(viaEnv.status).toBe(200);
    expect(proxy.state.forwarded).toHaveLength(1);
    const listed = (await failureOf(echo(appClient(`PROXY 127.0.0.1:${proxy.port}`, { NO_PROXY: '.corp.test' })))) as TokenDeskError;
    expect(listed.message).toContain('DNS lookup failed'); // direct, as NO_PROXY says
    expect(proxy.state.forwarded).toHaveLength(1);
    expect(session.proxyQuestions).toEqual([]);
  });

  it('a system that never answers (a PAC script that does not load) ends in the request timeout', async () => {
    const client = createHttpClient({ timeoutMs: 500, env: {}, resolveProxy: () => new Promise(() => undefined) });
    const error = (await failureOf(client.request({ method: 'GET', url: `http://${PROVIDER}:${target.port}/echo`, operation: 'test' }))) as TokenDeskError;
    expect(error.code).toBe('timeout');
  });
});
