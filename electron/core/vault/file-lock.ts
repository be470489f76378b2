import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, unlinkSync, writeSync } from 'node:fs';
import { link, lstat, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { errnoCode, openDataFile, readDataFile } from '../data-files';
import { TokenDeskError } from '../errors';
import { processIsAlive } from './file-store';

/**
 * The cross-process write lock of a vault: `vault.lock`, created with O_EXCL, holding who took it.
 * Every process that rewrites vault.json (the app, the CLI) holds it from reading the file on disk to
 * renaming its new version into place, so no save is built on a version another process is replacing.
 */

/** How long to wait for the lock, and when a lock is abandoned whoever holds it. */
export interface LockTimings {
  waitMs: number;
  staleMs: number;
}

/** Defaults: a save holds the lock for milliseconds, so 10 s of waiting means something is wrong. */
export const DEFAULT_LOCK_TIMINGS: LockTimings = { waitMs: 10_000, staleMs: 30_000 };

/** A lock file still empty or unreadable this long after its creation was left by a process killed while writing it. */
const UNREADABLE_STALE_MS = 2_000;
const MAX_RETRY_MS = 50;

interface Holder {
  pid: number;
  host: string;
  at: number;
  nonce: string;
}

interface Seen {
  text: string;
  holder: Holder | null;
  ageMs: number;
}

/** Nonces of the locks this process holds (any vault instance), to tell our own leftovers from live locks. */
const heldHere = new Set<string>();
let asideSequence = 0;

function parseHolder(text: string): Holder | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { pid, host, at, nonce } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof host !== 'string' || typeof at !== 'number' || typeof nonce !== 'string') return null;
    return { pid, host, at, nonce };
  } catch {
    // Empty or half-written: the caller judges such a file by its age alone.
    return null;
  }
}

/** The text of a lock this process takes (parseHolder reads it back). */
function holderText(nonce: string): string {
  return JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), nonce });
}

function retryDelay(attempt: number): number {
  // Short at first (a save takes milliseconds), jittered so two waiters do not retry in step.
  return Math.min(2 * 2 ** attempt, MAX_RETRY_MS) * (0.5 + Math.random());
}

/** The vault's write lock; `run` is the only way in. */
export class VaultLock {
  constructor(
    private readonly path: string,
    private readonly dir: string,
    private readonly timings: LockTimings = DEFAULT_LOCK_TIMINGS,
  ) {}

  /**
   * Runs `action` holding the lock. `stillHeld` tells whether the lock is still ours (it can be taken
   * over only after `staleMs`), to be asked right before the rename that publishes a save.
   */
  async run<T>(action: (stillHeld: () => Promise<boolean>) => Promise<T>): Promise<T> {
    const nonce = await this.acquire();
    try {
      return await action(() => this.holds(nonce));
    } finally {
      await this.release(nonce);
    }
  }

  /**
   * Runs `action` holding the lock, synchronously, or returns null at once when anyone holds it (no wait,
   * no takeover: there is no time for either). Only for the last save before the process ends.
   */
  runNowSync<T>(action: () => T): T | null {
    let fd: number;
    try {
      fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') return null;
      throw error;
    }
    try {
      writeSync(fd, holderText(randomBytes(12).toString('hex')));
    } finally {
      closeSync(fd);
    }
    try {
      return action();
    } finally {
      // Nobody can have taken it over meanwhile: that needs staleMs, and this ran without a pause.
      unlinkSync(this.path);
    }
  }

  private async acquire(): Promise<string> {
    const nonce = randomBytes(12).toString('hex');
    const deadline = Date.now() + this.timings.waitMs;
    for (let attempt = 0; ; attempt += 1) {
      if (await this.tryCreate(nonce)) return nonce;
      const seen = await this.inspect();
      if (seen === null) continue; // released between our try and our look: try again at once
      if (this.isStale(seen)) {
        await this.takeOver(seen.text);
        continue;
      }
      if (Date.now() >= deadline) throw this.busy(seen.holder);
      await sleep(retryDelay(attempt));
    }
  }

  private async tryCreate(nonce: string): Promise<boolean> {
    let handle;
    try {
      handle = await openDataFile(this.path, 'create');
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') return false;
      throw error;
    }
    try {
      await handle.writeFile(holderText(nonce));
    } catch (error) {
      // A lock we cannot fill in would look abandoned to others only after a while: remove it now.
      await handle.close();
      await unlink(this.path);
      throw error;
    }
    await handle.close();
    heldHere.add(nonce);
    return true;
  }

  /** The lock file as it is now, or null when there is none. */
  private async inspect(): Promise<Seen | null> {
    try {
      // A link in place of the lock is refused (readDataFile), never read through.
      const text = await readDataFile(this.path);
      if (text === null) return null;
      const holder = parseHolder(text);
      const at = holder ? holder.at : (await lstat(this.path)).mtimeMs;
      return { text, holder, ageMs: Date.now() - at };
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw error;
    }
  }

  private isStale(seen: Seen): boolean {
    const { holder } = seen;
    if (!holder) return Math.abs(seen.ageMs) > UNREADABLE_STALE_MS;
    if (holder.host === hostname()) {
      // Our own pid with a nonce we do not hold: left by an earlier process with our pid, or by us.
      if (holder.pid === process.pid) return !heldHere.has(holder.nonce);
      if (!processIsAlive(holder.pid)) return true;
    }
    // A clock far in the future is as wrong as one far in the past.
    return Math.abs(seen.ageMs) > this.timings.staleMs;
  }

  /**
   * Removes an abandoned lock. It is renamed aside first (only one process can do that), then checked:
   * if what was moved is not the lock judged abandoned, a live lock replaced it meanwhile and it goes back.
   */
  private async takeOver(judged: string): Promise<void> {
    asideSequence += 1;
    const aside = `${this.path}.stale-${process.pid}-${asideSequence}`;
    try {
      await rename(this.path, aside);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return; // another waiter removed it first
      throw error;
    }
    try {
      if ((await readDataFile(aside)) !== judged) {
        await link(aside, this.path).catch((error: unknown) => {
          // EEXIST: a newer lock is in place already; its holder's check before renaming catches the loss.
          if (errnoCode(error) !== 'EEXIST') throw error;
        });
      }
    } finally {
      await unlink(aside);
    }
  }

  private async holds(nonce: string): Promise<boolean> {
    const text = await readDataFile(this.path);
    return text !== null && parseHolder(text)?.nonce === nonce;
  }

  private async release(nonce: string): Promise<void> {
    heldHere.delete(nonce);
    // Never remove a lock that is no longer ours (taken over after staleMs): it guards another save now.
    if (await this.holds(nonce)) {
      await unlink(this.path).catch((error: unknown) => {
        if (errnoCode(error) !== 'ENOENT') throw error;
      });
    }
  }

  private busy(holder: Holder | null): TokenDeskError {
    const who = holder ? `another TokenDesk process (pid ${holder.pid})` : 'another TokenDesk process';
    const seconds = Math.round(this.timings.waitMs / 1000);
    const staleSeconds = Math.round(this.timings.staleMs / 1000);
    return new TokenDeskError(
      'locked',
      `The vault in ${this.dir} is busy: ${who} is saving it and did not finish within ${seconds} s, so this change is not saved yet. Try again in a moment; a lock left by a TokenDesk that stopped is cleared after ${staleSeconds} s.`,
    );
  }
}
