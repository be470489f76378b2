import type { Page } from '@playwright/test';
import { startOneAccessServer, startSudServer } from '../servers';
import { expect, screenshot, test, THEME_LANGUAGE_VARIANTS } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * Screenshots of auto-refresh trouble (a row backing off, a row stopped, their details) and of the
 * OneAccess access-token expiry, in light and dark, English and 简体中文, under tests/output/screenshots/.
 */
const VARIANTS = THEME_LANGUAGE_VARIANTS;

const LABELS = {
  en: { details: 'Account details', note: 'Auto-refresh', stopped: /^Auto-refresh stopped/, retrying: /^Auto-refresh failed · retry in/ },
  'zh-CN': { details: '账号详情', note: '自动刷新', stopped: /^自动刷新已停止/, retrying: /^自动刷新失败 · .+后重试/ },
} as const;

test.use({ backendOptions: { autoRefresh: true } });

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.getByRole('region', { name: /Notifications|通知/ }).evaluate((el) => el.replaceChildren());
}

for (const { theme, language } of VARIANTS) {
  const tag = `${language === 'en' ? 'en' : 'zh'}-${theme}`;
  const labels = LABELS[language];

  test(`screenshots ${tag}: auto-refresh backing off and stopped, OneAccess access token`, async ({ openApp, backend }) => {
    await backend.core.updateSettings({ theme, language });
    // Two-second tokens: the scheduler renews them after one second.
    const [healthy, flaky, stale, oneaccess] = await Promise.all([
      startSudServer(),
      startSudServer({ tokenTtlMs: 2_000 }),
      startSudServer({ tokenTtlMs: 2_000 }),
      startOneAccessServer({ ticketTtlSeconds: 3600, accessTokenTtlSeconds: 1800 }),
    ]);
    try {
      const accounts = await seedAccounts(backend.core, [
        { provider: 'sud', name: 'Game live', env: 'prod', values: { baseUrl: healthy.url, code: healthy.issueCode({ nickName: 'Player One' }) } },
        { provider: 'sud', name: 'Flaky backend', env: 'test', values: { baseUrl: flaky.url, code: flaky.issueCode({ uid: '10086', nickName: '小明' }) } },
        { provider: 'sud', name: 'Stale code', env: 'test', values: { baseUrl: stale.url, code: stale.issueCode({ uid: '10087' }) } },
        {
          provider: 'oneaccess',
          name: 'Tenant SSO',
          env: 'test',
          values: { baseUrl: oneaccess.url, clientId: 'oa-client', clientSecret: 'oa-client-secret', sessionToken: 'session-abc', deviceFingerprint: 'fp-123456' },
        },
      ]);
      await backend.core.refreshAll({ ids: accounts.map((a) => a.id) });
      flaky.failNext({ ret_code: 1, sdk_error_code: 5001, ret_msg: 'backend busy' });
      stale.expireTokens();
      stale.expireCodes();

      const page = await openApp();
      await expect(page.getByRole('row', { name: 'Flaky backend' }).getByRole('note', { name: labels.note })).toHaveText(labels.retrying);
      await expect(page.getByRole('row', { name: 'Stale code' }).getByRole('note', { name: labels.note })).toHaveText(labels.stopped);
      await settle(page);
      await screenshot(page, `auto-refresh-list-${tag}`);

      const details = page.getByRole('complementary', { name: labels.details });
      await page.getByRole('row', { name: 'Flaky backend' }).click();
      await expect(details.getByRole('alert')).toBeVisible();
      await settle(page);
      await screenshot(page, `auto-refresh-retrying-${tag}`);

      await page.getByRole('row', { name: 'Stale code' }).click();
      await expect(details.getByRole('heading', { name: 'Stale code' })).toBeVisible();
      await settle(page);
      await screenshot(page, `auto-refresh-stopped-${tag}`);

      await page.getByRole('row', { name: 'Tenant SSO' }).click();
      await expect(details.getByRole('heading', { name: 'OneAccess' })).toBeVisible();
      await details.getByRole('heading', { name: 'OneAccess' }).scrollIntoViewIfNeeded();
      await settle(page);
      await screenshot(page, `details-oneaccess-${tag}`);
    } finally {
      await Promise.all([healthy.close(), flaky.close(), stale.close(), oneaccess.close()]);
    }
  });
}
