import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startOpenImServer } from '../servers';
import { expect, screenshotWithoutToasts, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/openim-user-token.json');
/** A distinctive server secret: on the page, it leaked. */
const CANARY = 'canary-e2e-openim-secret-Hq2';

const TEXT = {
  en: {
    details: 'Account details',
    provider: 'OpenIM user token (v3 /auth/user_token)',
    userId: 'User ID',
    platform: 'Platform ID',
    missing: 'Provider missing',
    missingNote: 'Its provider openim-user-token is not defined — add the definition again',
    refresh: 'Refresh',
  },
  'zh-CN': {
    details: '账号详情',
    provider: 'OpenIM 用户令牌（v3 /auth/user_token）',
    userId: '用户 ID',
    platform: '平台 ID',
    missing: '服务商缺失',
    missingNote: '其服务商 openim-user-token 未定义 —— 请重新添加该定义',
    refresh: '刷新',
  },
} as const;

for (const language of ['en', 'zh-CN'] as const) {
  const text = TEXT[language];
  const tag = language === 'en' ? 'en' : 'zh';

  test(`${tag}: a custom provider's account refreshes and shows its fields; removed with --force, it says its provider is missing`, async ({ openApp, backend }) => {
    await backend.core.updateSettings({ language });
    const openim = await startOpenImServer({ generation: 'v3.7', secret: CANARY });
    try {
      // As `tokendesk provider add --file examples/openim-user-token.json` would.
      await backend.core.defineProvider(JSON.parse(await readFile(EXAMPLE, 'utf8')));
      const [account] = await seedAccounts(backend.core, [
        { provider: 'openim-user-token', name: 'IM web', env: 'test', values: { baseUrl: openim.url, userID: 'user-7', secret: CANARY } },
      ]);
      const page = await openApp();
      // Grouped under the definition's name, in the window's language.
      await expect(page.getByRole('columnheader', { name: new RegExp(text.provider.replace(/[()（）/]/g, '.')) })).toBeVisible();
      const row = page.getByRole('row', { name: /IM web/ });
      await row.click();
      const details = page.getByRole('complementary', { name: text.details });
      await details.getByRole('button', { name: text.refresh, exact: true }).click();
      await expect.poll(() => backend.core.get(account!.id).hasToken).toBe(true);
      expect(openim.state.userTokensIssued).toBe(1);

      const facts = details.getByRole('region', { name: text.provider });
      await expect(facts.getByText('user-7', { exact: true })).toBeVisible();
      await expect(facts.getByText(text.userId, { exact: true })).toBeVisible();
      await expect(facts.getByText(text.platform, { exact: true })).toHaveCount(0); // a default, not a stored value
      const body = await page.locator('body').innerText();
      expect(body).not.toContain(CANARY);
      expect(body).not.toContain(backend.core.token(account!.id));
      await screenshotWithoutToasts(page, `custom-provider-account-${tag}`);

      // `tokendesk provider remove openim-user-token --force`: the account stays, and says what to do.
      await backend.core.removeProvider('openim-user-token', { force: true });
      const missing = details.getByRole('region', { name: text.missing });
      await expect(missing).toBeVisible();
      await expect(missing.getByText(text.missingNote, { exact: false })).toBeVisible();
      await expect(page.getByRole('row', { name: /IM web/ })).toBeVisible();
      // The sidebar keeps a filter for it, under the provider's id.
      await expect(page.getByRole('navigation').getByRole('button', { name: /openim-user-token/ })).toBeVisible();
      await screenshotWithoutToasts(page, `custom-provider-missing-${tag}`);
    } finally {
      await openim.close();
    }
  });
}
