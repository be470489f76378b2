import type { Page } from '@playwright/test';
import { startOpenImServer, startSaiNiuServer, startSudServer } from '../servers';
import { expect, screenshot, test, THEME_LANGUAGE_VARIANTS } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * Screenshots of the main views in light and dark, English and 简体中文, saved under
 * tests/output/screenshots/ for a person to look at. Each also checks the view is the one intended.
 */
const VARIANTS = THEME_LANGUAGE_VARIANTS;

const LABELS = {
  en: { details: 'Account details', add: 'Add account', settings: 'Settings', empty: 'Keep your work tokens fresh', close: 'Close' },
  'zh-CN': { details: '账号详情', add: '添加账号', settings: '设置', empty: '让工作令牌始终有效', close: '关闭' },
} as const;

async function settle(page: Page): Promise<void> {
  // Toasts and the caret are not part of the view being reviewed.
  await page.evaluate(() => document.fonts.ready);
  await page.getByRole('region', { name: /Notifications|通知/ }).evaluate((el) => el.replaceChildren());
}

for (const { theme, language } of VARIANTS) {
  const tag = `${language === 'en' ? 'en' : 'zh'}-${theme}`;
  const labels = LABELS[language];

  test(`screenshots ${tag}: empty state, list, details, add dialog, settings`, async ({ openApp, backend }) => {
    await backend.core.updateSettings({ theme, language });
    const page = await openApp();
    await expect(page.getByRole('heading', { name: labels.empty })).toBeVisible();
    await settle(page);
    await screenshot(page, `empty-state-${tag}`);

    const [sud, openim, sainiu] = await Promise.all([startSudServer(), startOpenImServer(), startSaiNiuServer()]);
    try {
      const accounts = await seedAccounts(backend.core, [
        { provider: 'sud', name: 'Game QA (test)', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode({ uid: '10086', nickName: '小明' }) } },
        { provider: 'sud', name: 'Game live', env: 'prod', values: { baseUrl: sud.url, code: sud.issueCode({ uid: '20001', nickName: 'Player One' }) } },
        { provider: 'openim', name: 'IM web user', env: 'prod', values: { baseUrl: openim.url, secret: 'openIM123', userID: 'user-42' } },
        { provider: 'openim', name: 'IM broken secret', env: 'test', values: { baseUrl: openim.url, secret: 'wrong', userID: 'user-43' } },
        { provider: 'sainiu', name: '店铺 tb123456', env: 'prod', values: { baseUrl: sainiu.url, userNick: 'tb123456', logonToken: '8ef9' } },
        { provider: 'oneaccess', name: 'Tenant SSO', env: 'test', values: { baseUrl: 'http://127.0.0.1:9', accessToken: 'a', sessionToken: 's', deviceFingerprint: 'fp-1' } },
      ]);
      await backend.core.refreshAll({ ids: accounts.slice(0, 5).map((a) => a.id) });
      const gameQa = accounts[0]!;
      await expect(page.getByRole('row', { name: 'Game QA (test)' })).toBeVisible();
      await expect(page.getByRole('row', { name: 'IM broken secret' }).getByText(language === 'en' ? 'Failed' : '失败')).toBeVisible();
      await settle(page);
      await screenshot(page, `list-${tag}`);

      await page.getByRole('row', { name: gameQa.name }).click();
      await expect(page.getByRole('complementary', { name: labels.details })).toBeVisible();
      await settle(page);
      await screenshot(page, `details-${tag}`);

      await page.getByRole('row', { name: 'IM broken secret' }).click();
      await expect(page.getByRole('complementary', { name: labels.details }).getByRole('alert')).toBeVisible();
      await settle(page);
      await screenshot(page, `details-error-${tag}`);

      await page.getByRole('row', { name: '店铺 tb123456' }).click();
      await expect(page.getByRole('complementary', { name: labels.details }).getByRole('table').first()).toBeVisible();
      await settle(page);
      await screenshot(page, `details-sainiu-${tag}`);

      await page.getByRole('button', { name: labels.add }).first().click();
      const add = page.getByRole('dialog', { name: labels.add });
      await expect(add).toBeVisible();
      await add.getByRole('radio').nth(2).check();
      await screenshot(page, `add-dialog-${tag}`);
      await add.getByRole('button', { name: labels.close }).click();

      await page.getByRole('button', { name: labels.settings }).click();
      const settings = page.getByRole('dialog', { name: labels.settings });
      await expect(settings).toBeVisible();
      await screenshot(page, `settings-${tag}`);
      await settings.getByRole('button', { name: language === 'en' ? 'Set passphrase' : '设置口令' }).scrollIntoViewIfNeeded();
      await screenshot(page, `settings-security-${tag}`);
    } finally {
      await Promise.all([sud.close(), openim.close(), sainiu.close()]);
    }
  });
}

test.describe('locked', () => {
  test.use({ backendOptions: { keyring: 'none', passphrase: 'correct horse battery', startLocked: true } });
  for (const { theme, language } of VARIANTS) {
    const tag = `${language === 'en' ? 'en' : 'zh'}-${theme}`;
    test(`screenshot ${tag}: unlock screen`, async ({ openApp, backend }) => {
      await backend.core.updateSettings({ theme, language });
      const page = await openApp();
      await expect(page.getByRole('heading', { name: language === 'en' ? 'TokenDesk is locked' : 'TokenDesk 已锁定' })).toBeVisible();
      await screenshot(page, `unlock-${tag}`);
    });
  }
});
