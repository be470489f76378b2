import type { ErrorInfo } from '../../../shared/errors';
import type { Margins } from '../../../shared/refresh-margin';
import type { Clock } from '../platform';

/** What the scheduler needs to know of one account. */
export interface SchedulerAccount {
  id: string;
  expiresAt: number | null;
  issuedAt: number | null;
  /** The user's switch: false means the scheduler never touches the account. */
  autoRefresh: boolean;
  /** Without a token there is nothing to renew yet: the first exchange is the user's. */
  hasToken: boolean;
  /**
   * Changes whenever a person changes the account (an edit, a new code). A change clears a stop caused
   * by an error that needed the user, and resets the backoff. Optional: expiry changes count too.
   */
  revision?: string | number;
  /**
   * When a refresh must run whatever the token's expiry says (epoch ms): a second credential behind the
   * token ends then (OneAccess renews its session_token). The account is due at the earlier of the two.
   */
  renewBy?: number | null;
}

/** The outcome of one refresh, as the scheduler needs it. */
export interface SchedulerRefreshResult {
  ok: boolean;
  expiresAt: number | null;
  error: ErrorInfo | null;
}

/** The scheduler's per-account state as published to the account views. */
export interface SchedulerState {
  nextAt: number | null;
  failures: number;
  blockedReason: string | null;
}

export type { Margins } from '../../../shared/refresh-margin';

/** The narrow view of the engine the scheduler drives; `createCoreSchedulerHost` adapts TokenDeskCore. */
export interface SchedulerHost {
  accounts(): SchedulerAccount[];
  /** Refreshes one account; failures come back as values (it should not throw). */
  refresh(id: string): Promise<SchedulerRefreshResult>;
  /** Publishes the scheduler's state of one account; null when the scheduler plans nothing for it. */
  publish(id: string, state: SchedulerState | null): void;
  margins(): Margins;
}

/** One refresh the scheduler did, reported after its result is known (for `tokendesk watch`, logs). */
export interface SchedulerRefreshEvent {
  id: string;
  at: number;
  result: SchedulerRefreshResult;
  /** The account's state after this result. */
  state: SchedulerState;
}

/** A log line without secrets: ids, codes and times only. */
export type SchedulerLog = (message: string, fields?: Record<string, string | number | boolean | null>) => void;

/** Options of createScheduler. */
export interface SchedulerOptions {
  host: SchedulerHost;
  clock: Clock;
  /** Refreshes running at once; default 4. */
  maxConcurrent?: number;
  /** Source of jitter in [0, 1); default Math.random. */
  random?: () => number;
  log?: SchedulerLog;
  /** Called after every refresh the scheduler did. */
  onRefreshed?: (event: SchedulerRefreshEvent) => void;
  /**
   * Longest single wait; the scheduler wakes at least this often so a wall-clock change or a sleep the
   * OS did not report is noticed. Default 5 minutes.
   */
  maxWaitMs?: number;
}

/** The auto-refresh scheduler: one timer for the next due account, a bounded queue of refreshes. */
export interface Scheduler {
  /** Starts planning. */
  start(): void;
  /** Stops timers and the queue; resolves once the refreshes in flight have settled. */
  stop(): Promise<void>;
  /** Plans nothing and starts no refresh (vault locked); refreshes in flight finish. */
  pause(): void;
  /** Ends a pause and refreshes at once what fell due meanwhile. */
  resume(): void;
  /** Re-reads the accounts and re-plans: on account or settings changes, resume from sleep, clock jumps. */
  replan(): void;
  /** The state of one account as last published, or null when nothing is planned for it. */
  status(id: string): SchedulerState | null;
  /** Settles when nothing is queued or in flight (tests, `watch` shutdown). */
  idle(): Promise<void>;
}
