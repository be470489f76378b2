import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../shared/account';
import { openCore } from '../../electron/core/engine/core';
import type { CoreEvents, OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startHostileServer, startOpenImServer, startSudServer, type OpenImServer, type SudServer } from '../servers';

const PASSPHRASE = 'engine test passphrase';

let dir: string;
let sud: SudServer;
let core: OpenedCore;
const cleanups: Array<() => Promise<unknown>> = [];

async function newCore(options: { concurrency?: number } = {}): Promise<OpenedCore> {
  const opened = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000 }, ...options });
  cleanups.push(() => opened.close());
  return opened;
}

/** A second core on the same folder: proves what is on disk, not what is in memory. */
async function reopen(): Promise<OpenedCore> {
  const fresh = await newCore();
  await fresh.unlock(PASSPHRASE);
  return fresh;
}

function addSud(c: OpenedCore, code: string, name = 'SUD test', baseUrl = sud.url): Promise<AccountView> {
  return c.create({ provider: 'sud', name, env: 'test', values: { baseUrl, code } });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-engine-'));
  sud = await startSudServer();
  cleanups.push(() => sud.close());
  core = await newCore();
  await core.initialize(PASSPHRASE);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('refreshing one account', () => {
  it('gets a token from the code and has it on disk before refresh resolves', async () => {
    const account = await addSud(core, sud.issueCode());
    const result = await core.refresh(account.id);
    // Read the file at once, synchronously: nothing may still be waiting to be written.
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'vault.json'), 'utf8')) as {
      accounts: Record<string, { lastRefreshAt: number | null; expiresAt: number | null; token: string | null }>;
    };
    expect(onDisk.accounts[account.id]).toMatchObject({ expiresAt: result.expiresAt, token: expect.any(String) });
    expect(onDisk.accounts[account.id]?.lastRefreshAt).toBeTypeOf('number');
    expect(result).toMatchObject({ id: account.id, ok: true, error: null });
    expect(result.expiresAt).toBeGreaterThan(Date.now());
    const token = core.token(account.id);
    expect(sud.isLive(token)).toBe(true);

    const fresh = await reopen();
    expect(fresh.token(account.id)).toBe(token);
    expect(fresh.get(account.id)).toMatchObject({ status: 'valid', expiresAt: result.expiresAt, hasToken: true, lastError: null });
    expect(fresh.get(account.id).extras).toBeTypeOf('object');
  });

  it('joins a second caller to the refresh in flight: one server request, one result', async () => {
    const account = await addSud(core, sud.issueCode());
    const first = core.refresh(account.id);
    const second = core.refresh(account.id);
    expect(second).toBe(first);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toEqual(b);
    expect(sud.state.requests.total).toBe(1);
  });

  it('announces the refresh start and end in accounts:changed', async () => {
    const account = await addSud(core, sud.issueCode());
    const seen: Array<CoreEvents['accounts:changed']> = [];
    core.on('accounts:changed', (payload) => seen.push(payload));
    await core.refresh(account.id);
    const flags = seen.map((e) => e.upserted[0]?.refreshing);
    expect(flags[0]).toBe(true);
    expect(flags[flags.length - 1]).toBe(false);
    expect(seen[seen.length - 1]?.upserted[0]?.status).toBe('valid');
  });

  it('keeps the old token and expiry when the provider rejects, and records the error', async () => {
    const account = await addSud(core, sud.issueCode());
    const ok = await core.refresh(account.id);
    const token = core.token(account.id);
    sud.failNext({ sdk_error_code: 9999, ret_msg: 'backend busy' });
    const failed = await core.refresh(account.id);
    expect(failed.ok).toBe(false);
    expect(failed.error?.code).toBe('provider_rejected');
    expect(failed.error?.at).toBeTypeOf('number');
    expect(failed.expiresAt).toBe(ok.expiresAt);
    expect(core.token(account.id)).toBe(token);
    expect(core.get(account.id)).toMatchObject({ status: 'error', expiresAt: ok.expiresAt });

    const fresh = await reopen();
    expect(fresh.token(account.id)).toBe(token);
    expect(fresh.get(account.id).lastError?.code).toBe('provider_rejected');

    // The next success clears the error again.
    expect((await core.refresh(account.id)).ok).toBe(true);
    expect(core.get(account.id)).toMatchObject({ status: 'valid', lastError: null });
  });

  it('reports an unreachable server as a failed result, not an exception', async () => {
    const account = await addSud(core, sud.issueCode(), 'down', 'http://127.0.0.1:9');
    const result = await core.refresh(account.id);
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('network');
  });

  it('refuses to refresh while locked or for an unknown account', async () => {
    const account = await addSud(core, sud.issueCode());
    await expect(core.refresh('no-such-id')).rejects.toMatchObject({ code: 'not_found' });
    core.lock();
    await expect(core.refresh(account.id)).rejects.toMatchObject({ code: 'locked' });
    expect(() => core.token(account.id)).toThrow(expect.objectContaining({ code: 'locked' }));
    // Metadata stays readable while locked.
    expect(core.list().map((a) => a.id)).toEqual([account.id]);
    expect(sud.state.requests.total).toBe(0);
  });

  it('waits for a refresh in flight when closing', async () => {
    const account = await addSud(core, sud.issueCode());
    const pending = core.refresh(account.id);
    await core.close();
    expect((await pending).ok).toBe(true);
    const fresh = await reopen();
    expect(fresh.get(account.id).hasToken).toBe(true);
  });
});

/** A reverse proxy in front of a server that holds each request a while and counts how many are in flight. */
async function countingProxy(target: string, holdMs: number): Promise<{ url: string; peak: () => number; server: Server }> {
  let inFlight = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        fetch(`${target}${req.url ?? '/'}`, { method: req.method ?? 'POST', headers: { 'Content-Type': 'application/json' }, body: Buffer.concat(chunks) })
          .then(async (answer) => {
            const text = await answer.text();
            inFlight -= 1;
            res.writeHead(answer.status, { 'Content-Type': 'application/json' });
            res.end(text);
          })
          .catch(() => {
            inFlight -= 1;
            res.writeHead(502).end();
          });
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, peak: () => peak, server };
}

describe('refreshing many accounts', () => {
  it('never has more requests in flight than the concurrency limit', async () => {
    const limited = await newCore({ concurrency: 3 });
    await limited.unlock(PASSPHRASE);
    const proxy = await countingProxy(sud.url, 30);
    for (let i = 0; i < 12; i++) await addSud(limited, sud.issueCode(), `bulk ${i}`, proxy.url);
    const results = await limited.refreshAll();
    expect(results).toHaveLength(12);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(proxy.peak()).toBeLessThanOrEqual(3);
    expect(proxy.peak()).toBeGreaterThan(1);
  });

  it('with ifExpiringWithinMs refreshes only never-refreshed and soon-expiring accounts', async () => {
    const shortLived = await startSudServer({ tokenTtlMs: 5 * 60_000 });
    cleanups.push(() => shortLived.close());
    const fresh = await addSud(core, sud.issueCode(), 'fresh');
    const soon = await addSud(core, shortLived.issueCode(), 'soon', shortLived.url);
    await core.refreshAll();
    const never = await addSud(core, sud.issueCode(), 'never');
    const results = await core.refreshAll({ ifExpiringWithinMs: 10 * 60_000 });
    expect(results.map((r) => r.id).sort()).toEqual([soon.id, never.id].sort());
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.id)).not.toContain(fresh.id);
  });

  it('reports an unknown id among several as one failed result', async () => {
    const account = await addSud(core, sud.issueCode());
    const results = await core.refreshAll({ ids: [account.id, 'missing'] });
    expect(results.map((r) => [r.id, r.ok, r.error?.code ?? null])).toEqual([
      [account.id, true, null],
      ['missing', false, 'not_found'],
    ]);
  });
});

describe('secrets stay out of views, events and history', () => {
  let openim: OpenImServer;

  beforeEach(async () => {
    openim = await startOpenImServer({ secret: 'openim-server-secret-42' });
    cleanups.push(() => openim.close());
  });

  it('writes one history line per attempt, with operations and no secret', async () => {
    const events: unknown[] = [];
    core.on('accounts:changed', (p) => events.push(p));
    const code = sud.issueCode();
    const account = await addSud(core, code);
    const im = await core.create({
      provider: 'openim',
      name: 'IM',
      values: { baseUrl: openim.url, secret: 'openim-server-secret-42', userID: 'user-1' },
    });
    const tokens: string[] = [];
    await core.refresh(account.id, 'manual');
    tokens.push(core.token(account.id));
    await core.refresh(account.id, 'auto');
    tokens.push(core.token(account.id));
    sud.failNext({ sdk_error_code: 9999 });
    await core.refresh(account.id, 'cli');
    await core.refresh(im.id);
    tokens.push(core.token(im.id));

    const history = await core.history({ id: account.id });
    expect(history.map((h) => [h.operation, h.trigger, h.outcome, h.httpStatus])).toEqual([
      ['update_sstoken', 'cli', 'error', 200],
      ['update_sstoken', 'auto', 'ok', 200],
      ['get_sstoken', 'manual', 'ok', 200],
    ]);
    expect(history[0]).toMatchObject({ accountName: 'SUD test', provider: 'sud', errorCode: 'provider_rejected' });
    expect((await core.history({ limit: 1 }))[0]?.accountId).toBe(im.id);

    const secrets = [code, 'openim-server-secret-42', PASSPHRASE, ...tokens];
    const raw = await readFile(path.join(dir, 'history.jsonl'), 'utf8');
    expect(raw.trim().split('\n')).toHaveLength(4);
    const views = JSON.stringify([core.list(), core.get(account.id), events]);
    for (const secret of secrets) {
      expect(raw).not.toContain(secret);
      expect(views).not.toContain(secret);
    }
    expect(core.get(account.id).secretsSet).toEqual(['code']);
  });

  it('renders the token in each format the provider offers', async () => {
    const im = await core.create({
      provider: 'openim',
      name: 'IM admin',
      values: { baseUrl: openim.url, secret: 'openim-server-secret-42', userID: 'user-1' },
    });
    expect(() => core.formatToken(im.id, 'raw')).toThrow(expect.objectContaining({ code: 'not_found' }));
    await core.refresh(im.id);
    const token = core.token(im.id);
    expect(core.formatToken(im.id, 'header')).toBe(`token: ${token}`);
    expect(core.formatToken(im.id, 'env')).toBe(`TOKENDESK_IM_ADMIN_TOKEN=${token}`);
    expect(JSON.parse(core.formatToken(im.id, 'json'))).toMatchObject({ token, provider: 'openim' });
    expect(() => core.formatToken(im.id, 'cookie')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(core.maskedSecrets(im.id)).toEqual({ fields: { secret: '••••' }, token: expect.stringMatching(/…/) });
  });
});

describe('account editing', () => {
  it('keeps a stored secret when an edit leaves it empty, and validates fields by name', async () => {
    const code = sud.issueCode();
    const account = await addSud(core, code);
    await core.update({ id: account.id, name: 'renamed', values: { code: '' } });
    expect(core.get(account.id).name).toBe('renamed');
    expect((await core.refresh(account.id)).ok).toBe(true);
    await expect(core.create({ provider: 'sud', name: 'x', values: { baseUrl: sud.url, code, colour: 'red' } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('baseUrl, code'),
    });
    await expect(core.create({ provider: 'nope' as 'sud', name: 'x', values: {} })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('sud, sainiu, oneaccess, openim'),
    });
    expect(core.get(account.id).autoRefresh.enabled).toBe(true);
    await core.remove(account.id);
    expect(core.list()).toEqual([]);
  });
});

describe('refreshing against a hostile server', () => {
  it('turns hangs, HTML errors and echoed secrets into failed results that reveal no secret', async () => {
    const hostile = await startHostileServer();
    cleanups.push(() => hostile.close());
    const quick = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 300 } });
    cleanups.push(() => quick.close());
    await quick.unlock(PASSPHRASE);
    const code = 'hostile-code-secret-0123456789';
    const cases = [
      ['/hang', 'timeout'],
      ['/html-502', 'http_error'],
      ['/echo', 'bad_response'],
      ['/redirect-cross', 'http_error'],
    ] as const;
    for (const [getPath, expected] of cases) {
      const account = await quick.create({ provider: 'sud', name: getPath, values: { baseUrl: hostile.url, code, getPath } });
      const result = await quick.refresh(account.id);
      expect([getPath, result.ok, result.error?.code]).toEqual([getPath, false, expected]);
      expect(quick.get(account.id).hasToken).toBe(false);
    }
    expect(hostile.state.captured).toEqual([]); // nothing followed the redirect to the other origin
    const everything = JSON.stringify([quick.list(), await quick.history()]) + (await readFile(path.join(dir, 'history.jsonl'), 'utf8'));
    expect(everything).not.toContain(code);
  });
});
