import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { createCoreSchedulerHost } from '../../electron/core/scheduler/core-host';
import { createScheduler } from '../../electron/core/scheduler/scheduler';
import type { Scheduler } from '../../electron/core/scheduler/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startSudServer, type SudServer } from '../servers/sud';
import { flipSealed } from '../fixtures/vault-helpers';
import { FakeClock } from './helpers/fake-clock';

const MIN = 60_000;
const PASSPHRASE = 'scheduler test passphrase';

let dir: string;
let clock: FakeClock;
let sud: SudServer;
let core: OpenedCore;
let scheduler: Scheduler;
let stopReplanning: () => void;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-scheduler-'));
  clock = new FakeClock(Date.now());
  sud = await startSudServer({ now: () => clock.now(), tokenTtlMs: 10 * MIN });
  core = await openCore({ dataDir: dir, clock, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000 } });
  await core.initialize(PASSPHRASE);
  scheduler = createScheduler({ host: createCoreSchedulerHost(core, () => core.settings()), clock });
  // What main does: every account change re-plans.
  stopReplanning = core.on('accounts:changed', () => scheduler.replan());
});

afterEach(async () => {
  stopReplanning();
  await scheduler.stop();
  await core.close();
  await sud.close();
  await rm(dir, { recursive: true, force: true });
});

/** A SUD account with a fresh 10-minute token. */
async function sudAccount(): Promise<string> {
  const view = await core.create({ provider: 'sud', name: 'SUD player', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode({ ttlMs: 60 * MIN }) } });
  const first = await core.refresh(view.id);
  expect(first.ok).toBe(true);
  return view.id;
}

describe('auto-refresh through the engine', () => {
  it('one account whose stored token does not open, or whose details were changed outside TokenDesk, leaves the others renewing', async () => {
    const [good, flipped, changed] = [await sudAccount(), await sudAccount(), await sudAccount()];
    stopReplanning();
    await core.close();
    const file = path.join(dir, 'vault.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { accounts: Record<string, { token: string; fields: Record<string, string> }> };
    doc.accounts[flipped]!.token = flipSealed(doc.accounts[flipped]!.token, 'body', 1);
    doc.accounts[changed]!.fields.baseUrl = 'http://127.0.0.1:9';
    await writeFile(file, JSON.stringify(doc));

    core = await openCore({ dataDir: dir, clock, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000 } });
    await core.unlock(PASSPHRASE);
    scheduler = createScheduler({ host: createCoreSchedulerHost(core, () => core.settings()), clock });
    stopReplanning = core.on('accounts:changed', () => scheduler.replan());
    scheduler.start();
    const requestsBefore = sud.state.requests.total;
    await clock.advance(9 * MIN);
    await scheduler.idle();
    expect(core.get(good).expiresAt).toBe(clock.now() + 10 * MIN);
    expect(core.get(flipped).damage).toBe('unreadable');
    expect(core.get(changed).damage).toBe('changed');
    // Only the good account reached the server; the changed one is not even planned.
    expect(core.get(changed).autoRefresh.nextAt).toBeNull();
    expect(sud.state.requests.total - requestsBefore).toBe(1);
  });

  it('renews a token 1 minute before it expires with no click, and the history says "auto"', async () => {
    const id = await sudAccount();
    const before = core.get(id);
    scheduler.start();
    expect(core.get(id).autoRefresh).toEqual({ enabled: true, nextAt: (before.expiresAt ?? 0) - MIN, failures: 0, blockedReason: null });

    await clock.advance(9 * MIN);
    await scheduler.idle();
    const after = core.get(id);
    expect(after.expiresAt).toBe(clock.now() + 10 * MIN);
    expect(after.autoRefresh.nextAt).toBe(clock.now() + 9 * MIN);
    const history = await core.history({ id, limit: 5 });
    expect(history[0]).toMatchObject({ trigger: 'auto', outcome: 'ok' });
  });

  it('stops when the code has expired, says why, and starts again once the user pastes a new code', async () => {
    const id = await sudAccount();
    scheduler.start();
    sud.expireTokens();
    sud.expireCodes();
    await clock.advance(9 * MIN);
    await scheduler.idle();
    const blocked = core.get(id).autoRefresh;
    expect(blocked.nextAt).toBeNull();
    expect(blocked.blockedReason).toMatch(/code/i);
    const requests = sud.state.requests.total;
    await clock.advance(60 * MIN);
    await scheduler.idle();
    expect(sud.state.requests.total).toBe(requests);

    await core.update({ id, values: { code: sud.issueCode({ ttlMs: 60 * MIN }) } });
    await clock.advance(0);
    await scheduler.idle();
    const resumed = core.get(id);
    expect(resumed.autoRefresh).toMatchObject({ failures: 0, blockedReason: null });
    expect(resumed.expiresAt).toBe(clock.now() + 10 * MIN);
  });

  it('plans nothing while the vault is locked, and renews the expired token once after the unlock', async () => {
    const id = await sudAccount();
    core.lock();
    scheduler.start();
    await clock.advance(30 * MIN);
    await scheduler.idle();
    expect(sud.state.requests.total).toBe(1);

    await core.unlock(PASSPHRASE);
    expect(core.get(id).status).toBe('expired');
    scheduler.replan();
    await clock.advance(0);
    await scheduler.idle();
    expect(sud.state.requests.total).toBe(2);
    expect(core.get(id)).toMatchObject({ lastError: null, expiresAt: clock.now() + 10 * MIN });
  });
});
