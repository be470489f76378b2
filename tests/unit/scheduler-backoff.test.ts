import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../shared/errors';
import { BACKOFF_CAP_MS, backoffDelay } from '../../electron/core/scheduler/policy';
import { createScheduler } from '../../electron/core/scheduler/scheduler';
import type { Scheduler } from '../../electron/core/scheduler/types';
import { FakeClock } from './helpers/fake-clock';
import { account, createFakeHost } from './helpers/scheduler-host';

const MIN = 60_000;
const HOUR = 60 * MIN;
const networkDown: ErrorInfo = { code: 'network', message: 'Could not reach the server. Check the network and try again.' };
const codeExpired: ErrorInfo = {
  code: 'provider_rejected',
  message: 'The SUD code has expired. Paste a new code in the account settings.',
  provider: { code: '1005', message: 'expired' },
  needsUser: true,
};

let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

describe('backoff after failures', () => {
  it('doubles from 1 minute and stops growing at 30 minutes', () => {
    const noJitter = () => 0;
    const delays = [1, 2, 3, 4, 5, 6, 7, 12, 40].map((n) => backoffDelay(n, noJitter) / MIN);
    expect(delays).toEqual([1, 2, 4, 8, 16, 30, 30, 30, 30]);
  });

  it('keeps the jitter within 20% below the step and never above the cap', () => {
    const samples = [0, 0.1, 0.37, 0.5, 0.81, 0.999999];
    for (let failures = 1; failures <= 10; failures++) {
      const step = Math.min(BACKOFF_CAP_MS, MIN * 2 ** (failures - 1));
      const delays = samples.map((r) => backoffDelay(failures, () => r));
      for (const delay of delays) {
        expect(delay).toBeGreaterThanOrEqual(step * 0.8);
        expect(delay).toBeLessThanOrEqual(step);
      }
      // Different draws give different waits, so accounts that failed together spread out.
      expect(new Set(delays).size).toBeGreaterThan(1);
    }
  });

  it('retries a failing account at 1, 2, 4 … minutes, then every 30, publishing the count', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const fake = createFakeHost(clock, [account('a', start - 55 * MIN, HOUR)]);
    fake.respond = () => ({ ok: false, expiresAt: null, error: networkDown });
    scheduler = createScheduler({ host: fake.host, clock, random: () => 0 });
    scheduler.start();
    await clock.advance(0);
    expect(fake.refreshes).toHaveLength(1);
    expect(scheduler.status('a')).toEqual({ nextAt: clock.now() + MIN, failures: 1, blockedReason: null });

    await clock.advance(3 * HOUR);
    const gaps = fake.refreshes.slice(1).map((r, i) => (r.at - (fake.refreshes[i]?.at ?? 0)) / MIN);
    expect(gaps.slice(0, 8)).toEqual([1, 2, 4, 8, 16, 30, 30, 30]);
    expect(scheduler.status('a')?.failures).toBe(fake.refreshes.length);
  });

  it('starts afresh after a success: the next failure waits 1 minute again', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now() - 55 * MIN, HOUR)]);
    const renew = fake.respond;
    let failuresLeft = 3;
    fake.respond = (a) => (failuresLeft-- > 0 ? { ok: false, expiresAt: null, error: networkDown } : renew(a));
    scheduler = createScheduler({ host: fake.host, clock, random: () => 0 });
    scheduler.start();
    await clock.advance(10 * MIN);
    expect(fake.refreshes).toHaveLength(4);
    expect(scheduler.status('a')?.failures).toBe(0);
    failuresLeft = 1;
    await clock.advance(HOUR);
    const last = fake.refreshes.slice(-2);
    expect(((last[1]?.at ?? 0) - (last[0]?.at ?? 0)) / MIN).toBe(1);
  });
});

describe('errors that need the user', () => {
  it('stop auto-refresh for that account and publish why', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now() - 55 * MIN, HOUR), account('b', clock.now() - 55 * MIN, HOUR)]);
    const renew = fake.respond;
    fake.respond = (a) => (a.id === 'a' ? { ok: false, expiresAt: null, error: codeExpired } : renew(a));
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    await clock.advance(3 * HOUR);
    expect(fake.countFor('a')).toBe(1);
    expect(fake.countFor('b')).toBeGreaterThan(1);
    expect(scheduler.status('a')).toEqual({ nextAt: null, failures: 1, blockedReason: codeExpired.message });
    expect(fake.published.get('a')?.blockedReason).toBe(codeExpired.message);
  });

  it('resume once the user changes the account', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now() - 55 * MIN, HOUR, { revision: 1 })]);
    const renew = fake.respond;
    fake.respond = () => ({ ok: false, expiresAt: null, error: codeExpired });
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    await clock.advance(HOUR);
    expect(fake.countFor('a')).toBe(1);

    // The user pastes a new code: the account's revision changes.
    fake.respond = renew;
    const current = fake.accounts.get('a');
    if (current) fake.accounts.set('a', { ...current, revision: 2 });
    scheduler.replan();
    await clock.advance(0);
    expect(fake.countFor('a')).toBe(2);
    expect(scheduler.status('a')).toMatchObject({ failures: 0, blockedReason: null });
  });

  it('resume when a manual refresh brings a new expiry', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now() - 55 * MIN, HOUR)]);
    fake.respond = () => ({ ok: false, expiresAt: null, error: codeExpired });
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    await clock.advance(MIN);
    fake.accounts.set('a', account('a', clock.now(), HOUR));
    scheduler.replan();
    await clock.advance(0);
    expect(scheduler.status('a')).toEqual({ nextAt: clock.now() + 54 * MIN, failures: 0, blockedReason: null });
  });

  it('do not count a locked vault as a failure, and retry on resume', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now() - 55 * MIN, HOUR)]);
    const renew = fake.respond;
    fake.respond = () => ({ ok: false, expiresAt: null, error: { code: 'locked', message: 'TokenDesk is locked. Unlock it to continue.' } });
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    await clock.advance(0);
    scheduler.pause();
    expect(scheduler.status('a')?.failures).toBe(0);
    fake.respond = renew;
    await clock.advance(10 * MIN);
    expect(fake.countFor('a')).toBe(1);
    scheduler.resume();
    await clock.advance(0);
    expect(fake.countFor('a')).toBe(2);
    expect(scheduler.status('a')?.nextAt).toBe(clock.now() + 54 * MIN);
  });
});
