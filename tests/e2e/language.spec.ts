import { startSudServer } from '../servers';
import { expect, screenshot, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';
import { englishLeftovers, visibleUiText } from './harness/ui-text';

/**
 * Latin words that rightly stay in a Chinese window: product, provider and protocol names (SSToken,
 * code, sso_ticket …), the keyring backend's name, the language's own name, and the test's data
 * (account names, environments).
 */
const KEEP = [
  ...['TokenDesk', 'SUD', 'Sud', 'OpenIM', 'OneAccess', 'SaiNiu', 'JWT', 'Cookie', 'curl', 'ID', 'HTTP', 'JSON', 'API', 'Web'],
  ...['SSToken', 'code', 'secret', 'App', 'Secret', 'AccessType', 'AccessId', 'AccessKey', 'logonToken', 'Client', 'Access', 'Token', 'session_token', 'sso_ticket', 'agent', 'AppId', 'HMAC', 'SHA', 'get_sstoken', 'update_sstoken', 'Timestamp'],
  ...['Ctrl', 'Shift', 'English', 'gnome_libsecret'],
  ...['Game', 'QA', 'Chat', 'user', 'test', 'prod'],
];

test('switching to 简体中文 changes every visible string of the main views', async ({ openApp, backend }) => {
  const sud = await startSudServer();
  try {
    const [sudAccount] = await seedAccounts(backend.core, [
      { provider: 'sud', name: 'Game QA', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode({ nickName: 'Tester' }) } },
      { provider: 'openim', name: 'Chat user', env: 'prod', values: { baseUrl: 'http://127.0.0.1:9', secret: 's', userID: 'u1' } },
    ]);
    await backend.core.refresh(sudAccount!.id);
    const page = await openApp();
    await page.getByRole('row', { name: 'Game QA' }).click();
    await expect(page.getByRole('complementary', { name: 'Account details' })).toBeVisible();
    const english = await visibleUiText(page);
    expect(englishLeftovers(english, KEEP).length).toBeGreaterThan(40);

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    const settings = page.getByRole('dialog', { name: '设置' });
    await expect(settings).toBeVisible();
    expect(englishLeftovers(await visibleUiText(page), KEEP)).toEqual([]);
    await settings.getByRole('button', { name: '完成' }).click();

    // The list, sidebar, toolbar and details pane: no English UI string is left.
    await expect(page.getByRole('complementary', { name: '账号详情' })).toBeVisible();
    await expect(page.getByRole('button', { name: '添加账号' })).toBeVisible();
    await expect(page.getByRole('row', { name: 'Game QA' }).getByText('有效')).toBeVisible();
    await expect(page.getByRole('row', { name: 'Game QA' }).getByRole('timer')).toHaveText(/^1小时 59分 \d\d秒$|^2小时 00分 00秒$/);
    await expect(page.getByRole('row', { name: 'Chat user' }).getByText('从未刷新').first()).toBeVisible();
    const chinese = await visibleUiText(page);
    expect(englishLeftovers(chinese, KEEP)).toEqual([]);
    for (const text of ['Add account', 'Refresh all', 'Account details', 'Valid', 'Never refreshed', 'History']) {
      expect(chinese.join('\n')).not.toContain(text);
    }

    // The add dialog: labels and help come from the provider schema in Chinese.
    await page.getByRole('button', { name: '添加账号' }).click();
    const dialog = page.getByRole('dialog', { name: '添加账号' });
    await expect(dialog.getByRole('textbox', { name: '服务地址', exact: true })).toBeVisible();
    expect(englishLeftovers(await visibleUiText(page), KEEP)).toEqual([]);
  } finally {
    await sud.close();
  }
});

test.describe('on a Chinese system', () => {
  test.use({ backendOptions: { systemLocale: 'zh-CN' } });

  test('the window starts in 简体中文 by default', async ({ openApp, backend }) => {
    expect(backend.core.settings().language).toBe('system');
    const page = await openApp();
    await expect(page.getByRole('heading', { name: '让工作令牌始终有效' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    expect(englishLeftovers(await visibleUiText(page), KEEP)).toEqual([]);
  });
});

test('an open toast follows a language change (it keeps its message key, not English text)', async ({ openApp, backend }) => {
  // Nothing listens on port 9: the refresh fails at once with a network error, and its toast stays 10 s.
  await seedAccounts(backend.core, [
    { provider: 'openim', name: 'Chat user', env: 'prod', values: { baseUrl: 'http://127.0.0.1:9', secret: 's', userID: 'u1' } },
  ]);
  const page = await openApp();
  await page.getByRole('row', { name: 'Chat user' }).getByRole('button', { name: 'Refresh Chat user' }).click();
  const toast = page.getByRole('alert').filter({ hasText: 'Chat user' });
  await expect(toast).toContainText('Chat user: refresh failed');

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(toast).toContainText('Chat user：刷新失败 — 无法连接服务器');
  await expect(toast).not.toContainText('refresh failed');
  await expect(toast.getByRole('button', { name: '关闭通知' })).toBeVisible();
});

test('main\'s notices in the window follow a later language change, as the window\'s own toasts do', async ({ openApp, backend }) => {
  const sud = await startSudServer();
  try {
    // A real failed refresh (the SUD server answers 9999): its ErrorInfo is what main's notice carries.
    const [account] = await seedAccounts(backend.core, [{ provider: 'sud', name: 'Game QA', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } }]);
    sud.failNext({ sdk_error_code: 9999, ret_msg: 'backend busy' });
    expect((await backend.core.refresh(account!.id)).ok).toBe(false);
    const error = backend.core.get(account!.id).lastError!;
    const page = await openApp();
    await expect(page.getByRole('row', { name: 'Game QA' })).toBeVisible();

    // As main sends them (electron/main/policies/notifications.ts, index.ts): keys, values and the error.
    backend.emit('app:notified', { level: 'error', message: { key: 'desktop.notice.failed', vars: { account: 'Game QA (test)' } }, error, accountId: account!.id });
    backend.emit('app:notified', { level: 'error', message: { key: 'desktop.notice.clipboardMayHoldToken' } });
    const toasts = page.getByRole('region', { name: 'Notifications' }).getByRole('alert');
    await expect(toasts).toHaveCount(2);
    await expect(toasts.nth(0)).toContainText('Auto-refresh of Game QA (test) failed; TokenDesk retries on its own — The provider refused');
    // The error is explained like the window's own: the server's words verbatim under the headline.
    await expect(toasts.nth(0)).toContainText('9999: backend busy');
    await expect(toasts.nth(1)).toContainText('A copied token may still be on the clipboard');

    // The language changes while they are open (as the settings dialog's choice reaches the window).
    await backend.core.updateSettings({ language: 'zh-CN' });
    const zhToasts = page.getByRole('region', { name: '通知' }).getByRole('alert');
    await expect(zhToasts.nth(0)).toContainText('Game QA (test) 自动刷新失败；TokenDesk 会自行重试 — 服务商拒绝了请求');
    await expect(zhToasts.nth(0)).toContainText('9999: backend busy');
    await expect(zhToasts.nth(1)).toContainText('复制的令牌可能仍在剪贴板中');
    await expect(zhToasts.nth(1)).not.toContainText('clipboard');
    await screenshot(page, 'language-main-notices-zh');
  } finally {
    await sud.close();
  }
});
