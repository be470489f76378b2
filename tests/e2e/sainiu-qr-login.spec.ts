import type { Page } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { startSaiNiuServer, type SaiNiuServer } from '../servers';
import { expect, screenshotWithoutToasts, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * The SaiNiu QR login as a person walks it: a new account from the framework address alone, the code
 * shown in a dialog (a data: URL, never a remote image), the scan, the nick and cookies saved; an
 * ended session offering "Log in again" in its row; an expired code; a framework that is not running.
 */

let sainiu: SaiNiuServer;
test.beforeEach(async () => {
  sainiu = await startSaiNiuServer();
});
test.afterEach(async () => {
  await sainiu.close();
});

/** The text the QR image in the dialog encodes, read from its pixels. */
async function qrTextOnScreen(page: Page): Promise<string | null> {
  const src = await page.getByRole('img', { name: /QR code|二维码/ }).getAttribute('src');
  expect(src).toMatch(/^data:image\/png;base64,/);
  const png = PNG.sync.read(Buffer.from(src?.split(',')[1] ?? '', 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

test('a new SaiNiu account by QR: only the framework address, scan, and the nick comes from the answer', async ({ openApp }) => {
  const page = await openApp();
  const remote: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('data:') && request.url().includes('/imgextra/')) remote.push(request.url());
  });
  await page.getByRole('button', { name: 'Add account' }).first().click();
  const add = page.getByRole('dialog', { name: 'Add account' });
  await add.getByRole('radio', { name: /SaiNiu/ }).check();
  await add.getByText('No logon token yet?').waitFor();
  await add.getByLabel('Framework address').fill(sainiu.url);
  await add.getByRole('button', { name: 'Add and log in with QR code' }).click();

  const dialog = page.getByRole('dialog', { name: /Log in New SaiNiu account with a QR code/ });
  await expect(dialog.getByRole('img', { name: 'QR code to scan with the Qianniu app' })).toBeVisible();
  expect(await qrTextOnScreen(page)).toBe(sainiu.state.lastQr?.content);
  await expect(dialog.getByRole('timer')).toHaveText(/The code expires in [23]:\d\d/);
  await expect(dialog.getByText(/Waiting for the scan… \(check [1-9]\d*\)/)).toBeVisible();
  await screenshotWithoutToasts(page, 'qr-login-dialog-en');
  // The window never fetched the image itself: main did, and handed over a data: URL.
  expect(remote).toEqual([]);

  sainiu.scan('tb123456');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Logged in as tb123456: fresh cookies saved.' })).toBeVisible();
  const row = page.getByRole('row', { name: 'tb123456' });
  await expect(row.getByText('Valid')).toBeVisible();
  await expect(row.getByRole('button', { name: /Log in/ })).toHaveCount(0);
});

test('an ended session offers "Log in again" in its row; the old cookies stay until the new login', async ({ openApp, backend }) => {
  const [account] = await seedAccounts(backend.core, [
    { provider: 'sainiu', name: 'Shop tb123456', env: 'prod', values: { baseUrl: sainiu.url, userNick: 'tb123456', logonToken: 'old-logon-token' } },
  ]);
  await backend.core.refresh(account!.id);
  const before = backend.core.token(account!.id);
  sainiu.expireSession();
  const page = await openApp();
  const row = page.getByRole('row', { name: 'Shop tb123456' });
  await row.getByRole('button', { name: 'Refresh Shop tb123456' }).click();
  await expect(row.getByText('Failed')).toBeVisible();
  expect(backend.core.token(account!.id)).toBe(before);

  await row.getByRole('button', { name: 'Log in again' }).click();
  const dialog = page.getByRole('dialog', { name: 'Log in Shop tb123456 with a QR code' });
  await expect(dialog.getByRole('img')).toBeVisible();
  sainiu.scan('tb123456');
  await expect(dialog).toBeHidden();
  await expect(row.getByText('Valid')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Log in again' })).toHaveCount(0);
  expect(backend.core.token(account!.id)).not.toBe(before);
});

test.describe('an unscanned code', () => {
  test.use({ backendOptions: { qrLoginTimeoutMs: 4_000 } });

  test('expires, says so, and offers a new one that works', async ({ openApp, backend }) => {
    await seedAccounts(backend.core, [{ provider: 'sainiu', name: 'Slow shop', env: '', values: { baseUrl: sainiu.url } }]);
    const page = await openApp();
    await page.getByRole('row', { name: 'Slow shop' }).getByRole('button', { name: 'Log in', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Log in Slow shop with a QR code' });
    await expect(dialog.getByRole('alert')).toHaveText(/This QR code has expired/, { timeout: 15_000 });
    const first = sainiu.state.lastQr?.lgToken;
    await dialog.getByRole('button', { name: 'New QR code' }).click();
    await expect(dialog.getByRole('timer')).toBeVisible();
    expect(sainiu.state.lastQr?.lgToken).not.toBe(first);
    sainiu.scan('tb424242');
    await expect(dialog).toBeHidden();
  });
});

test('a framework that is not running is named with its address, with a way to try again', async ({ openApp, backend }) => {
  const gone = await startSaiNiuServer();
  await gone.close();
  await seedAccounts(backend.core, [{ provider: 'sainiu', name: 'Offline shop', env: '', values: { baseUrl: gone.url } }]);
  const page = await openApp();
  await page.getByRole('row', { name: 'Offline shop' }).getByRole('button', { name: 'Log in', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Log in Offline shop with a QR code' });
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('The SaiNiu framework is not running');
  await expect(alert).toContainText(`Nothing answers at ${gone.url}. Start the SaiNiu framework there`);
  await screenshotWithoutToasts(page, 'qr-login-framework-down-en');
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('the QR dialog in 简体中文', async ({ openApp, backend }) => {
  await backend.core.updateSettings({ language: 'zh-CN' });
  await seedAccounts(backend.core, [{ provider: 'sainiu', name: '店铺 tb123456', env: 'prod', values: { baseUrl: sainiu.url } }]);
  const page = await openApp();
  await page.getByRole('row', { name: '店铺 tb123456' }).getByRole('button', { name: '登录', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '扫码登录 店铺 tb123456' });
  await expect(dialog.getByRole('img', { name: '用千牛 App 扫描的二维码' })).toBeVisible();
  await expect(dialog.getByRole('timer')).toHaveText(/二维码将在 [23]:\d\d 后过期/);
  await expect(dialog.getByText(/等待扫码…（第 \d+ 次检查）/)).toBeVisible();
  await screenshotWithoutToasts(page, 'qr-login-dialog-zh');
  sainiu.scan('tb123456');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: '已登录 tb123456：新的 Cookie 已保存。' })).toBeVisible();
});
