import type {
  SchedulerAccount,
  SchedulerHost,
  SchedulerRefreshResult,
  SchedulerState,
} from '../../../electron/core/scheduler/types';
import type { Margins } from '../../../shared/refresh-margin';
import type { FakeClock } from './fake-clock';

/** Answers one refresh; the default renews the token for the account's own lifetime. */
export type Responder = (account: SchedulerAccount) => SchedulerRefreshResult | Promise<SchedulerRefreshResult>;

/** An in-memory engine behind the scheduler's host interface, recording what the scheduler does. */
export interface FakeHost {
  host: SchedulerHost;
  accounts: Map<string, SchedulerAccount>;
  /** Every refresh started, in order. */
  refreshes: Array<{ id: string; at: number }>;
  published: Map<string, SchedulerState | null>;
  maxInFlight: number;
  respond: Responder;
  margins: Margins;
  countFor(id: string): number;
}

/** A new account whose token was issued at `issuedAt` and lives `lifetimeMs`. */
export function account(id: string, issuedAt: number, lifetimeMs: number, extra: Partial<SchedulerAccount> = {}): SchedulerAccount {
  return { id, issuedAt, expiresAt: issuedAt + lifetimeMs, autoRefresh: true, hasToken: true, ...extra };
}

/** Creates a fake host over `list`. */
export function createFakeHost(clock: FakeClock, list: SchedulerAccount[]): FakeHost {
  let inFlight = 0;
  const fake: FakeHost = {
    accounts: new Map(list.map((a) => [a.id, a])),
    refreshes: [],
    published: new Map(),
    maxInFlight: 0,
    margins: { percent: 10, minMs: 60_000, maxMs: 600_000 },
    respond: (a) => {
      const now = clock.now();
      const lifetime = (a.expiresAt ?? now) - (a.issuedAt ?? now);
      const renewed = { ...a, issuedAt: now, expiresAt: now + lifetime };
      fake.accounts.set(a.id, renewed);
      return { ok: true, expiresAt: renewed.expiresAt, error: null };
    },
    countFor: (id) => fake.refreshes.filter((r) => r.id === id).length,
    host: {
      accounts: () => [...fake.accounts.values()],
      async refresh(id) {
        fake.refreshes.push({ id, at: clock.now() });
        inFlight += 1;
        fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
        try {
          // A real exchange takes a few turns of the event loop.
          await new Promise<void>((resolve) => setImmediate(resolve));
          const current = fake.accounts.get(id);
          if (!current) return { ok: false, expiresAt: null, error: { code: 'not_found', message: 'The account is gone.' } };
          return await fake.respond(current);
        } finally {
          inFlight -= 1;
        }
      },
      publish: (id, state) => {
        fake.published.set(id, state);
      },
      margins: () => fake.margins,
    },
  };
  return fake;
}
