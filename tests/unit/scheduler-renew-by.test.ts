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

describe('a second deadline behind the token (renewBy)', () => {
  it('makes the account due at the earlier of the token renewal and renewBy', async () => {
    const clock = new FakeClock();
    const now = clock.now();
    const fake = createFakeHost(clock, [
      account('session-first', now, 2 * HOUR, { renewBy: now + 30 * MIN }),
      account('ticket-first', now, 2 * HOUR, { renewBy: now + 5 * HOUR }),
    ]);
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    expect(scheduler.status('session-first')?.nextAt).toBe(now + 30 * MIN);
    expect(scheduler.status('ticket-first')?.nextAt).toBe(now + 2 * HOUR - 10 * MIN);
    await clock.advance(30 * MIN);
    expect(fake.refreshes).toEqual([{ id: 'session-first', at: now + 30 * MIN }]);
  });

  it('plans an account without a token expiry by renewBy alone', () => {
    const clock = new FakeClock();
    const now = clock.now();
    const fake = createFakeHost(clock, [account('a', now, 0, { expiresAt: null, renewBy: now + HOUR })]);
    scheduler = createScheduler({ host: fake.host, clock });
    scheduler.start();
    expect(scheduler.status('a')?.nextAt).toBe(now + HOUR);
  });
});
