import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../shared/account';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { decideNotifications, type NotificationMemory } from '../../electron/main/policies/notifications';
import { accountView } from './helpers/account-view';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2025, 0, 1, 9, 0, 0);
const SECRET = 'eyJhbGciOiJIUzI1NiJ9.secret-token-value';
const empty: NotificationMemory = new Map();

/** A 1-hour token with `left` to go. */
const expiringIn = (left: number) => ({ issuedAt: NOW + left - HOUR, expiresAt: NOW + left });
const blocked = { enabled: true, nextAt: null, failures: 1, blockedReason: 'The SUD code has expired. Paste a new code in the account settings.' };
const failing = { enabled: true, nextAt: NOW + 2 * MIN, failures: 2, blockedReason: null };
const networkError = { code: 'network' as const, message: 'Could not reach the server. Check the network.', at: NOW - MIN };

describe('expiry notifications', () => {
  it('warn about a token that expires within the margin when auto-refresh is off', () => {
    const views = [accountView('a', NOW, { ...expiringIn(5 * MIN), name: 'QA player', env: 'test', autoRefresh: { enabled: false, nextAt: null, failures: 0, blockedReason: null } })];
    const { notifications } = decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'en');
    expect(notifications).toEqual([
      {
        kind: 'expiring',
        accountId: 'a',
        title: 'Token expiring soon',
        body: 'QA player (test) expires in 5m and will not renew itself (auto-refresh is off). Open TokenDesk to refresh it.',
        // The window gets a key and values: it words the notice in the language chosen when it shows it.
        notice: { level: 'info', message: { key: 'desktop.notice.expiring', vars: { account: 'QA player (test)' } }, accountId: 'a' },
      },
    ]);
  });

  it('stay quiet while the token is still outside the margin, or renews itself', () => {
    const off = { enabled: false, nextAt: null, failures: 0, blockedReason: null };
    const views = [
      accountView('far', NOW, { ...expiringIn(7 * MIN), autoRefresh: off }),
      accountView('auto', NOW, expiringIn(2 * MIN)),
      accountView('gone', NOW, { ...expiringIn(-MIN), autoRefresh: off }),
    ];
    expect(decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'en').notifications).toEqual([]);
  });

  it('warn again when auto-refresh stopped earlier and the token is now about to run out', () => {
    const early = [accountView('a', NOW, { ...expiringIn(30 * MIN), autoRefresh: blocked })];
    const first = decideNotifications(empty, early, DEFAULT_SETTINGS, NOW, 'en');
    expect(first.notifications.map((n) => n.kind)).toEqual(['needs-user']);
    // 27 minutes later the same account is 3 minutes from expiry.
    const later = decideNotifications(first.memory, early, DEFAULT_SETTINGS, NOW + 27 * MIN, 'en');
    expect(later.notifications.map((n) => n.kind)).toEqual(['expiring']);
    expect(later.notifications[0]?.body).toContain('expires in 3m and will not renew itself (auto-refresh stopped)');
  });
});

describe('failure notifications', () => {
  it('tell once per run of failures, with the error and the retry', () => {
    const first = [accountView('a', NOW, { lastRefreshAt: NOW - HOUR, lastError: networkError, autoRefresh: failing })];
    const one = decideNotifications(empty, first, DEFAULT_SETTINGS, NOW, 'en');
    expect(one.notifications).toHaveLength(1);
    expect(one.notifications[0]).toMatchObject({ kind: 'failed', title: 'Auto-refresh failed' });
    // The headline of the error's code in the UI language, not core's English advice.
    expect(one.notifications[0]?.body).toBe('Account a: Cannot reach the server. TokenDesk retries in 2m.');
    expect(one.notifications[0]?.notice).toEqual({ level: 'error', message: { key: 'desktop.notice.failed', vars: { account: 'Account a' } }, error: networkError, accountId: 'a' });

    const again = [accountView('a', NOW, { lastRefreshAt: NOW - HOUR, lastError: networkError, autoRefresh: { ...failing, failures: 3 } })];
    expect(decideNotifications(one.memory, again, DEFAULT_SETTINGS, NOW + 2 * MIN, 'en').notifications).toEqual([]);

    // It recovered, then failed again later: a new event.
    const later = [accountView('a', NOW, { lastRefreshAt: NOW + 30 * MIN, lastError: networkError, autoRefresh: failing })];
    expect(decideNotifications(one.memory, later, DEFAULT_SETTINGS, NOW + HOUR, 'en').notifications).toHaveLength(1);
  });

  it('tell that the user is needed, once, instead of a plain failure', () => {
    const views = [accountView('a', NOW, { lastError: { ...networkError, code: 'provider_rejected', needsUser: true }, autoRefresh: blocked })];
    const first = decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'en');
    expect(first.notifications.map((n) => n.kind)).toEqual(['needs-user']);
    // The headline and the one next step (the generic explanation of a refusal), in the UI language.
    expect(first.notifications[0]?.body).toBe(
      'Account a: The provider refused. Read what the server said; copy the diagnostic if you need to ask the server\'s owner. Auto-refresh of this account waits until you update it.',
    );
    expect(first.notifications[0]?.notice).toMatchObject({ level: 'error', message: { key: 'desktop.notice.needsUser', vars: { account: 'Account a' } }, error: { code: 'provider_rejected' } });
    expect(decideNotifications(first.memory, views, DEFAULT_SETTINGS, NOW + MIN, 'en').notifications).toEqual([]);
  });
});

describe('notification settings and languages', () => {
  const views: AccountView[] = [
    accountView('exp', NOW, { ...expiringIn(4 * MIN), autoRefresh: { enabled: false, nextAt: null, failures: 0, blockedReason: null } }),
    accountView('fail', NOW, { lastError: networkError, autoRefresh: failing }),
    accountView('user', NOW, { autoRefresh: blocked }),
  ];

  it('show each kind only while its switch is on', () => {
    const all = decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'en');
    expect(all.notifications.map((n) => n.kind).sort()).toEqual(['expiring', 'failed', 'needs-user']);
    const settings = { ...DEFAULT_SETTINGS, notifyExpiring: false, notifyFailed: false, notifyNeedsUser: false };
    expect(decideNotifications(empty, views, settings, NOW, 'en').notifications).toEqual([]);
    const onlyFailed = { ...settings, notifyFailed: true };
    expect(decideNotifications(empty, views, onlyFailed, NOW, 'en').notifications.map((n) => n.kind)).toEqual(['failed']);
  });

  it('speak Simplified Chinese when asked', () => {
    const { notifications } = decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'zh-CN');
    const titles = notifications.map((n) => n.title).sort();
    expect(titles).toEqual(['TokenDesk 需要您处理', '令牌即将过期', '自动刷新失败'].sort());
    expect(notifications.find((n) => n.kind === 'expiring')?.body).toBe(
      'Account exp 将在 4分钟 后过期，且不会自动续期（自动刷新已关闭）。请打开 TokenDesk 刷新。',
    );
  });

  it('never carry a secret, even one sitting in the account extras', () => {
    const leaky = views.map((view) => ({ ...view, extras: { token: SECRET }, fields: { note: SECRET } }));
    const { notifications } = decideNotifications(empty, leaky, DEFAULT_SETTINGS, NOW, 'en');
    expect(notifications).toHaveLength(3);
    expect(JSON.stringify(notifications)).not.toContain(SECRET);
  });

  it('forget removed accounts', () => {
    const { memory } = decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'en');
    const after = decideNotifications(memory, views.slice(0, 1), DEFAULT_SETTINGS, NOW, 'en');
    expect([...after.memory.keys()]).toEqual(['expiring:exp']);
  });
});

describe('the words of a failure notification', () => {
  // Core's message is English advice for logs and the CLI; the person reads the headline in the UI
  // language, and the server's own words verbatim (they are the server's, never translated).
  const coreAdvice = 'SUD answered 9999 (backend busy). Try again later.';
  const busy = { code: 'provider_rejected' as const, message: coreAdvice, provider: { code: '9999', message: 'backend busy' }, at: NOW - MIN };
  const failingSud = [accountView('a', NOW, { provider: 'sud', lastRefreshAt: NOW - HOUR, lastError: busy, autoRefresh: failing })];

  it('say the translated headline and the retry, then the provider\'s words, in English and in Chinese', () => {
    const [en] = decideNotifications(empty, failingSud, DEFAULT_SETTINGS, NOW, 'en').notifications;
    expect(en?.body).toBe('Account a: The provider refused. TokenDesk retries in 2m.\n9999: backend busy');
    const [zh] = decideNotifications(empty, failingSud, DEFAULT_SETTINGS, NOW, 'zh-CN').notifications;
    expect(zh).toMatchObject({ title: '自动刷新失败', body: 'Account a：服务商拒绝了请求。TokenDesk 将在 2分钟 后重试。\n9999: backend busy' });
    expect(`${en?.body}${zh?.body}`).not.toContain('Try again later');
  });

  it('clip a long provider message to one short line', () => {
    const long = { ...busy, provider: { code: '9999', message: `backend\nbusy ${'x'.repeat(500)}` } };
    const views = [accountView('a', NOW, { provider: 'sud', lastRefreshAt: NOW - HOUR, lastError: long, autoRefresh: failing })];
    const [shown] = decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'en').notifications;
    const said = shown?.body.split('\n')[1] ?? '';
    expect(said).toMatch(/^9999: backend busy x+…$/);
    expect(said).toHaveLength(160);
  });

  it('when the user is needed, give the provider\'s own next step in the UI language', () => {
    const expired = { code: 'provider_rejected' as const, message: 'The SUD code has expired. Paste a new code.', provider: { code: '1005', message: 'code expired' }, needsUser: true };
    const views = [accountView('a', NOW, { provider: 'sud', lastError: expired, autoRefresh: { ...blocked, blockedReason: expired.message } })];
    const [zh] = decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'zh-CN').notifications;
    expect(zh?.body).toBe('Account a：服务商拒绝了请求。粘贴新的短期 code（code 有效期很短）。在您更新此账户之前，自动刷新将暂停。\n1005: code expired');
    const [en] = decideNotifications(empty, views, DEFAULT_SETTINGS, NOW, 'en').notifications;
    expect(en?.body).toBe('Account a: The provider refused. Paste a new short-term code (codes are short-lived). Auto-refresh of this account waits until you update it.\n1005: code expired');
  });
});
