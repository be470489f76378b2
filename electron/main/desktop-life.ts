import { app, Notification, type BrowserWindow, type Event as ElectronEvent } from 'electron';
import type { EventPayload } from '../../shared/ipc-contract';
import { closeAction } from './policies/close-to-tray';
import { decideNotifications, type NotificationMemory } from './policies/notifications';
import { trayMenuModel, trayTooltip, type TrayAction } from './policies/tray-menu';
import { toErrorInfo } from '../core';
import type { Scheduler, TokenDeskCore } from '../core';
import { uiLanguage } from './language';
import { startDesktopLock } from './lock';
import { createDesktopNotifier } from './notifications';
import { createDesktopTray } from './tray';
import type { TrayPresence } from './tray-presence';

/** Countdowns in the tray and expiry notices are re-evaluated this often. Open menus do not update on
 * most platforms anyway, and Linux indicators pay a D-Bus round trip per rebuild. */
const TICK_MS = 5_000;
/** Account changes arriving within this window are looked at together. */
const BURST_MS = 250;

/** Options of startDesktopLife. */
export interface DesktopLifeOptions {
  core: TokenDeskCore;
  /** Created with createScheduler({ host: createCoreSchedulerHost(core, ...), clock: systemClock }). */
  scheduler: Scheduler;
  getWindow: () => BrowserWindow | null;
  /** Shows the main window, creating it when there is none (macOS after a close); default: show getWindow(). */
  showWindow?: () => void;
  /** The tray icon file; default a built-in one. */
  trayIcon?: string;
  /** Whether the tray icon is shown (Linux: only with a StatusNotifierWatcher, or a non-GNOME X11 tray); default: yes. */
  trayPresence?: TrayPresence;
  /** Also tells the window (the `app:notified` event, as keys it translates) what a native notification says. */
  toast?: (payload: EventPayload<'app:notified'>) => void;
  log?: (message: string) => void;
}

/**
 * Starts TokenDesk's life on the desktop: the auto-refresh scheduler (paused while locked), the tray,
 * native notifications, idle/screen/suspend locking and close-to-tray. Returns the disposer, which
 * resolves once refreshes in flight have settled.
 */
export function startDesktopLife(options: DesktopLifeOptions): () => Promise<void> {
  const { core, scheduler, getWindow, toast } = options;
  const log = options.log ?? ((message: string) => console.warn(`[desktop] ${message}`));
  const unlocked = (): boolean => core.status().state === 'unlocked';
  const language = () => uiLanguage(core.settings());
  const showWindow =
    options.showWindow ??
    (() => {
      const win = getWindow();
      if (!win) return;
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    });
  const trayShown = (): boolean => options.trayPresence?.shown() ?? true;
  let memory: NotificationMemory = new Map();
  let quitting = false;

  const power = startDesktopLock(core, scheduler);
  const notifier = createDesktopNotifier({
    Notification,
    onClick: () => showWindow(),
    // Said once: from now on the window's toasts are the only notices.
    onUnavailable: (reason) => {
      log(`native notifications are not available: ${reason}`);
      toast?.({ level: 'error', message: { key: 'desktop.notice.notificationsUnavailable' } });
    },
  });
  const onAction = (action: TrayAction): void => {
    if (action === 'show') showWindow();
    else if (action === 'quit') app.quit();
    else core.refreshAll({ trigger: 'manual' }).catch((error: unknown) => log(`refresh all: ${toErrorInfo(error).message}`));
  };
  const tray = createDesktopTray({ onAction, onAccount: () => showWindow() }, options.trayIcon);

  function updateTray(): void {
    const now = Date.now();
    const views = unlocked() ? core.list() : [];
    tray.update(trayMenuModel(views, now, language(), { locked: !unlocked() }), trayTooltip(views, now, language()));
  }

  function notify(): void {
    if (!unlocked()) return;
    const decision = decideNotifications(memory, core.list(), core.settings(), Date.now(), language());
    memory = decision.memory;
    for (const notification of decision.notifications) {
      notifier.show(notification);
      toast?.(notification.notice);
    }
  }

  // The scheduler publishes one change per account; look at the whole list once per burst.
  let pending: NodeJS.Timeout | null = null;
  const soon = (): void => {
    pending ??= setTimeout(() => {
      pending = null;
      notify();
      updateTray();
    }, BURST_MS);
  };

  const unsubscribe = [
    core.on('accounts:changed', () => {
      scheduler.replan();
      soon();
    }),
    core.on('settings:changed', () => {
      scheduler.replan();
      power.idleLock.settingsChanged();
      updateTray();
    }),
    core.on('vault:changed', (status) => {
      if (status.state === 'unlocked') {
        scheduler.resume();
        power.idleLock.unlocked();
      } else {
        scheduler.pause();
        power.idleLock.locked();
      }
      updateTray();
    }),
  ];

  // Closing the window may only hide it (keepsRunningInTray); quitting from anywhere really closes.
  const guarded = new WeakSet<BrowserWindow>();
  const guardClose = (win: BrowserWindow): void => {
    if (guarded.has(win)) return;
    guarded.add(win);
    win.on('close', (event: ElectronEvent) => {
      if (quitting) return;
      const action = closeAction(core.settings().closeToTray, process.platform, trayShown());
      if (action === 'close') return;
      event.preventDefault();
      if (action === 'hide') win.hide();
      else win.minimize();
    });
  };
  const onWindowCreated = (_event: ElectronEvent, win: BrowserWindow): void => guardClose(win);
  const onBeforeQuit = (): void => {
    quitting = true;
  };
  const onFocus = (): void => {
    power.idleLock.focusChanged(true);
    void options.trayPresence?.refresh();
  };
  const onBlur = (): void => power.idleLock.focusChanged(false);
  app.on('browser-window-created', onWindowCreated);
  app.on('before-quit', onBeforeQuit);
  app.on('browser-window-focus', onFocus);
  app.on('browser-window-blur', onBlur);
  const current = getWindow();
  if (current) guardClose(current);

  if (!unlocked()) scheduler.pause();
  scheduler.start();
  updateTray();
  notify();
  const ticker = setInterval(() => {
    updateTray();
    notify();
  }, TICK_MS);

  return async () => {
    // Stopped means the app is going away (quit or session end): closing a window must close it now.
    quitting = true;
    clearInterval(ticker);
    if (pending) clearTimeout(pending);
    for (const off of unsubscribe) off();
    app.off('browser-window-created', onWindowCreated);
    app.off('before-quit', onBeforeQuit);
    app.off('browser-window-focus', onFocus);
    app.off('browser-window-blur', onBlur);
    power.dispose();
    notifier.dispose();
    tray.dispose();
    await scheduler.stop();
  };
}
