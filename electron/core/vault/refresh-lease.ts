import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenDeskError } from '../errors';
import { readDataFile, replaceDataFile } from '../data-files';
import { VaultLock } from './file-lock';
import { processIsAlive, sameStamp, stampOf, statStamp, tempPath, vaultFiles, type FileStamp } from './file-store';

/**
 * Per-account refresh leases shared by every TokenDesk process on one data folder (the app, `tokendesk
 * watch`, a one-shot `tokendesk refresh`). Providers such as SUD rotate the token on each refresh, so
 * two processes refreshing the same account at once would rotate each other's token away. Whoever takes
 * an account's lease refreshes it; the others wait for the lease to go and read the result from the vault.
 *
 * Leases live in `refresh-leases.json` beside vault.json and change only under the vault's own write
 * lock (file-lock.ts), so taking one is atomic across processes. A lease names its holder and ends on its
 * own at `until`, or as soon as its holder's process is gone (same host), so a killed process frees it.
 * Nothing secret is in the file. It is not fsynced: after a power loss every lease is stale anyway.
 *
 * The file is data anyone who can write the folder may have forged: a lease never counts for longer than
 * its TTL (one whose end lies further ahead is no lease), every wait for one has a deadline, and the table
 * is a Map (an account id such as `constructor` or `__proto__` is a key like any other).
 */

interface Lease {
  /** This process's random id: pids are reused. */
  holder: string;
  pid: number;
  host: string;
  /** Epoch ms after which the lease no longer counts. */
  until: number;
}

type LeaseTable = Map<string, Lease>;

/**
 * What trying to take a lease found. `peerBefore`: another process held this account's lease since the
 * last time this one did (it may have refreshed the account: read the vault before using its token).
 */
export type LeaseAttempt = { won: true; peerBefore: boolean } | { won: false; until: number };

/** Timings; tests shorten them. */
export interface LeaseTimings {
  /** How long a lease lasts without its holder releasing it: longer than any exchange (HTTP timeout × attempts). */
  ttlMs: number;
  /** How often a waiting process looks whether the lease is gone. */
  pollMs: number;
  /** How long a release may wait to share its write with others (a waiting process polls as often). */
  releaseDelayMs: number;
  /** How long one refresh may wait for other processes' leases in all before it gives up (`timeout`): more than a TTL. */
  waitMs: number;
}

export const DEFAULT_LEASE_TIMINGS: LeaseTimings = { ttlMs: 120_000, pollMs: 100, releaseDelayMs: 100, waitMs: 150_000 };

const LEASE_FILE = 'refresh-leases.json';
/** Identifies this process's leases (the same in every vault it opens). */
const PROCESS_HOLDER = randomBytes(9).toString('base64url');

function isLease(value: unknown): value is Lease {
  if (typeof value !== 'object' || value === null) return false;
  const { holder, pid, host, until } = value as Record<string, unknown>;
  return typeof holder === 'string' && Number.isSafeInteger(pid) && (pid as number) > 0 && typeof host === 'string' && typeof until === 'number';
}

/**
 * A lease that still counts: not expired, not ending further ahead than a lease can last (a forged or
 * corrupt end), and (on this host) its process still runs.
 */
function isLive(lease: Lease, now: number, ttlMs: number): boolean {
  if (lease.until <= now || lease.until - now > ttlMs) return false;
  if (lease.host === hostname() && lease.holder !== PROCESS_HOLDER && !processIsAlive(lease.pid)) return false;
  return true;
}

/** A request waiting for the next locked read-write of the lease file. */
interface Request {
  id: string;
  take: boolean;
  done: (attempt: LeaseAttempt) => void;
  fail: (error: unknown) => void;
}

/**
 * The refresh leases of one data folder. Requests that arrive together share one locked read-write;
 * releases wait up to `releaseDelayMs` to share theirs (a bulk refresh ends one account every few ms),
 * and a bulk refresh takes its accounts' leases ahead in one write (`prefetch`).
 */
export class RefreshLeases {
  private readonly path: string;
  private readonly lock: VaultLock;
  /** Leases this process holds, as far as it knows, with what taking them found. */
  private readonly held = new Map<string, { until: number; peerBefore: boolean }>();
  private queue: Request[] = [];
  private flushing: Promise<void> | null = null;
  private releaseTimer: NodeJS.Timeout | null = null;
  /**
   * The table as this process last wrote it, with the file's stamp then. The next locked read takes it
   * instead of reading and parsing the file again (a bulk refresh rewrites the whole table each time a
   * batch of leases is handed back), unless another process wrote since: then the stamp differs.
   */
  private written: { stamp: FileStamp; table: LeaseTable } | null = null;

  constructor(
    dir: string,
    private readonly now: () => number = Date.now,
    private readonly timings: LeaseTimings = DEFAULT_LEASE_TIMINGS,
  ) {
    this.path = join(dir, LEASE_FILE);
    this.lock = new VaultLock(vaultFiles(dir).lock, dir);
  }

  /** Takes the account's lease unless another live process holds it (a lease of ours is kept or renewed). */
  acquire(id: string): Promise<LeaseAttempt> {
    const mine = this.held.get(id);
    if (mine && mine.until - this.now() > this.timings.ttlMs / 2) {
      // Taken ahead by prefetch (released leases leave `held`, so this is never one being given back).
      const attempt: LeaseAttempt = { won: true, peerBefore: mine.peerBefore };
      mine.peerBefore = false;
      return Promise.resolve(attempt);
    }
    return this.enqueue(id, true);
  }

  /** Takes the leases of many accounts in one write (a bulk refresh about to run them). */
  async prefetch(ids: Iterable<string>): Promise<void> {
    const wanted = [...ids].filter((id) => !this.held.has(id));
    await Promise.all(wanted.map((id) => this.enqueue(id, true)));
  }

  /** Gives the lease back (only if it is still ours); written with the next batch. */
  async release(id: string): Promise<void> {
    if (!this.held.delete(id)) return;
    await this.enqueue(id, false);
  }

  /** Gives back every lease this process holds among `ids` (the rest of a bulk refresh). */
  async releaseAll(ids: Iterable<string>): Promise<void> {
    await Promise.all([...ids].map((id) => this.release(id)));
  }

  /** Writes queued releases now (closing). */
  async flushNow(): Promise<void> {
    // flush() cancels the release timer itself, before a timer could fire.
    while (this.flushing || this.queue.length > 0) {
      this.flushing ??= this.flush();
      await this.flushing;
    }
  }

  /** When a refresh starting now must stop waiting for other processes (see waitUntilFree). */
  waitDeadline(): number {
    return this.now() + this.timings.waitMs;
  }

  /**
   * Resolves once no live process holds the account's lease (released, expired, or its process gone);
   * `timeout`, naming the holder and the file, when that has not happened by `deadline`.
   */
  async waitUntilFree(id: string, deadline: number): Promise<void> {
    for (;;) {
      const lease = (await this.read()).get(id);
      const now = this.now();
      if (!lease || !isLive(lease, now, this.timings.ttlMs)) return;
      if (now >= deadline) throw this.stillHeld(lease);
      await sleep(Math.min(this.timings.pollMs, Math.max(1, deadline - now)));
    }
  }

  private stillHeld(lease: Lease): TokenDeskError {
    const seconds = Math.round(this.timings.waitMs / 1000);
    return new TokenDeskError(
      'timeout',
      `Another TokenDesk process (pid ${lease.pid} on ${lease.host}) kept this account reserved for a refresh for more than ${seconds} s (${this.path}). ` +
        `If no other TokenDesk (the app, tokendesk watch) is running, delete ${this.path} and try again; otherwise try again once it is done.`,
    );
  }

  /** A take is written at once; a release waits for company (scheduleRelease). */
  private enqueue(id: string, take: boolean): Promise<LeaseAttempt> {
    return new Promise((done, fail) => {
      this.queue.push({ id, take, done, fail });
      if (take) this.flushing ??= this.flush();
      else if (!this.flushing) this.scheduleRelease();
    });
  }

  /** Releases alone wait a little for company; the timer does not keep the process alive. */
  private scheduleRelease(): void {
    if (this.releaseTimer) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = null;
      this.flushing ??= this.flush();
    }, this.timings.releaseDelayMs);
    this.releaseTimer.unref();
  }

  /** One locked read-modify-write for every request queued meanwhile. */
  private async flush(): Promise<void> {
    // Let the requests of this tick join the batch.
    await Promise.resolve();
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    this.releaseTimer = null;
    const batch = this.queue;
    this.queue = [];
    try {
      const results = await this.lock.run(async () => {
        const table = await this.readLocked();
        const answers = batch.map((request) => this.apply(table, request));
        this.forgetOld(table);
        await this.write(table);
        return answers;
      });
      batch.forEach((request, index) => request.done(results[index] ?? { won: false, until: this.now() }));
    } catch (error) {
      for (const request of batch) {
        if (request.take) this.held.delete(request.id);
        request.fail(error);
      }
    } finally {
      this.flushing = null;
      if (this.queue.some((request) => request.take)) this.flushing = this.flush();
      else if (this.queue.length > 0) this.scheduleRelease();
    }
  }

  private apply(table: LeaseTable, { id, take }: Request): LeaseAttempt {
    const now = this.now();
    const lease = table.get(id);
    const ours = lease?.holder === PROCESS_HOLDER;
    if (!take) {
      // A released lease stays a while as the mark that this process refreshed the account.
      if (ours && lease.until > now) lease.until = now;
      return { won: true, peerBefore: false };
    }
    if (lease && !ours && isLive(lease, now, this.timings.ttlMs)) return { won: false, until: lease.until };
    const until = now + this.timings.ttlMs;
    const peerBefore = lease !== undefined && !ours;
    table.set(id, { holder: PROCESS_HOLDER, pid: process.pid, host: hostname(), until });
    this.held.set(id, { until, peerBefore });
    return { won: true, peerBefore };
  }

  /** Drops marks of leases that ended more than a lease's length ago. */
  private forgetOld(table: LeaseTable): void {
    const horizon = this.now() - this.timings.ttlMs;
    for (const [id, lease] of table) if (lease.until < horizon) table.delete(id);
  }

  /** The table for a read-modify-write under the lock (changed in place, so kept again only once written). */
  private async readLocked(): Promise<LeaseTable> {
    const last = this.written;
    this.written = null;
    if (last && sameStamp(await statStamp(this.path).catch(() => null), last.stamp)) return last.table;
    return this.read();
  }

  private async read(): Promise<LeaseTable> {
    const text = await readDataFile(this.path);
    if (text === null) return new Map();
    const table: LeaseTable = new Map();
    try {
      const raw: unknown = JSON.parse(text);
      // Own entries only (JSON.parse makes every key, `__proto__` included, an own property).
      if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
        for (const [id, lease] of Object.entries(raw)) if (isLease(lease)) table.set(id, lease);
      }
    } catch {
      // A damaged lease file holds no lease worth keeping: the next write replaces it.
    }
    return table;
  }

  private async write(table: LeaseTable): Promise<void> {
    // fromEntries defines each key as an own property, `__proto__` too, so every lease is written.
    const stats = await replaceDataFile(this.path, tempPath(this.path), JSON.stringify(Object.fromEntries(table)));
    this.written = { stamp: stampOf(stats), table };
  }
}
