import { Notification } from 'electron';
import type { DesktopNotification } from './policies/notifications';

/** Shows native notifications; clicking one calls `onClick` with its account. */
export interface DesktopNotifier {
  show(notification: DesktopNotification): void;
}

/** Creates the notifier; where the OS has no notifications it shows nothing. */
export function createDesktopNotifier(onClick: (accountId: string) => void): DesktopNotifier {
  return {
    show({ title, body, accountId }) {
      if (!Notification.isSupported()) return;
      const native = new Notification({ title, body, silent: false });
      native.on('click', () => onClick(accountId));
      native.show();
    },
  };
}
