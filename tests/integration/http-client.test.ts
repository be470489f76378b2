import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { createHttpClient, DEFAULT_USER_AGENT } from '../../electron/core/http/client';
import { TOKENDESK_VERSION } from '../../electron/core/version';
import type { HttpClient } from '../../electron/core/http/types';
import { failureOf, leakedSecrets } from '../servers/context';
import { HUGE_BYTES, startHostileServer, type HostileServer } from '../servers';
import { listen } from '../servers/http-util';

describe('HTTP client', () => {
  let hostile: HostileServer;
  let http: HttpClient;

  beforeAll(async () => {
    hostile = await startHostileServer();
    http = createHttpClient({ timeoutMs: 5_000, env: {} });
  });
  afterAll(() => hostile.close());

  const post = (path: string, extra: Partial<Parameters<HttpClient['request']>[0]> = {}) =>
    http.request({ method: 'POST', url: `${hostile.url}${path}`, operation: 'test', json: { hello: 'world' }, ...extra });

  async function waitFor(check: () => boolean, ms = 3_000): Promise<boolean> {
    const until = Date.now() + ms;
    while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    return check();
  }

  describe('HTTP client: what reaches the server', () => {
    it('identifies itself as TokenDesk with the package version', async () => {
      const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
      expect(TOKENDESK_VERSION).toBe(version);
      const response = await post('/echo');
      const echo = response.json as { headers: Record<string, string> };
      expect(echo.headers['user-agent']).toBe(`TokenDesk/${version} (+desktop token manager)`);
      expect(DEFAULT_USER_AGENT).toBe(echo.headers['user-agent']);
    });

    it('sends JSON, form and verbatim bodies with a fitting Content-Type', async () => {
      const json = (await post('/echo')).json as { body: string; headers: Record<string, string> };
      expect(JSON.parse(json.body)).toEqual({ hello: 'world' });
      expect(json.headers['content-type']).toBe('application/json');
      const form = (await post('/echo', { json: undefined, form: { post: 'GetRenewalToken', data: '{"a":1}' } })).json as { body: string; headers: Record<string, string> };
      expect(new URLSearchParams(form.body).get('data')).toBe('{"a":1}');
      expect(form.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const raw = (await post('/echo', { json: undefined, body: '{"exact" :1}', headers: { 'Content-Type': 'application/json;charset=utf8' } })).json as { body: string; headers: Record<string, string> };
      expect(raw.body).toBe('{"exact" :1}');
      expect(raw.headers['content-type']).toBe('application/json;charset=utf8');
    });
  });

  describe('HTTP client: hostile answers', () => {
    it('returns a 502 HTML page as a response (providers read their own error bodies)', async () => {
      const response = await post('/html-502');
      expect(response.status).toBe(502);
      expect(response.json).toBeUndefined();
      expect(response.text).toContain('502 Bad Gateway');
    });

    it('returns a non-JSON 200 with json undefined', async () => {
      const response = await post('/not-json');
      expect(response.status).toBe(200);
      expect(response.json).toBeUndefined();
      expect(response.text).toBe('Service is up. Welcome!');
    });

    it('gives up on a server that never answers, saying after how many seconds', async () => {
      const quick = createHttpClient({ timeoutMs: 300, env: {} });
      const error = await failureOf(quick.request({ method: 'POST', url: `${hostile.url}/hang`, operation: 'test' }));
      expect(error).toBeInstanceOf(TokenDeskError);
      expect((error as TokenDeskError).code).toBe('timeout');
      expect((error as TokenDeskError).message).toContain('0.3 seconds');
      expect((error as TokenDeskError).message).toContain(`127.0.0.1:${hostile.port}`);
    });

    it('counts the deadline over the whole body, so a drip-fed answer times out too', async () => {
      const quick = createHttpClient({ timeoutMs: 400, env: {} });
      const error = await failureOf(quick.request({ method: 'GET', url: `${hostile.url}/drip`, operation: 'test' }));
      expect((error as TokenDeskError).code).toBe('timeout');
    });

    it('cuts off a 40 MB answer at the cap and closes the socket early', async () => {
      const error = await failureOf(post('/huge'));
      expect((error as TokenDeskError).code).toBe('bad_response');
      expect((error as TokenDeskError).message).toContain('larger than 1 MiB');
      expect(await waitFor(() => hostile.state.huge.closedEarly)).toBe(true);
      expect(hostile.state.huge.finished).toBe(false);
      expect(hostile.state.huge.bytesWritten).toBeLessThan(HUGE_BYTES);
    });

    it('refuses a declared Content-Length over the cap before reading it', async () => {
      const error = await failureOf(post('/huge-declared'));
      expect((error as TokenDeskError).code).toBe('bad_response');
      expect(await waitFor(() => hostile.state.huge.closedEarly)).toBe(true);
    });

    it('counts decompressed bytes, so a small gzip bomb is cut off too', async () => {
      const error = await failureOf(post('/gzip-huge'));
      expect((error as TokenDeskError).code).toBe('bad_response');
    });

    it('honours a smaller configured cap', async () => {
      const tiny = createHttpClient({ maxBytes: 10, env: {} });
      const error = await failureOf(tiny.request({ method: 'POST', url: `${hostile.url}/not-json`, operation: 'test' }));
      expect((error as TokenDeskError).message).toContain('larger than 10 bytes');
    });

    it('reports a reset connection as a network error naming host:port', async () => {
      for (const path of ['/reset', '/reset-mid-body']) {
        const error = await failureOf(post(path));
        expect((error as TokenDeskError).code).toBe('network');
        expect((error as TokenDeskError).message).toContain(`127.0.0.1:${hostile.port}`);
      }
    });

    it('reports a refused connection with host:port and what to check', async () => {
      const gone = await listen(() => undefined);
      await gone.close();
      const error = await failureOf(http.request({ method: 'POST', url: `${gone.url}/x`, operation: 'test' }));
      expect((error as TokenDeskError).code).toBe('network');
      expect((error as TokenDeskError).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${gone.port}.*refused.*running`));
    });

    it('rejects a URL it cannot use as invalid input', async () => {
      const error = await failureOf(http.request({ method: 'GET', url: 'ftp://example.com/x', operation: 'test' }));
      expect((error as TokenDeskError).code).toBe('invalid_input');
    });
  });

  describe('HTTP client: redirects', () => {
    it('never carries credentials to another origin', async () => {
      for (const path of ['/redirect-cross', '/redirect-cross-307']) {
        const error = await failureOf(post(path, {
          headers: { Authorization: 'Bearer top-secret-bearer', Cookie: 'sid=top-secret-cookie' },
          json: { secret: 'top-secret-body' },
          secrets: ['top-secret-bearer', 'top-secret-cookie', 'top-secret-body'],
        }));
        expect((error as TokenDeskError).code).toBe('http_error');
        expect((error as TokenDeskError).message).toContain('another origin');
        expect((error as TokenDeskError).status).toBeGreaterThanOrEqual(300);
      }
      expect(hostile.state.captured).toHaveLength(0);
    });

    it('follows a same-origin 307 keeping method and body', async () => {
      const response = await post('/redirect-same');
      const echo = response.json as { method: string; path: string; body: string };
      expect(echo).toMatchObject({ method: 'POST', path: '/echo' });
      expect(JSON.parse(echo.body)).toEqual({ hello: 'world' });
    });

    it('stops a redirect loop with a clear error', async () => {
      const error = await failureOf(post('/redirect-loop'));
      expect((error as TokenDeskError).code).toBe('http_error');
      expect((error as TokenDeskError).message).toContain('redirected more than 5 times');
    });
  });

  describe('HTTP client: secrets', () => {
    it('keeps request secrets out of every error it throws', async () => {
      const secret = 'sk-live-9f8e7d6c5b4a';
      const gone = await listen(() => undefined);
      await gone.close();
      const request = { method: 'POST' as const, json: { secret }, headers: { Authorization: `Bearer ${secret}` }, operation: 'test', secrets: [secret] };
      const errors = [
        await failureOf(http.request({ ...request, url: `${gone.url}/x?key=${secret}` })),
        await failureOf(http.request({ ...request, url: `${hostile.url}/reset?key=${secret}` })),
        await failureOf(createHttpClient({ timeoutMs: 200, env: {} }).request({ ...request, url: `${hostile.url}/hang?key=${secret}` })),
        await failureOf(http.request({ ...request, url: `${hostile.url}/huge?key=${secret}` })),
      ];
      for (const error of errors) expect(leakedSecrets(error, [secret])).toEqual([]);
    });
  });
});
