import type { TokenDeskError } from '../errors';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: every change marks the state dirty and waits for the next write; changes that arrive
 * before that write starts share it. The first change schedules the write on setImmediate, or right
 * after the write in progress. `write` snapshots memory when it is called, so memory stays the truth:
 * after a failed write the state stays dirty and the next write (or flush) carries the changes again.
 */
export class GroupCommit {
  private waiters: Waiter[] = [];
  /** Waiters of the write in progress, or null when none is. */
  private writing: Waiter[] | null = null;
  private dirty = false;
  private scheduled = false;

  constructor(
    private readonly write: () => Promise<void>,
    private readonly toError: (error: unknown) => TokenDeskError,
  ) {}

  /** Records a change; resolves once a write that includes it is on disk. */
  commit(): Promise<void> {
    this.dirty = true;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.schedule();
    return done;
  }

  /** Resolves when everything changed so far is on disk; retries a write that failed. */
  flush(): Promise<void> {
    if (this.dirty) return this.commit();
    const writing = this.writing;
    if (!writing) return Promise.resolve();
    // Nothing new since the write in progress started: that write covers everything so far.
    return new Promise<void>((resolve, reject) => writing.push({ resolve, reject }));
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    const batch = this.waiters;
    this.writing = batch;
    this.waiters = [];
    this.dirty = false;
    let failure: TokenDeskError | null = null;
    try {
      await this.write();
    } catch (error) {
      failure = this.toError(error);
      this.dirty = true; // memory still holds the changes: the next write carries them again
    }
    this.writing = null;
    if (this.waiters.length > 0) this.schedule();
    for (const waiter of batch) {
      if (failure) waiter.reject(failure);
      else waiter.resolve();
    }
  }
}
