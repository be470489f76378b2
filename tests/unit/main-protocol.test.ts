import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL } from '../../electron/main/app-origin';
import { CONTENT_SECURITY_POLICY, resolveStaticPath, serveStatic } from '../../electron/main/static-files';

const SECRET = 'contents of a file outside dist/renderer';
let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>TokenDesk</title>');
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.txt'), SECRET);
  await symlink(base, path.join(root, 'escape'));
});

afterAll(() => rm(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serveStatic(root, new Request(url, { method }));

describe('the app:// protocol handler', () => {
  it('serves the entry page with its content type and the CSP header', async () => {
    const response = await get(APP_ENTRY_URL);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>TokenDesk</title>');
  });

  it('serves the root as index.html and scripts as JavaScript', async () => {
    expect(await (await get('app://tokendesk/')).text()).toContain('TokenDesk');
    const script = await get('app://tokendesk/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://tokendesk/../secret.txt',
    'app://tokendesk/%2e%2e/secret.txt',
    'app://tokendesk/..%2Fsecret.txt',
    'app://tokendesk/assets/..%2F..%2Fsecret.txt',
    'app://tokendesk/..%5Csecret.txt',
    'app://tokendesk/escape/secret.txt',
    'app://tokendesk/index.html%00.js',
    'app://tokendesk/%E0%A4%A',
    'app://elsewhere/index.html',
    'app://tokendesk/missing.js',
    'app://tokendesk/assets',
  ])('never serves anything outside dist/renderer: %s → 404', async (url) => {
    const response = await get(url);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('maps URLs to files inside the root only', () => {
    expect(resolveStaticPath(root, 'app://tokendesk/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveStaticPath(root, 'app://tokendesk/..%2F..%2Fetc/passwd')).toBeNull();
  });

  it('sends the policy of the meta tag in renderer/index.html, plus the directives only a header can carry', async () => {
    const html = await readFile(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    // Browsers ignore these in a meta tag (and Chromium logs an error for frame-ancestors there).
    const headerOnly = new Set(['frame-ancestors', 'sandbox', 'report-uri']);
    const directives = (policy: string): string[] => policy.split(';').map((d) => d.trim().replace(/\s+/g, ' ')).filter(Boolean);
    const nameOf = (directive: string): string => directive.split(' ')[0]!.toLowerCase();

    expect(meta?.[1]).toBeDefined();
    const inMeta = directives(meta?.[1] ?? '');
    expect(inMeta.filter((d) => headerOnly.has(nameOf(d)))).toEqual([]);
    expect(inMeta).toEqual(directives(CONTENT_SECURITY_POLICY).filter((d) => !headerOnly.has(nameOf(d))));
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('lets the window show the QR login image as a data: URL and load no remote image', () => {
    const imgSrc = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim()).find((d) => d.startsWith('img-src'));
    expect(imgSrc?.split(/\s+/).slice(1).sort()).toEqual(["'self'", 'data:']);
  });
});
