import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createDesktopNotifier, type NotificationClass } from '../../electron/main/notifications';

/** Notifications as the OS would receive them. */
function fakeNotifications(): { shown: Array<{ title: string; body: string }>; Native: NotificationClass } {
  const shown: Array<{ title: string; body: string }> = [];
  class Native extends EventEmitter {
    static isSupported(): boolean {
      return true;
    }
    constructor(private readonly options: { title?: string; body?: string }) {
      super();
    }
    show(): void {
      shown.push({ title: this.options.title ?? '', body: this.options.body ?? '' });
    }
  }
  return { shown, Native: Native as unknown as NotificationClass };
}

const HOSTILE = 'Token for <a href="https://attacker.example">Prod</a> & <img src="https://attacker.example/p.png"> expires';

function showOn(platform: NodeJS.Platform): string | undefined {
  const { shown, Native } = fakeNotifications();
  const notifier = createDesktopNotifier({ Notification: Native, onClick: () => undefined, onUnavailable: () => undefined, platform });
  notifier.show({ title: 'Expiring', body: HOSTILE, accountId: 'a1', kind: 'expiring' });
  notifier.dispose();
  return shown[0]?.body;
}

describe('notification bodies', () => {
  it('are escaped on Linux, where libnotify servers read the body as markup', () => {
    expect(showOn('linux')).toBe(
      'Token for &lt;a href=&quot;https://attacker.example&quot;&gt;Prod&lt;/a&gt; &amp; &lt;img src=&quot;https://attacker.example/p.png&quot;&gt; expires',
    );
    expect(showOn('linux')).not.toMatch(/[<>]/);
  });

  it('stay as written on macOS and Windows, which show plain text', () => {
    expect(showOn('darwin')).toBe(HOSTILE);
    expect(showOn('win32')).toBe(HOSTILE);
  });
});
