import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isoInstant, parseIsoInstant } from '../../shared/datetime';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { ONEACCESS_SESSION_RENEW_MARGIN_MS } from '../../shared/providers';
import { createCoreSchedulerHost } from '../../electron/core/scheduler/core-host';
import { createScheduler } from '../../electron/core/scheduler/scheduler';
import type { Scheduler } from '../../electron/core/scheduler/types';
import { systemClock } from '../../electron/core/platform';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startOneAccessServer, type OneAccessServer } from '../servers';

const PASSPHRASE = 'oneaccess session passphrase';
const MIN = 60_000;
let dir: string;
let server: OneAccessServer;
let core: OpenedCore;
let scheduler: Scheduler | null = null;
const cores: OpenedCore[] = [];

async function newCore(): Promise<OpenedCore> {
  const opened = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000, env: {} } });
  cores.push(opened);
  return opened;
}

function addAccount(sessionToken: string, sessionExpiresAt: string) {
  return core.create({
    provider: 'oneaccess',
    name: 'Tenant SSO',
    env: 'test',
    values: { baseUrl: server.url, clientId: 'oa-client', clientSecret: 'oa-client-secret', sessionToken, deviceFingerprint: 'fp-123456', sessionExpiresAt },
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-oneaccess-'));
  server = await startOneAccessServer({ ticketTtlSeconds: 3600, sessionTtlSeconds: 43_200 });
  core = await newCore();
  await core.initialize(PASSPHRASE);
});

afterEach(async () => {
  await scheduler?.stop();
  scheduler = null;
  for (const c of cores.splice(0)) await c.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('OneAccess session lifetime through the engine', () => {
  it('renews the session before it ends and keeps the new token sealed on disk, with its new end', async () => {
    const login = server.login();
    const view = await addAccount(login.session_token, isoInstant(Date.now() + 10 * MIN));
    const result = await core.refresh(view.id);
    expect(result).toMatchObject({ ok: true, error: null });
    expect(server.state.sessionRefreshes).toBe(1);
    const renewed = core.get(view.id);
    const endsAt = parseIsoInstant(renewed.fields.sessionExpiresAt ?? '') ?? 0;
    expect(endsAt).toBeGreaterThan(Date.now() + 43_200_000 - MIN);
    // An automatic rotation is not a person's edit.
    expect(renewed.updatedAt).toBe(view.updatedAt);

    const newToken = server.state.calls.at(-1)?.session_token ?? '';
    expect(newToken).not.toBe(login.session_token);
    const onDisk = await readFile(path.join(dir, 'vault.json'), 'utf8');
    expect(onDisk).not.toContain(newToken);

    // A second process reads the new token from disk: its exchange carries it (the old one is dead).
    const fresh = await newCore();
    await fresh.unlock(PASSPHRASE);
    expect((await fresh.refresh(view.id)).ok).toBe(true);
    expect(server.state.calls.at(-1)).toMatchObject({ path: '/api/v2/tenant/sso/session-token/sso-ticket', session_token: newToken });
    expect(server.state.sessionRefreshes).toBe(1);
  });

  it('a refused session refresh keeps the old session token and ticket, and stops auto-refresh for the person', async () => {
    const login = server.login();
    const view = await addAccount(login.session_token, isoInstant(Date.now() + 5 * 3600_000));
    expect((await core.refresh(view.id)).ok).toBe(true);
    const ticket = core.token(view.id);
    const sessionBefore = core.maskedSecrets(view.id).fields.sessionToken;
    await core.update({ id: view.id, values: { sessionExpiresAt: isoInstant(Date.now() + 5 * MIN) } });
    server.revokeSessionToken(login.session_token);

    scheduler = createScheduler({ host: createCoreSchedulerHost(core, () => core.settings()), clock: systemClock });
    scheduler.start();
    await scheduler.idle();
    const failed = core.get(view.id);
    expect(failed.lastError).toMatchObject({ code: 'provider_rejected', needsUser: true, reason: 'session_refresh_refused', provider: { code: 'SSO.0003' } });
    expect(failed.lastError?.message).toMatch(/log in again/i);
    expect(core.token(view.id)).toBe(ticket);
    expect(core.maskedSecrets(view.id).fields.sessionToken).toBe(sessionBefore);
    expect(scheduler.status(view.id)).toMatchObject({ nextAt: null, failures: 1 });
    expect(scheduler.status(view.id)?.blockedReason).toMatch(/log in again/i);
    expect(server.state.sessionRefusals).toBe(1);
  });

  it('plans the next refresh at the earlier of ticket renewal and session renewal', async () => {
    const login = server.login();
    const soon = Date.now() + 40 * MIN;
    const early = await addAccount(login.session_token, isoInstant(soon));
    const late = await core.create({
      provider: 'oneaccess',
      name: 'Late session',
      env: 'test',
      values: { baseUrl: server.url, clientId: 'oa-client', clientSecret: 'oa-client-secret', sessionToken: server.login().session_token, deviceFingerprint: 'fp-123456', sessionExpiresAt: isoInstant(Date.now() + 10 * 3600_000) },
    });
    await core.refreshAll();
    scheduler = createScheduler({ host: createCoreSchedulerHost(core, () => core.settings()), clock: systemClock });
    scheduler.start();
    // Session first: 40 min left, renewed 30 min before its end, well before the 1-hour ticket.
    expect(scheduler.status(early.id)?.nextAt).toBe(soon - ONEACCESS_SESSION_RENEW_MARGIN_MS);
    // Ticket first: the session has hours left; the ticket is renewed shortly before its hour is up.
    const ticketEnds = core.get(late.id).expiresAt ?? 0;
    const lateNext = scheduler.status(late.id)?.nextAt ?? 0;
    expect(lateNext).toBeLessThan(ticketEnds);
    expect(lateNext).toBeGreaterThan(ticketEnds - 11 * MIN);
    expect(core.get(early.id).autoRefresh.nextAt).toBe(soon - ONEACCESS_SESSION_RENEW_MARGIN_MS);
  });
});
