import { afterEach, describe, expect, it } from 'vitest';
import { createScheduler } from '../../electron/core/scheduler/scheduler';
import type { Scheduler } from '../../electron/core/scheduler/types';
import { FakeClock } from './helpers/fake-clock';
import { account, createFakeHost } from './helpers/scheduler-host';

const MIN = 60_000;
const HOUR = 60 * MIN;

let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
});

/** Ten accounts whose tokens expire between 1 and 3 hours from now. */
function tenAccounts(clock: FakeClock) {
  const now = clock.now();
  return Array.from({ length: 10 }, (_, i) => account(`acc-${i}`, now, HOUR + i * 12 * MIN));
}

describe('sleep, resume and clock jumps', () => {
  it('after a long sleep refreshes what expired meanwhile exactly once, on resume', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, tenAccounts(clock));
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();

    clock.jump(4 * HOUR); // the laptop slept: no timer fired
    scheduler.replan(); // powerMonitor 'resume'
    await clock.advance(0);
    await scheduler.idle();
    expect(fake.refreshes).toHaveLength(10);
    for (let i = 0; i < 10; i++) expect(fake.countFor(`acc-${i}`)).toBe(1);

    await clock.advance(50 * MIN);
    expect(fake.refreshes).toHaveLength(10);
  });

  it('notices a sleep nobody reported when its timer wakes late, and catches up once', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, tenAccounts(clock));
    const lines: string[] = [];
    scheduler = createScheduler({ host: fake.host, clock, log: (message) => lines.push(message) });
    scheduler.start();

    await clock.advance(MIN);
    clock.jump(5 * HOUR);
    await clock.advance(5 * MIN);
    await scheduler.idle();
    expect(lines.some((line) => line.includes('sleep or clock change'))).toBe(true);
    expect(fake.refreshes).toHaveLength(10);
    expect(new Set(fake.refreshes.map((r) => r.id)).size).toBe(10);
  });

  it('does not refresh early when the clock is set back', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now(), HOUR)]);
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    const nextAt = scheduler.status('a')?.nextAt;
    clock.jump(-2 * HOUR);
    scheduler.replan();
    await clock.advance(HOUR);
    expect(fake.refreshes).toHaveLength(0);
    expect(scheduler.status('a')?.nextAt).toBe(nextAt);
  });

  it('while paused (locked) refreshes nothing and keeps no timer; resume catches up once', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, tenAccounts(clock));
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    scheduler.pause();
    expect(clock.pending()).toBe(0);
    scheduler.replan();
    await clock.advance(4 * HOUR);
    expect(fake.refreshes).toHaveLength(0);

    scheduler.resume();
    await clock.advance(0);
    await scheduler.idle();
    expect(fake.refreshes).toHaveLength(10);
    expect(new Set(fake.refreshes.map((r) => r.id)).size).toBe(10);
    expect(clock.pending()).toBe(1);
  });

  it('stop() waits for the refresh in flight, so its result is kept', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, [account('a', clock.now() - 55 * MIN, HOUR)]);
    let release: () => void = () => undefined;
    const renew = fake.respond;
    fake.respond = (a) => new Promise((resolve) => (release = () => resolve(renew(a))));
    const local = createScheduler({ host: fake.host, clock });
    local.start();
    await clock.advance(0);
    let stopped = false;
    const stopping = local.stop().then(() => (stopped = true));
    await clock.advance(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(fake.published.get('a')?.failures).toBe(0);
    expect(fake.accounts.get('a')?.expiresAt).toBe(clock.now() + HOUR);
    expect(clock.pending()).toBe(0);
  });
});
