import { powerMonitor } from 'electron';
import { createIdleLock, type IdleLock } from './policies/idle-lock';
import type { TokenDeskCore } from '../core/engine/types';
import { systemClock } from '../core/platform';
import type { Scheduler } from '../core/scheduler/types';

/** The idle lock and the power events, wired to Electron's powerMonitor. */
export interface DesktopLock {
  idleLock: IdleLock;
  dispose(): void;
}

/**
 * Locks the vault after the idle time in the settings, on screen lock and on suspend (only with a
 * passphrase), and re-plans the scheduler after a resume.
 */
export function startDesktopLock(core: TokenDeskCore, scheduler: Scheduler): DesktopLock {
  const idleLock = createIdleLock({
    clock: systemClock,
    idleMs: () => core.settings().lockIdleMin * 60_000,
    hasPassphrase: () => core.status().passphraseSet,
    systemIdleMs: () => powerMonitor.getSystemIdleTime() * 1000,
    // core.lock() emits vault:changed: the scheduler pauses and the window shows the unlock screen.
    lock: () => {
      if (core.status().state === 'unlocked') core.lock();
    },
  });
  const onLockScreen = (): void => idleLock.screenLocked();
  const onSuspend = (): void => idleLock.suspended();
  const onResume = (): void => scheduler.replan();
  powerMonitor.on('lock-screen', onLockScreen);
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);
  return {
    idleLock,
    dispose() {
      powerMonitor.off('lock-screen', onLockScreen);
      powerMonitor.off('suspend', onSuspend);
      powerMonitor.off('resume', onResume);
      idleLock.dispose();
    },
  };
}
