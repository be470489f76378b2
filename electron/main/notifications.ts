import type { Notification as ElectronNotification, NotificationConstructorOptions } from 'electron';
import type { DesktopNotification } from './policies/notifications';

/** Electron's Notification class (injected, so tests pass the stand-in). */
export interface NotificationClass {
  new (options: NotificationConstructorOptions): ElectronNotification;
  isSupported(): boolean;
}

/** Options of createDesktopNotifier. */
export interface DesktopNotifierOptions {
  Notification: NotificationClass;
  /** A notification was clicked: show that account. */
  onClick: (accountId: string) => void;
  /**
   * The OS refused a notification (macOS: an unsigned build or notifications turned off; Windows: no
   * shortcut with our AppUserModelID). Called once, with the OS's reason; later ones are not attempted.
   */
  onUnavailable: (reason: string) => void;
  /** Where the notification server reads markup (Linux); default: this process's platform. */
  platform?: NodeJS.Platform;
}

/** Shows native notifications; clicking one calls `onClick` with its account. */
export interface DesktopNotifier {
  /** False when the OS has none, or refused one: the window's toasts are then the only notice. */
  readonly available: boolean;
  show(notification: Omit<DesktopNotification, 'notice'>): void;
  /** How many notifications are kept (shown and not yet closed). */
  live(): number;
  dispose(): void;
}

const MARKUP_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * The body as the platform's notification server will read it. On Linux, libnotify servers (GNOME,
 * KDE, dunst) interpret the body as markup: an account name or a provider message holding `<a href>`
 * or `<img>` would otherwise become a link or load a remote image, so it is escaped to plain text.
 */
export function notificationBody(body: string, platform: NodeJS.Platform): string {
  return platform === 'linux' ? body.replace(/[&<>"']/g, (ch) => MARKUP_ENTITIES[ch] ?? ch) : body;
}

/**
 * At most this many notifications are kept referenced; `close` is not guaranteed on every OS
 * (Electron's docs), so the oldest are let go beyond it.
 */
const KEEP_AT_MOST = 32;

/**
 * Creates the notifier. Each notification is kept referenced until it is closed, clicked or fails: a
 * collected Notification loses its `click` handler, so clicking the toast would do nothing.
 */
export function createDesktopNotifier(options: DesktopNotifierOptions): DesktopNotifier {
  const { Notification, onClick, onUnavailable, platform = process.platform } = options;
  const kept = new Set<ElectronNotification>();
  let refused = false;

  const release = (native: ElectronNotification): void => {
    kept.delete(native);
    native.removeAllListeners();
  };

  return {
    get available() {
      return !refused && Notification.isSupported();
    },
    show({ title, body, accountId }) {
      if (refused || !Notification.isSupported()) return;
      const native = new Notification({ title, body: notificationBody(body, platform), silent: false });
      native.on('click', () => {
        release(native);
        onClick(accountId);
      });
      native.on('close', () => release(native));
      native.on('failed', (_event, error) => {
        release(native);
        if (refused) return;
        refused = true;
        onUnavailable(error);
      });
      kept.add(native);
      for (const old of kept) {
        if (kept.size <= KEEP_AT_MOST) break;
        release(old);
      }
      native.show();
    },
    live: () => kept.size,
    dispose() {
      for (const native of [...kept]) release(native);
    },
  };
}
