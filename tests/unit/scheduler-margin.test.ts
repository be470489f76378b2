import { afterEach, describe, expect, it } from 'vitest';
import { refreshMargin } from '../../shared/refresh-margin';
import { createScheduler } from '../../electron/core/scheduler/scheduler';
import type { Scheduler } from '../../electron/core/scheduler/types';
import { FakeClock } from './helpers/fake-clock';
import { account, createFakeHost } from './helpers/scheduler-host';

const MIN = 60_000;
const HOUR = 60 * MIN;
const margins = { percent: 10, minMs: MIN, maxMs: 10 * MIN };

let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

describe('refresh margin', () => {
  it('takes 10% of a 2-hour lifetime (12 min) but caps it at 10 minutes', () => {
    expect(refreshMargin(2 * HOUR, margins)).toBe(10 * MIN);
  });

  it('floors 10% of a 5-minute lifetime (30 s) to 1 minute', () => {
    expect(refreshMargin(5 * MIN, margins)).toBe(MIN);
  });

  it('uses the plain share between the bounds: 10% of 50 minutes is 5 minutes', () => {
    expect(refreshMargin(50 * MIN, margins)).toBe(5 * MIN);
  });

  it('never takes more than half the lifetime, so a 90-second token is not renewed on arrival', () => {
    expect(refreshMargin(90_000, margins)).toBe(45_000);
  });

  it('follows the settings: 20% of 30 minutes with a 2-minute floor is 6 minutes', () => {
    expect(refreshMargin(30 * MIN, { percent: 20, minMs: 2 * MIN, maxMs: 30 * MIN })).toBe(6 * MIN);
  });
});

describe('scheduler timing', () => {
  it('renews a 2-hour token 10 minutes before expiry, not earlier', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now(), 2 * HOUR)]);
    const expiresAt = clock.now() + 2 * HOUR;
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    expect(scheduler.status('a')).toEqual({ nextAt: expiresAt - 10 * MIN, failures: 0, blockedReason: null });

    await clock.advance(110 * MIN - 1_000);
    expect(fake.refreshes).toHaveLength(0);
    await clock.advance(1_000);
    expect(fake.refreshes).toEqual([{ id: 'a', at: expiresAt - 10 * MIN }]);
    // The renewed token is planned again from its new expiry.
    expect(fake.published.get('a')?.nextAt).toBe(clock.now() + 110 * MIN);
  });

  it('renews a 5-minute token 1 minute before expiry, again and again', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const fake = createFakeHost(clock, [account('a', start, 5 * MIN)]);
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    await clock.advance(13 * MIN);
    expect(fake.refreshes.map((r) => r.at - start)).toEqual([4 * MIN, 8 * MIN, 12 * MIN]);
  });

  it('estimates the lifetime from when it first saw the expiry when the issue time is unknown', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now(), 5 * MIN, { issuedAt: null })]);
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    expect(scheduler.status('a')?.nextAt).toBe(clock.now() + 4 * MIN);
  });

  it('never refreshes an account with auto-refresh off, without a token, or without a known expiry', async () => {
    const clock = new FakeClock();
    const now = clock.now();
    const fake = createFakeHost(clock, [
      account('off', now, 5 * MIN, { autoRefresh: false }),
      account('no-token', now, 5 * MIN, { hasToken: false }),
      { ...account('no-expiry', now, 5 * MIN), expiresAt: null },
    ]);
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    await clock.advance(2 * HOUR);
    expect(fake.refreshes).toHaveLength(0);
    expect(clock.pending()).toBe(0);
    expect(scheduler.status('off')).toBeNull();
  });

  it('stops planning an account when the user turns auto-refresh off', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now(), 5 * MIN)]);
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    fake.accounts.set('a', { ...account('a', clock.now(), 5 * MIN), autoRefresh: false });
    scheduler.replan();
    await clock.advance(HOUR);
    expect(fake.refreshes).toHaveLength(0);
    expect(fake.published.get('a')).toBeNull();
  });

  it('re-plans with new margin settings', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now(), 2 * HOUR)]);
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    fake.margins = { percent: 10, minMs: MIN, maxMs: 30 * MIN };
    scheduler.replan();
    await clock.advance(0);
    expect(scheduler.status('a')?.nextAt).toBe(clock.now() + 2 * HOUR - 12 * MIN);
  });
});
