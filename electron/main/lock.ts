import { powerMonitor } from 'electron';
import { watchLinuxSessionLock } from './linux-session-lock';
import { createIdleLock, type IdleLock } from './policies/idle-lock';
import { systemClock } from '../core';
import type { Scheduler, TokenDeskCore } from '../core';

/** The idle lock and the power events, wired to Electron's powerMonitor. */
export interface DesktopLock {
  idleLock: IdleLock;
  dispose(): void;
}

/**
 * Locks the vault after the idle time in the settings, on screen lock (Linux: the session's D-Bus lock
 * signals) and on suspend (only with a passphrase), and re-plans the scheduler after a resume.
 */
export function startDesktopLock(core: TokenDeskCore, scheduler: Scheduler, platform: NodeJS.Platform = process.platform): DesktopLock {
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
  // 'lock-screen' is macOS and Windows only: on Linux the session's D-Bus signals tell.
  const stopLinux = platform === 'linux' ? watchLinuxSessionLock({ onEvent: (event) => event === 'locked' && onLockScreen() }) : () => {};
  return {
    idleLock,
    dispose() {
      stopLinux();
      powerMonitor.off('lock-screen', onLockScreen);
      powerMonitor.off('suspend', onSuspend);
      powerMonitor.off('resume', onResume);
      idleLock.dispose();
    },
  };
}
