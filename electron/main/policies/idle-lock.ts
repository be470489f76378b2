import type { Clock } from '../../core';

/** Options of createIdleLock. */
export interface IdleLockOptions {
  clock: Clock;
  /** Idle time before locking, in ms; 0 = never (read again at every check, so settings apply at once). */
  idleMs: () => number;
  /** Locks the vault (drops the data key, pauses the scheduler, shows the unlock screen). */
  lock: () => void;
  /** Locking only makes sense with a passphrase: the OS slot would unlock silently again. */
  hasPassphrase: () => boolean;
  /**
   * How long the whole system has been idle, in ms (Electron powerMonitor); without it, app activity
   * counts. Where the system cannot tell (Wayland compositors without the idle protocol) it stays at 0:
   * until it has once read above 0 it is taken as unknown, and window focus decides instead.
   */
  systemIdleMs?: () => number;
}

/** How often the system idle time is sampled until it has shown that it moves. */
export const IDLE_SAMPLE_MS = 10_000;

/** Locks the vault after idle time, on screen lock and on suspend. */
export interface IdleLock {
  /** The user did something in TokenDesk. */
  activity(): void;
  /** A TokenDesk window got (true) or lost (false) the focus. */
  focusChanged(focused: boolean): void;
  /** Whether the system idle time has shown it works (read above 0 at least once). */
  systemIdleKnown(): boolean;
  /** The OS screen was locked. */
  screenLocked(): void;
  /** The system is going to sleep. */
  suspended(): void;
  /** The vault was locked by other means (the user's Lock button). */
  locked(): void;
  /** The vault was unlocked: start counting idle time again. */
  unlocked(): void;
  /** The idle setting or the passphrase changed. */
  settingsChanged(): void;
  dispose(): void;
}

/**
 * Creates the idle-lock policy. It keeps one timer for the moment the idle limit could be reached; when
 * it fires it asks how long the user has really been idle and either locks or waits the difference.
 */
export function createIdleLock(options: IdleLockOptions): IdleLock {
  const { clock, idleMs, lock, hasPassphrase, systemIdleMs } = options;
  let lastActivity = clock.now();
  let isLocked = false;
  let disposed = false;
  let timer: unknown = null;
  let focused = false;
  let systemKnown = false;
  let sampler: unknown = null;

  /** Reads the system idle time; null while it has never read above 0 (stuck: unknown). */
  const systemIdle = (): number | null => {
    if (!systemIdleMs) return null;
    const value = Math.max(0, systemIdleMs());
    if (value > 0) systemKnown = true;
    return systemKnown ? value : null;
  };

  const idleFor = (): number => {
    const inApp = Math.max(0, clock.now() - lastActivity);
    const system = systemIdle();
    if (system !== null) return Math.min(inApp, system);
    // Unknown system idle: a focused window counts as use; idle time runs from when it lost the focus.
    return focused ? 0 : inApp;
  };

  function sample(): void {
    sampler = null;
    if (disposed || !systemIdleMs) return;
    systemIdle();
    if (!systemKnown) sampler = clock.setTimeout(sample, IDLE_SAMPLE_MS);
  }

  function clear(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  function arm(): void {
    clear();
    const limit = idleMs();
    if (disposed || isLocked || limit <= 0 || !hasPassphrase()) return;
    timer = clock.setTimeout(check, Math.max(0, limit - idleFor()));
  }

  function check(): void {
    timer = null;
    const limit = idleMs();
    if (limit > 0 && hasPassphrase() && idleFor() >= limit) lockNow();
    else arm();
  }

  function lockNow(): void {
    if (disposed || isLocked || !hasPassphrase()) return;
    isLocked = true;
    clear();
    lock();
  }

  arm();
  sample();
  return {
    activity() {
      lastActivity = clock.now();
      if (!isLocked && timer === null) arm();
    },
    focusChanged(now) {
      focused = now;
      lastActivity = clock.now();
      if (!isLocked) arm();
    },
    systemIdleKnown: () => systemKnown,
    screenLocked: lockNow,
    suspended: lockNow,
    locked() {
      isLocked = true;
      clear();
    },
    unlocked() {
      isLocked = false;
      lastActivity = clock.now();
      arm();
    },
    settingsChanged: arm,
    dispose() {
      disposed = true;
      clear();
      if (sampler !== null) clock.clearTimeout(sampler);
      sampler = null;
    },
  };
}
