import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { needsQrLogin } from '../../shared/qr-login';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { resolveQrImageUrl } from '../../electron/core/providers/sainiu-qr';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startSaiNiuServer, type SaiNiuServer, type SaiNiuServerOptions } from '../servers';

const PASSPHRASE = 'qr login test passphrase';
let dir: string;
let core: OpenedCore;
const cleanups: Array<() => Promise<unknown>> = [];

async function framework(options: SaiNiuServerOptions = {}): Promise<SaiNiuServer> {
  const server = await startSaiNiuServer(options);
  cleanups.push(() => server.close());
  return server;
}

async function reopen(): Promise<OpenedCore> {
  const fresh = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
  cleanups.push(() => fresh.close());
  await fresh.unlock(PASSPHRASE);
  return fresh;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-qr-'));
  core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000 } });
  cleanups.push(() => core.close());
  await core.initialize(PASSPHRASE);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** Waits for the login to end (each wait returns after one more check). */
async function outcome(loginId: string) {
  for (let after = -1; ; ) {
    const progress = await core.waitQrLogin(loginId, after);
    if (progress.state !== 'waiting') return progress;
    after = progress.attempts;
  }
}

describe('SaiNiu QR login: the code', () => {
  it('hands out the QR image as a data: URL that decodes to the code the framework made', async () => {
    const server = await framework();
    const account = await core.create({ provider: 'sainiu', name: 'New shop', values: { baseUrl: server.url } });
    const ticket = await core.startQrLogin(account.id);
    expect(ticket.imageDataUrl).toMatch(/^data:image\/png;base64,/);
    const png = PNG.sync.read(Buffer.from(ticket.imageDataUrl.split(',')[1] ?? '', 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(server.state.lastQr?.content);
    expect(ticket.qrUrl).toBe(server.state.lastQr?.url);
    expect(ticket.expiresAt - ticket.startedAt).toBe(180_000);
    expect(ticket.intervalMs).toBeGreaterThanOrEqual(2_000);
    expect(ticket.intervalMs).toBeLessThanOrEqual(3_000);
    core.cancelQrLogin(ticket.loginId);
  });

  it('resolves a protocol-relative image address with https and refuses remote plain http', () => {
    expect(resolveQrImageUrl('//img.alicdn.com/imgextra/O1CN018ocsvl2Ij4ka31Y3j_!!9321-2-xcode.png').href).toBe(
      'https://img.alicdn.com/imgextra/O1CN018ocsvl2Ij4ka31Y3j_!!9321-2-xcode.png',
    );
    expect(resolveQrImageUrl('http://127.0.0.1:3030/a.png').protocol).toBe('http:');
    expect(() => resolveQrImageUrl('http://img.alicdn.com/a.png')).toThrow(/only loads the QR image over https/);
    expect(() => resolveQrImageUrl('file:///etc/passwd')).toThrow(/only loads the QR image over https/);
  });

  it('takes plain http from this machine by the proxy rules\' loopback test, and from no look-alike host', () => {
    for (const local of ['http://qr.localhost:3030/a.png', 'http://[::ffff:127.0.0.1]:3030/a.png', 'http://127.1.2.3/a.png', 'http://[::1]/a.png']) {
      expect(resolveQrImageUrl(local).protocol).toBe('http:');
    }
    for (const remote of ['http://127.0.0.1.example.com/a.png', 'http://localhost.example.com/a.png']) {
      expect(() => resolveQrImageUrl(remote)).toThrow(/only loads the QR image over https/);
    }
  });

  it('refuses an image that is not an image, is over 1 MiB, or is remote plain http', async () => {
    const server = await framework();
    const account = await core.create({ provider: 'sainiu', name: 'Shop', values: { baseUrl: server.url } });
    server.troubleNextQr({ kind: 'image-not-image' });
    await expect(core.startQrLogin(account.id)).rejects.toMatchObject({ code: 'bad_response', message: expect.stringContaining('is not an image (text/html)') });
    server.troubleNextQr({ kind: 'image-too-large' });
    await expect(core.startQrLogin(account.id)).rejects.toMatchObject({ code: 'bad_response' });
    const fetched = server.state.imageFetches;
    server.troubleNextQr({ kind: 'remote-http-url' });
    await expect(core.startQrLogin(account.id)).rejects.toMatchObject({ code: 'bad_response' });
    expect(server.state.imageFetches).toBe(fetched);
  });

  it('says what the framework said when it cannot make a code', async () => {
    const server = await framework();
    const account = await core.create({ provider: 'sainiu', name: 'Shop', values: { baseUrl: server.url } });
    server.troubleNextQr({ kind: 'refused', message: '获取二维码失败' });
    await expect(core.startQrLogin(account.id)).rejects.toMatchObject({ code: 'provider_rejected', message: expect.stringContaining('获取二维码失败') });
  });

  it('says to start the framework at its address when nothing listens there', async () => {
    const server = await framework();
    await server.close();
    const account = await core.create({ provider: 'sainiu', name: 'Shop', values: { baseUrl: server.url } });
    await expect(core.startQrLogin(account.id)).rejects.toMatchObject({
      code: 'network',
      message: expect.stringContaining(`Start the SaiNiu framework at ${server.url}`),
    });
  });

  it('is only for SaiNiu accounts', async () => {
    const account = await core.create({ provider: 'sud', name: 'SUD', values: { baseUrl: 'http://127.0.0.1:9', code: 'c' } });
    await expect(core.startQrLogin(account.id)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('SaiNiu QR login: waiting for the scan', () => {
  it('polls until the scan, then stores lgToken as logonToken, the cookies as the token and the nick from the answer', async () => {
    const server = await framework();
    const account = await core.create({ provider: 'sainiu', name: 'New shop', values: { baseUrl: server.url } });
    expect(needsQrLogin(account)).toBe(true);
    const ticket = await core.startQrLogin(account.id, { nameFromNick: true });
    const first = await core.waitQrLogin(ticket.loginId, 0);
    expect(first).toMatchObject({ state: 'waiting', attempts: 1 });
    server.scan('tb998877');
    const done = await outcome(ticket.loginId);
    expect(done.state).toBe('success');
    expect(done.account).toMatchObject({ name: 'tb998877', fields: { userNick: 'tb998877' }, hasToken: true, lastError: null });
    expect(done.account?.secretsSet).toContain('logonToken');
    const lgToken = server.state.lastQr?.lgToken ?? '';
    const onDisk = await reopen();
    expect(onDisk.token(account.id)).toMatch(/^cookie2=[0-9a-f]{32}; /);
    expect(onDisk.maskedSecrets(account.id).fields.logonToken).toBeDefined();
    expect(JSON.stringify(onDisk.get(account.id))).not.toContain(lgToken);
    // The stored lgToken renews from now on.
    const renewed = await onDisk.refresh(account.id);
    expect(renewed.ok).toBe(true);
    expect(server.state.lastCall?.data).toEqual({ userNick: 'tb998877', logonToken: lgToken });
    const history = await onDisk.history({ id: account.id });
    expect(history.map((h) => h.operation)).toContain('qr_login');
  });

  it('a renewal the framework says has expired keeps the old cookie and asks for a new QR login', async () => {
    const server = await framework();
    const account = await core.create({ provider: 'sainiu', name: 'Shop', values: { baseUrl: server.url, userNick: 'tb123456', logonToken: 'old-logon-token-1' } });
    expect((await core.refresh(account.id)).ok).toBe(true);
    const before = core.token(account.id);
    server.expireSession();
    const failed = await core.refresh(account.id);
    expect(failed.error).toMatchObject({ code: 'provider_rejected', needsUser: true, provider: { code: 'FAIL_SYS_SESSION_EXPIRED' } });
    expect(core.token(account.id)).toBe(before);
    expect(needsQrLogin(core.get(account.id))).toBe(true);
    const ticket = await core.startQrLogin(account.id);
    server.scan('tb123456');
    expect((await outcome(ticket.loginId)).state).toBe('success');
    expect(core.token(account.id)).not.toBe(before);
    expect(needsQrLogin(core.get(account.id))).toBe(false);
  });

  it('expires at its deadline when nobody scans, keeping what the account had', async () => {
    const server = await framework();
    const account = await core.create({ provider: 'sainiu', name: 'Shop', values: { baseUrl: server.url } });
    const ticket = await core.startQrLogin(account.id, { timeoutMs: 3_000 });
    const done = await outcome(ticket.loginId);
    expect(done).toMatchObject({ state: 'expired', error: { code: 'timeout', message: expect.stringContaining('expired before it was scanned') } });
    expect(core.get(account.id)).toMatchObject({ hasToken: false, secretsSet: [] });
  });

  it('stops with "start the framework" when the framework goes away while waiting', async () => {
    const server = await framework();
    const account = await core.create({ provider: 'sainiu', name: 'Shop', values: { baseUrl: server.url } });
    const ticket = await core.startQrLogin(account.id);
    await server.close();
    const done = await outcome(ticket.loginId);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'network', message: expect.stringContaining('Start the SaiNiu framework') } });
  });

  it('a new code for the same account cancels the previous one', async () => {
    const server = await framework();
    const account = await core.create({ provider: 'sainiu', name: 'Shop', values: { baseUrl: server.url } });
    const first = await core.startQrLogin(account.id);
    await core.startQrLogin(account.id);
    expect((await core.waitQrLogin(first.loginId)).state).toBe('cancelled');
  });
});
