import { refreshMargin } from '../../../shared/refresh-margin';
import { toErrorInfo } from '../errors';
import { type Entry, MIN_REFRESH_GAP_MS, fingerprint, newEntry, recordResult, sameState } from './entry';
import type { Scheduler, SchedulerAccount, SchedulerOptions, SchedulerRefreshResult, SchedulerState } from './types';

/** A timer that fires this much later than planned means a sleep or a wall-clock jump. */
export const CLOCK_JUMP_TOLERANCE_MS = 60_000;
/** Longest single wait, so a clock change or a sleep the OS did not report is noticed. */
const MAX_WAIT_MS = 5 * 60_000;

/**
 * Creates the auto-refresh scheduler. It keeps ONE timer, armed for the earliest due account; when it
 * fires, every due account joins a FIFO queue drained `maxConcurrent` at a time. Plans are recomputed
 * from the accounts and the wall clock each time, so a sleep or clock jump is caught up by one pass.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { host, clock, log, onRefreshed } = options;
  const maxConcurrent = Math.max(1, options.maxConcurrent ?? 4);
  const random = options.random ?? Math.random;

  const entries = new Map<string, Entry>();
  const queue: string[] = [];
  const queued = new Set<string>();
  const inFlight = new Set<string>();
  const idleWaiters: Array<() => void> = [];
  let running = false;
  let paused = false;
  let planning = false;
  let planRequested = false;
  let deferredPlan = false;
  let timer: unknown = null;
  let timerPlannedAt = 0;

  const busy = (): boolean => queue.length > 0 || inFlight.size > 0;

  function publish(id: string, entry: Entry, state: SchedulerState | null): void {
    if (sameState(entry.published, state)) return;
    entry.published = state;
    host.publish(id, state);
  }

  function lifetimeOf(account: SchedulerAccount, entry: Entry, expiresAt: number, now: number): number | null {
    if (account.issuedAt !== null && account.issuedAt < expiresAt) return expiresAt - account.issuedAt;
    if (entry.observed?.expiresAt !== expiresAt) entry.observed = { expiresAt, at: now };
    const estimate = expiresAt - entry.observed.at;
    return estimate > 0 ? estimate : null;
  }

  /** The token's renewal time or the account's own deadline (`renewBy`), whichever comes first; a backoff wins over both. */
  function dueAt(account: SchedulerAccount, entry: Entry, now: number): number {
    const { expiresAt } = account;
    const tokenDue = expiresAt === null ? Infinity : expiresAt - refreshMargin(lifetimeOf(account, entry, expiresAt, now), host.margins());
    const planned = entry.retryAt ?? Math.min(tokenDue, account.renewBy ?? Infinity);
    return entry.lastAttemptAt === null ? planned : Math.max(planned, entry.lastAttemptAt + MIN_REFRESH_GAP_MS);
  }

  function plan(): void {
    if (!running || paused) return;
    planning = true;
    try {
      const now = clock.now();
      const accounts = host.accounts();
      const present = new Set<string>();
      let earliest: number | null = null;
      for (const account of accounts) {
        present.add(account.id);
        const entry = entryOf(account);
        if (!account.autoRefresh || !account.hasToken || (account.expiresAt === null && (account.renewBy ?? null) === null)) {
          unqueue(account.id);
          publish(account.id, entry, null);
          continue;
        }
        if (queued.has(account.id) || inFlight.has(account.id)) continue;
        if (entry.blockedReason !== null) {
          publish(account.id, entry, { nextAt: null, failures: entry.failures, blockedReason: entry.blockedReason });
          continue;
        }
        const due = dueAt(account, entry, now);
        if (due <= now) {
          queue.push(account.id);
          queued.add(account.id);
        } else if (earliest === null || due < earliest) {
          earliest = due;
        }
        publish(account.id, entry, { nextAt: due, failures: entry.failures, blockedReason: null });
      }
      forgetMissing(present);
      armTimer(earliest, now);
    } finally {
      planning = false;
    }
    pump();
  }

  function entryOf(account: SchedulerAccount): Entry {
    const print = fingerprint(account);
    let entry = entries.get(account.id);
    if (!entry) {
      entry = newEntry(print);
      entries.set(account.id, entry);
      return entry;
    }
    if (entry.seen !== null && entry.seen !== print && !inFlight.has(account.id)) {
      // Someone else changed the account (an edit, a manual refresh): start afresh.
      if (entry.blockedReason !== null) log?.('auto-refresh unblocked: the account changed', { id: account.id });
      entry.failures = 0;
      entry.retryAt = null;
      entry.retryAfterLock = false;
      entry.blockedReason = null;
    }
    entry.seen = print;
    return entry;
  }

  function forgetMissing(present: Set<string>): void {
    for (const id of entries.keys()) {
      if (present.has(id)) continue;
      entries.delete(id);
      unqueue(id);
    }
  }

  function unqueue(id: string): void {
    if (queued.delete(id)) queue.splice(queue.indexOf(id), 1);
  }

  /** Drops the timer and the queue; refreshes in flight finish. */
  function halt(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    queue.splice(0);
    queued.clear();
  }

  function idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      settle();
    });
  }

  function armTimer(at: number | null, now: number): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    if (at === null) return;
    const delay = Math.min(Math.max(0, at - now), MAX_WAIT_MS);
    timerPlannedAt = now + delay;
    timer = clock.setTimeout(onTimer, delay);
  }

  function onTimer(): void {
    timer = null;
    const late = clock.now() - timerPlannedAt;
    if (late > CLOCK_JUMP_TOLERANCE_MS) log?.('woke late: sleep or clock change, re-planning', { lateMs: late });
    plan();
  }

  function pump(): void {
    while (running && !paused && inFlight.size < maxConcurrent && queue.length > 0) {
      const id = queue.shift() as string;
      queued.delete(id);
      start(id);
    }
    settle();
  }

  function start(id: string): void {
    inFlight.add(id);
    const entry = entries.get(id);
    if (entry) entry.lastAttemptAt = clock.now();
    log?.('auto-refresh started', { id });
    Promise.resolve()
      .then(() => host.refresh(id))
      .catch((error: unknown): SchedulerRefreshResult => {
        log?.('auto-refresh threw instead of answering', { id, code: toErrorInfo(error).code });
        return { ok: false, expiresAt: null, error: toErrorInfo(error, clock.now()) };
      })
      .then((result) => complete(id, result));
  }

  function complete(id: string, result: SchedulerRefreshResult): void {
    inFlight.delete(id);
    // Arm the timer for this account's next turn once the batch is through.
    deferredPlan = true;
    const entry = entries.get(id);
    if (entry) {
      const state = recordResult(entry, result, clock.now(), random, host.margins());
      publish(id, entry, state);
      log?.(result.ok ? 'auto-refresh done' : 'auto-refresh failed', {
        id,
        ok: result.ok,
        code: result.error?.code ?? null,
        failures: state.failures,
        nextAt: state.nextAt,
      });
      report(id, result, state);
    }
    pump();
  }

  function report(id: string, result: SchedulerRefreshResult, state: SchedulerState): void {
    if (!onRefreshed) return;
    try {
      onRefreshed({ id, at: clock.now(), result, state });
    } catch (error) {
      log?.('onRefreshed listener threw', { id, code: toErrorInfo(error).code });
    }
  }

  function settle(): void {
    if (busy()) return;
    if (deferredPlan && running && !paused) {
      deferredPlan = false;
      plan();
      return;
    }
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function requestPlan(): void {
    // Our own publish() makes the engine emit accounts:changed, which lands here: ignore that echo.
    if (planning || !running) return;
    // During a batch every result triggers an event; plan once when the batch is done instead.
    if (busy()) {
      deferredPlan = true;
      return;
    }
    if (planRequested) return;
    planRequested = true;
    queueMicrotask(() => {
      planRequested = false;
      if (busy()) deferredPlan = true;
      else plan();
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      plan();
    },
    stop() {
      running = false;
      halt();
      deferredPlan = false;
      return idle();
    },
    pause() {
      paused = true;
      halt();
      settle();
    },
    resume() {
      if (!paused) return;
      paused = false;
      for (const entry of entries.values()) {
        if (entry.retryAfterLock) {
          entry.retryAt = null;
          entry.retryAfterLock = false;
          entry.lastAttemptAt = null;
        }
      }
      if (busy()) deferredPlan = true;
      else plan();
    },
    replan: requestPlan,
    status(id) {
      return entries.get(id)?.published ?? null;
    },
    idle,
  };
}
