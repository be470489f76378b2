import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TokenDeskError } from '../../electron/core/errors';
import { createHttpClient } from '../../electron/core/http/client';
import { failureOf } from '../servers/context';
import { startProxyServer, type ProxyServer } from '../servers';
import { makeTestCa, startTlsServer, type TestCa } from '../fixtures/test-ca';

// A provider behind a company CA (or a TLS-inspecting proxy): its certificate is signed by an authority
// made here, which no store on this machine knows. Node trusts only its bundled roots, and the installed
// app never sees NODE_EXTRA_CA_CERTS: TokenDesk reads the OS store and the CA files itself.
let ca: TestCa;
let server: Awaited<ReturnType<typeof startTlsServer>>;
let proxy: ProxyServer;

beforeAll(async () => {
  ca = await makeTestCa();
  server = await startTlsServer(ca);
  proxy = await startProxyServer();
});
afterAll(async () => {
  await Promise.all([server.close(), proxy.close()]);
  await ca.remove();
});

const get = (env: NodeJS.ProcessEnv, systemCertificates: (() => string[]) | null = null) =>
  createHttpClient({ timeoutMs: 3_000, env, systemCertificates }).request({ method: 'GET', url: `${server.url}/token`, operation: 'get_token' });

describe('TLS with a certificate authority of its own', () => {
  it('an unknown authority fails with the certificate, its issuer, the problem and what to do', async () => {
    const error = (await failureOf(get({}))) as TokenDeskError;
    expect(error.code).toBe('network');
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    expect(error.message).toContain(`issued by "${ca.name}"`);
    expect(error.message).toContain('is not signed by an authority this computer trusts');
    expect(error.message).toContain('system certificate store');
    expect(error.message).toContain('TOKENDESK_EXTRA_CA_CERTS');
  });

  it('trusts the CA file NODE_EXTRA_CA_CERTS names, read by TokenDesk itself (Node reads it only at start)', async () => {
    expect((await get({ NODE_EXTRA_CA_CERTS: ca.caFile })).json).toEqual({ ok: true });
  });

  it('trusts the CA file TOKENDESK_EXTRA_CA_CERTS names (the installed app never sees NODE_EXTRA_CA_CERTS)', async () => {
    expect((await get({ TOKENDESK_EXTRA_CA_CERTS: ca.caFile })).json).toEqual({ ok: true });
  });

  it('trusts the OS certificate store where the runtime reads it (tls.getCACertificates("system"))', async () => {
    expect((await get({}, () => [ca.caPem])).json).toEqual({ ok: true });
  });

  it('a CA file that cannot be read is said, and the built-in authorities still apply', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const error = (await failureOf(get({ TOKENDESK_EXTRA_CA_CERTS: `${ca.caFile}.missing` }))) as TokenDeskError;
      expect(error.message).toContain('is not signed by an authority this computer trusts');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining(`TOKENDESK_EXTRA_CA_CERTS names ${ca.caFile}.missing, which could not be read (ENOENT)`));
    } finally {
      warn.mockRestore();
    }
  });

  it('through a proxy (CONNECT tunnel) the same CA applies to the provider', async () => {
    const env = { HTTPS_PROXY: proxy.url, NO_PROXY: 'nothing.invalid', TOKENDESK_EXTRA_CA_CERTS: ca.caFile };
    expect((await get(env)).json).toEqual({ ok: true });
    expect(proxy.state.connects).toEqual([`127.0.0.1:${server.port}`]);
  });

  it("the engine's default client (the CLI's) reads the CA file from the process environment", async () => {
    process.env.TOKENDESK_EXTRA_CA_CERTS = ca.caFile;
    try {
      const client = createHttpClient({ timeoutMs: 3_001, systemCertificates: null });
      expect((await client.request({ method: 'GET', url: `${server.url}/token`, operation: 'get_token' })).json).toEqual({ ok: true });
    } finally {
      delete process.env.TOKENDESK_EXTRA_CA_CERTS;
    }
  });
});
