import type { RefreshResult } from '../../../shared/account';
import { toErrorInfo, TokenDeskError } from '../errors';
import type { RefreshLeases } from '../vault/refresh-lease';
import { mapWithConcurrency, settleWithin } from './concurrency';
import type { CoreNews } from './core-news';
import { isDue, noAccount } from './guards';
import { runRefresh, type RefreshDeps } from './refresh';
import { refreshAcrossProcesses } from './refresh-across-processes';
import type { SingleFlight } from './single-flight';
import type { RefreshTrigger } from './types';

/** How long close() waits for refreshes in flight before it closes the vault anyway. */
const CLOSE_WAIT_MS = 10_000;

/** The single-flight key of an account's refresh. */
const flightKey = (id: string): string => `refresh:${id}`;

/**
 * Refresh coordination: one refresh per account at a time in this process (the core's single-flight
 * map), one across processes (leases), many at once with a bound, and nothing left running at close.
 */
export class Refreshes {
  /** Bulk refreshes running, until their leases are handed back (close waits for them too). */
  private readonly bulk = new Set<Promise<unknown>>();

  constructor(
    private readonly run: RefreshDeps,
    private readonly leases: RefreshLeases,
    private readonly flights: SingleFlight,
    private readonly news: CoreNews,
    private readonly options: { concurrency: number; requireUnlocked(): void },
  ) {}

  isRunning(id: string): boolean {
    return this.flights.has(flightKey(id));
  }

  /** One account's refresh; a second caller joins the one in flight. `onExchanged` frees a bulk slot. */
  refresh(id: string, trigger: RefreshTrigger, onExchanged: () => void = () => undefined): Promise<RefreshResult> {
    const key = flightKey(id);
    if (this.flights.has(key)) return this.flights.run(key, () => this.refreshOnce(id, trigger, onExchanged));
    try {
      this.options.requireUnlocked();
      if (!this.run.vault.peekAccount(id)) throw noAccount(id);
    } catch (error) {
      return Promise.reject(error); // callers always get a promise, also for locked / not_found
    }
    const promise = this.flights.run(key, () => this.refreshOnce(id, trigger, onExchanged), () => this.news.announce(id));
    this.news.announce(id);
    return promise;
  }

  async refreshAll(options: { ids?: string[]; ifExpiringWithinMs?: number; trigger?: RefreshTrigger }): Promise<RefreshResult[]> {
    this.options.requireUnlocked();
    const { vault, clock } = this.run;
    const now = clock.now();
    const windowMs = options.ifExpiringWithinMs;
    // Read in place (no copies): a bulk refresh of every account starts at once.
    const ids = (options.ids ?? Array.from(vault.peek(), (account) => account.id)).filter((id) => {
      const account = vault.peekAccount(id);
      return windowMs === undefined || !account || isDue(account, now, windowMs);
    });
    // Every account's cross-process lease in one write, rather than one write per account. A failure
    // here is not the end: each refresh then takes its own lease and reports what stops it.
    await this.leases.prefetch(ids).catch(() => undefined);
    // The limit bounds exchanges in flight; a slot frees as soon as its exchange is over, so results
    // waiting for the disk share writes instead of holding the next exchanges back.
    const results = new Array<Promise<RefreshResult>>(ids.length);
    await mapWithConcurrency(ids, this.options.concurrency, (id, index) => {
      return new Promise<void>((slotFree) => {
        const result = this.refresh(id, options.trigger ?? 'manual', slotFree).catch(
          (error: unknown): RefreshResult => ({ id, ok: false, expiresAt: null, error: toErrorInfo(error, clock.now()) }),
        );
        results[index] = result;
        void result.then(() => slotFree());
      });
    });
    const settled = await Promise.all(results);
    // Leases taken ahead for accounts that did not run here (a refresh already in flight joined instead).
    // Not awaited by the caller; close() waits for it, so no lease write outlives a close.
    const released = this.leases.releaseAll(ids).catch(() => this.news.notice('Some accounts stay reserved for this TokenDesk for up to 2 minutes; other TokenDesk processes wait for them.'));
    this.bulk.add(released);
    void released.finally(() => this.bulk.delete(released));
    return settled;
  }

  /** Waits (within a deadline) for what is in flight, then hands every lease back. */
  async settle(): Promise<void> {
    await settleWithin(this.flights.all(), CLOSE_WAIT_MS, this.run.clock);
    // A bulk refresh whose last exchange just settled hands its leases back on the next turns.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.allSettled([...this.bulk]);
    await this.leases.flushNow().catch(() => this.news.notice('Refresh reservations could not be handed back; they expire on their own.'));
  }

  private async refreshOnce(id: string, trigger: RefreshTrigger, onExchanged: () => void): Promise<RefreshResult> {
    try {
      return await refreshAcrossProcesses(
        this.run.vault,
        this.leases,
        id,
        () => runRefresh(this.run, id, trigger, onExchanged),
        onExchanged,
        () => this.news.notice('A refresh could not hand back its lock on the account; other TokenDesk processes wait for it to expire (2 minutes).'),
      );
    } catch (error) {
      if (error instanceof TokenDeskError && (error.code === 'locked' || error.code === 'not_found')) throw error;
      return { id, ok: false, expiresAt: this.run.vault.get(id)?.expiresAt ?? null, error: toErrorInfo(error, this.run.clock.now()) };
    }
  }
}
