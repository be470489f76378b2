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

function thousandAccounts(clock: FakeClock) {
  const issued = clock.now();
  return Array.from({ length: 1000 }, (_, i) => account(`acc-${i}`, issued, HOUR));
}

describe('many accounts due at once', () => {
  it('refreshes 1,000 accounts with the same expiry once each, never more than 4 at a time', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, thousandAccounts(clock));
    scheduler = createScheduler({ host: fake.host, clock, maxConcurrent: 4 });
    scheduler.start();
    await clock.advance(54 * MIN);
    await scheduler.idle();

    expect(fake.refreshes).toHaveLength(1000);
    expect(new Set(fake.refreshes.map((r) => r.id)).size).toBe(1000);
    expect(fake.maxInFlight).toBe(4);
    expect(clock.maxPending).toBe(1);
    // Every account is planned again for its new token.
    expect(scheduler.status('acc-999')?.nextAt).toBe(clock.now() + 54 * MIN);
  });

  it('honours a different limit', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, thousandAccounts(clock));
    scheduler = createScheduler({ host: fake.host, clock, maxConcurrent: 16 });
    scheduler.start();
    await clock.advance(54 * MIN);
    await scheduler.idle();
    expect(fake.refreshes).toHaveLength(1000);
    expect(fake.maxInFlight).toBeLessThanOrEqual(16);
    expect(fake.maxInFlight).toBeGreaterThan(4);
  });

  it('does not re-read every account after every result when the engine echoes each change', async () => {
    const clock = new FakeClock();
    const fake = createFakeHost(clock, thousandAccounts(clock));
    let reads = 0;
    const list = fake.host.accounts;
    const host = {
      ...fake.host,
      accounts: () => {
        reads += 1;
        return list();
      },
      // The real engine emits accounts:changed for each published state, and main calls replan().
      publish: (id: string, state: Parameters<typeof fake.host.publish>[1]) => {
        fake.host.publish(id, state);
        scheduler?.replan();
      },
    };
    scheduler = createScheduler({ host, clock, maxConcurrent: 4 });
    scheduler.start();
    await clock.advance(54 * MIN);
    await scheduler.idle();
    expect(fake.refreshes).toHaveLength(1000);
    expect(reads).toBeLessThan(20);
  });

  it('keeps a single timer however many accounts wait, at different times', async () => {
    const clock = new FakeClock();
    const issued = clock.now();
    const fake = createFakeHost(
      clock,
      Array.from({ length: 100 }, (_, i) => account(`acc-${i}`, issued, 10 * MIN + i * 7_000)),
    );
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    expect(clock.pending()).toBe(1);
    await clock.advance(40 * MIN);
    expect(clock.maxPending).toBe(1);
    expect(fake.refreshes.length).toBeGreaterThan(100);
  });
});
