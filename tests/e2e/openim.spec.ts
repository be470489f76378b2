import { startOpenImServer, type OpenImServer } from '../servers';
import { expect, screenshot, test } from './harness/fixtures';

let openim: OpenImServer;
test.beforeEach(async () => {
  openim = await startOpenImServer({ generation: 'v3.8.1' });
});
test.afterEach(async () => {
  await openim.close();
});

test('an OpenIM 3.8.1+ account added in the window gets its token through the admin pair and shows the API generation', async ({ openApp, backend }) => {
  const page = await openApp();
  await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await dialog.getByRole('radio', { name: /OpenIM/ }).check();

  // Auto-refresh starts off for OpenIM; turning it on says what it costs, right there.
  const auto = dialog.getByRole('checkbox', { name: 'Refresh automatically before the token expires' });
  await expect(auto).not.toBeChecked();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await auto.check();
  const warning = dialog.getByRole('alert');
  await expect(warning).toContainText('This may log a running client out');
  await expect(warning).toContainText('logs out the client already signed in as this user on this platform');
  await expect(auto).toHaveAccessibleDescription(/error 1506, token kicked/);
  await dialog.getByRole('textbox', { name: 'Account name', exact: true }).fill('IM web user');
  await warning.scrollIntoViewIfNeeded();
  await screenshot(page, 'openim-auto-refresh-warning-en-light');
  await auto.uncheck();
  await expect(dialog.getByRole('alert')).toHaveCount(0);

  await dialog.getByRole('textbox', { name: 'API address', exact: true }).fill(openim.url);
  await dialog.getByRole('textbox', { name: 'Secret', exact: true }).fill('openIM123');
  await dialog.getByRole('textbox', { name: 'User ID', exact: true }).fill('user-42');
  await expect(dialog.getByRole('textbox', { name: 'Admin user ID', exact: true })).toHaveValue('imAdmin');
  await dialog.getByRole('button', { name: 'Save and refresh' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row', { name: 'IM web user' });
  await expect(row.getByText('Valid')).toBeVisible();
  // The removed /auth/user_token answered 1001 "header must have token"; auto-detection took the pair.
  expect(openim.state.requests).toMatchObject({ headerMissing: 1, adminToken: 1, getUserToken: 1 });

  const details = page.getByRole('complementary', { name: 'Account details' });
  const facts = details.getByRole('region', { name: 'OpenIM' });
  await expect(facts).toContainText('v3.8.1+ (get_admin_token → get_user_token), detected');
  await expect(facts).toContainText('imAdmin');
  await expect(facts).toContainText('Fetched for this refresh, then kept in memory');
  await expect(facts).toContainText('Web (5)');
  await expect(details.getByText('Off', { exact: true })).toBeVisible();

  const tokenBox = details.getByRole('textbox', { name: 'Token value' });
  await details.getByRole('button', { name: 'Reveal' }).click();
  await expect(tokenBox).toHaveValue(/^eyJ/);
  const token = await tokenBox.inputValue();
  const [account] = backend.core.list();
  expect(token).toBe(backend.core.token(account!.id));
  expect(openim.check(token)).toBe(0);

  // A second refresh reuses the admin token: one admin token, ever, for this server and admin.
  await page.waitForTimeout(1_100); // a JWT of the same second would be the same token
  await details.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(tokenBox).not.toHaveValue(token);
  await expect(facts).toContainText('Reused from memory (one per server and admin user)');
  expect(openim.state.adminTokensIssued).toBe(1);
  // …and the token it replaced was kicked, as a running client would be.
  expect(openim.check(token)).toBe(1506);
  await screenshot(page, 'openim-details-en-light');
});

test.describe('in Chinese', () => {
  test.use({ backendOptions: { systemLocale: 'zh-CN' } });

  test('the auto-refresh warning for OpenIM is in Chinese too', async ({ openApp }) => {
    const page = await openApp();
    await page.getByRole('main').getByRole('button', { name: '添加账号' }).click();
    const dialog = page.getByRole('dialog', { name: '添加账号' });
    await dialog.getByRole('radio', { name: /OpenIM/ }).check();
    const auto = dialog.getByRole('checkbox', { name: '在令牌过期前自动刷新' });
    await expect(auto).not.toBeChecked();
    await auto.check();
    const warning = dialog.getByRole('alert');
    await expect(warning).toContainText('这可能让正在运行的客户端下线');
    await expect(warning).toContainText('1506');
    await warning.scrollIntoViewIfNeeded();
    await screenshot(page, 'openim-auto-refresh-warning-zh-light');
  });
});
