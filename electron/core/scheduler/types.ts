import type { ErrorInfo } from '../../../shared/errors';
import type { Margins } from '../../../shared/refresh-margin';
import type { AutoRefreshState } from '../engine/types';
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
  /** Changes when a person changes the account: that clears a stop that needed the user, and the backoff. */
  revision?: string | number;
  /** Provider.renewBy: the account is due at the earlier of this and the token's renewal. */
  renewBy?: number | null;
}

export interface SchedulerRefreshResult {
  ok: boolean;
  expiresAt: number | null;
  error: ErrorInfo | null;
}

/** Published to the account views, as their auto-refresh state. */
export type SchedulerState = AutoRefreshState;

/** The narrow view of the engine the scheduler drives; `createCoreSchedulerHost` adapts TokenDeskCore. */
export interface SchedulerHost {
  accounts(): SchedulerAccount[];
  /** Refreshes one account; failures come back as values (it should not throw). */
  refresh(id: string): Promise<SchedulerRefreshResult>;
  /** Publishes the scheduler's state of one account; null when the scheduler plans nothing for it. */
  publish(id: string, state: SchedulerState | null): void;
  margins(): Margins;
}

/** One refresh the scheduler did, and the account's state after it (for `tokendesk watch`, logs). */
export interface SchedulerRefreshEvent {
  id: string;
  at: number;
  result: SchedulerRefreshResult;
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
  onRefreshed?: (event: SchedulerRefreshEvent) => void;
}

/** The auto-refresh scheduler: one timer for the next due account, a bounded queue of refreshes. */
export interface Scheduler {
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
