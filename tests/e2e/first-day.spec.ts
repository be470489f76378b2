import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSaiNiuServer, startSudServer, type SudServer } from '../servers';
import { systemClock, type Clock } from '../../electron/core';
import type { Backend } from './harness/backend';
import { expect, screenshotWithoutToasts, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * What a new user meets on the first day (issue 20), in the window: a token running out while
 * auto-refresh is off says so with the button that turns it on; an error names its next step as a
 * button; "Add several…" previews a CSV with each problem beside its cell; the margin help works out
 * the real margin; a QR code scanned by another Qianniu account says so at once.
 */

/**
 * How far behind the engine's clock (and the SUD server's) runs: a token issued meanwhile looks issued
 * that long ago, with a full 2-hour lifetime of which only the rest is left.
 */
let skewMs = 0;
const skewedClock: Clock = { ...systemClock, now: () => Date.now() + skewMs };
test.use({ backendOptions: { clock: skewedClock } });
test.afterEach(() => {
  skewMs = 0;
});

/** A SUD account whose 2-hour token has `leftMs` to live: issued 2 h − leftMs ago. */
async function runningOut(backend: Backend, name: string, leftMs: number, autoRefresh: boolean): Promise<{ id: string; sud: SudServer }> {
  const sud = await startSudServer({ now: () => Date.now() + skewMs });
  const [account] = await seedAccounts(backend.core, [{ provider: 'sud', name, env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() }, autoRefresh }]);
  skewMs = -(2 * 3600_000 - leftMs);
  try {
    expect((await backend.core.refresh(account!.id)).ok).toBe(true);
  } finally {
    skewMs = 0;
  }
  return { id: account!.id, sud };
}

test.describe('a token inside its renewal margin with auto-refresh off', () => {
  test('the row and the details pane say so, and one click turns auto-refresh on', async ({ openApp, backend }) => {
    // 5 minutes left of a 2-hour token: inside the 10-minute margin. A second account has hours left.
    const { id, sud } = await runningOut(backend, 'Left alone', 5 * 60_000, false);
    const fresh = await runningOut(backend, 'Plenty left', 90 * 60_000, false);
    try {
      const page = await openApp();
      const row = page.getByRole('row', { name: 'Left alone' });
      await expect(row.getByRole('note', { name: 'Auto-refresh' })).toHaveText('Auto-refresh off');
      // Outside the margin nothing is said yet: auto-refresh would not renew it either.
      const other = page.getByRole('row', { name: 'Plenty left' });
      await expect(other.getByRole('note', { name: 'Auto-refresh' })).toHaveCount(0);
      await expect(other.getByRole('button', { name: 'Turn on' })).toHaveCount(0);

      await row.click();
      const details = page.getByRole('complementary', { name: 'Account details' });
      await expect(details.getByText('Off, and the token is due for renewal')).toBeVisible();
      await expect(details.getByRole('button', { name: 'Turn on auto-refresh' })).toBeVisible();
      await screenshotWithoutToasts(page, 'auto-refresh-off-due-en');

      await row.getByRole('button', { name: 'Turn on' }).click();
      await expect(row.getByRole('note', { name: 'Auto-refresh' })).toHaveCount(0);
      await expect(details.getByText('Off, and the token is due for renewal')).toHaveCount(0);
      expect(backend.core.get(id).autoRefresh.enabled).toBe(true);
    } finally {
      await sud.close();
      await fresh.sud.close();
    }
  });

  test.describe('in 简体中文', () => {
    test.use({ backendOptions: { systemLocale: 'zh-CN', clock: skewedClock } });

    test('the same, in Chinese', async ({ openApp, backend }) => {
      const { sud } = await runningOut(backend, '快到期', 3 * 60_000, false);
      try {
        const page = await openApp();
        const row = page.getByRole('row', { name: '快到期' });
        await expect(row.getByRole('note', { name: '自动刷新' })).toHaveText('自动刷新已关闭');
        await row.click();
        const details = page.getByRole('complementary', { name: '账号详情' });
        await expect(details.getByText('关闭，令牌已到续期时间')).toBeVisible();
        await expect(details.getByRole('button', { name: '开启自动刷新' })).toBeVisible();
        await screenshotWithoutToasts(page, 'auto-refresh-off-due-zh-CN');
      } finally {
        await sud.close();
      }
    });
  });
});

/** The texts of the failed-first-refresh journey in one UI language. */
const FIRST_TRY = {
  en: { details: 'Account details', refresh: 'Refresh', title: 'The last refresh failed', kept: 'previous token', edit: 'Edit account → Code', dialog: 'Edit First try' },
  'zh-CN': { details: '账号详情', refresh: '刷新', title: '上次刷新失败', kept: '已保留原有令牌', edit: '编辑账号 → 短期令牌 code', dialog: '编辑 First try' },
} as const;

for (const language of ['en', 'zh-CN'] as const) {
  test.describe(`a first refresh that fails (${language})`, () => {
    test.use({ backendOptions: { systemLocale: language, clock: skewedClock } });

    test('does not claim a previous token is kept, and its next step is a button that opens the form', async ({ openApp, backend }) => {
      const words = FIRST_TRY[language];
      const sud = await startSudServer();
      try {
        // A code this backend never issued: it refuses it, so the account never gets a token.
        const [account] = await seedAccounts(backend.core, [{ provider: 'sud', name: 'First try', env: 'test', values: { baseUrl: sud.url, code: 'not-a-code-of-this-backend' } }]);
        const page = await openApp();
        await page.getByRole('row', { name: 'First try' }).click();
        const details = page.getByRole('complementary', { name: words.details });
        await details.getByRole('button', { name: words.refresh, exact: true }).click();
        const banner = details.getByRole('alert', { name: words.title });
        await expect(banner).toBeVisible();
        await expect(banner).not.toContainText(words.kept);
        expect(backend.core.get(account!.id).hasToken).toBe(false);
        await screenshotWithoutToasts(page, `first-refresh-failed-${language}`);
        await banner.getByRole('button', { name: words.edit }).click();
        await expect(page.getByRole('dialog', { name: words.dialog })).toBeVisible();
      } finally {
        await sud.close();
      }
    });
  });
}

/** A CSV of three SUD test users, as a spreadsheet saves it (byte order mark, CRLF, a quoted comma). */
const csv = (baseUrl: string, thirdUrl = baseUrl): string =>
  `\ufeffname,env,baseUrl,code\r\n"Tester, one",qa,${baseUrl},code-1\r\nTester two,qa,${baseUrl},code-2\r\nTester three,qa,${thirdUrl},code-3\r\n`;

test.describe('Add several…', () => {
  test('previews a pasted CSV with each problem beside its cell, then adds every row', async ({ openApp, backend }) => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Add several…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add several accounts' });
    await dialog.getByLabel('Provider').selectOption('sud');
    await dialog.getByLabel('Accounts (CSV or JSON)').fill(csv('https://sud.test.example', 'not a url'));

    const preview = dialog.getByRole('table', { name: 'Preview' });
    const bad = preview.getByRole('row', { name: /^4/ });
    await expect(bad.getByRole('cell').nth(2)).toContainText('not a url');
    await expect(bad.getByRole('cell').nth(2)).toContainText('Base URL must be an http:// or https:// address.');
    await expect(dialog.getByRole('status')).toHaveText(/^Problems found: 1\./);
    await expect(dialog.getByRole('button', { name: 'Add all (3)' })).toBeDisabled();
    // The secret column is masked in the preview.
    await expect(preview.getByRole('row', { name: /^2/ })).not.toContainText('code-1');
    await screenshotWithoutToasts(page, 'add-several-problem-en');

    await dialog.getByLabel('Accounts (CSV or JSON)').fill(csv('https://sud.test.example'));
    await expect(dialog.getByRole('status')).toHaveText('Accounts ready to add: 3.');
    await dialog.getByRole('button', { name: 'Add all (3)' }).click();
    await expect(dialog).toHaveCount(0);
    for (const name of ['Tester, one', 'Tester two', 'Tester three']) await expect(page.getByRole('row', { name })).toBeVisible();
    expect(backend.core.list().filter((v) => v.env === 'qa')).toHaveLength(3);
  });

  test.describe('in 简体中文', () => {
    test.use({ backendOptions: { systemLocale: 'zh-CN' } });

    test('a picked CSV file with an unknown column is refused in Chinese, and nothing is added', async ({ openApp, backend }) => {
      const file = path.join(os.tmpdir(), `tokendesk-e2e-accounts-${process.pid}.csv`);
      await writeFile(file, `name,env,baseUrl,code,colour\n测试一,qa,https://sud.test.example,c1,red\n`);
      const page = await openApp();
      await page.getByRole('button', { name: '批量添加…' }).click();
      const dialog = page.getByRole('dialog', { name: '批量添加账号' });
      await dialog.getByLabel('服务商').selectOption('sud');
      await dialog.locator('input[type=file]').setInputFiles(file);
      const header = dialog.getByRole('columnheader', { name: /colour/ });
      await expect(header).toContainText('SUD 小游戏 账号没有字段“colour”');
      await expect(dialog.getByRole('button', { name: '全部添加（1 个）' })).toBeDisabled();
      await screenshotWithoutToasts(page, 'add-several-problem-zh-CN');
      expect(backend.core.list()).toHaveLength(0);
    });
  });
});

test.describe('the renewal margin help', () => {
  test('works out the margin of a 2-hour token from the settings, as the scheduler does', async ({ openApp }) => {
    const page = await openApp();
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    // 10% of 2 hours is 12 minutes, but the 600-second cap makes it 10.
    await expect(dialog.getByText('With these settings a 2-hour token is renewed 10m before it expires.')).toBeVisible();
    const share = dialog.getByLabel('Share of lifetime (%)');
    await share.fill('5');
    await share.press('Enter');
    await expect(dialog.getByText('With these settings a 2-hour token is renewed 6m before it expires.')).toBeVisible();
    await screenshotWithoutToasts(page, 'settings-margin-help-en');
  });

  test.describe('in 简体中文', () => {
    test.use({ backendOptions: { systemLocale: 'zh-CN' } });

    test('reads in Chinese', async ({ openApp }) => {
      const page = await openApp();
      await page.getByRole('button', { name: '设置' }).click();
      const dialog = page.getByRole('dialog', { name: '设置' });
      await expect(dialog.getByText('按当前设置，有效期 2 小时的令牌会在到期前 10分钟续期。')).toBeVisible();
      await screenshotWithoutToasts(page, 'settings-margin-help-zh-CN');
    });
  });
});

/** The texts of the QR journey in one UI language. */
const QR = {
  en: { login: 'Log in', dialog: /Log in Shop tb123456 with a QR code/, image: 'QR code to scan with the Qianniu app', other: 'Scanned with another Qianniu account' },
  'zh-CN': { login: '登录', dialog: /扫码登录 Shop tb123456/, image: /二维码/, other: '扫码的是另一个千牛账号' },
} as const;

for (const language of ['en', 'zh-CN'] as const) {
  test.describe(`a QR code scanned by another Qianniu account (${language})`, () => {
    test.use({ backendOptions: { systemLocale: language, clock: skewedClock } });

    test('says so at once, and saves nothing', async ({ openApp, backend }) => {
      const words = QR[language];
      const sainiu = await startSaiNiuServer();
      try {
        const [account] = await seedAccounts(backend.core, [{ provider: 'sainiu', name: 'Shop tb123456', env: '', values: { baseUrl: sainiu.url, userNick: 'tb123456' } }]);
        const page = await openApp();
        await page.getByRole('row', { name: 'Shop tb123456' }).getByRole('button', { name: words.login, exact: true }).click();
        const dialog = page.getByRole('dialog', { name: words.dialog });
        await expect(dialog.getByRole('img', { name: words.image })).toBeVisible();
        sainiu.scan('tb999999');
        // At the next check (every 2.5 s), not after the 3 minutes the code would otherwise be waited for.
        await expect(dialog.getByRole('alert')).toContainText(words.other, { timeout: 10_000 });
        await expect(dialog.getByRole('alert')).toContainText('"tb999999", not "tb123456"');
        expect(backend.core.get(account!.id).hasToken).toBe(false);
        await screenshotWithoutToasts(page, `qr-other-account-${language}`);
      } finally {
        await sainiu.close();
      }
    });
  });
}
