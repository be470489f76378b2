import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startBackend } from './harness/backend';
import { expect, screenshot, test } from './harness/fixtures';
import { preloadInitScript } from './harness/preload-script';
import { seedAccounts } from './harness/seed';

const BUNDLE_PASSPHRASE = 'bundle passphrase 42';

for (const language of ['en', 'zh-CN'] as const) {
  const zh = language === 'zh-CN';
  test(`export from one vault, then import into a fresh one (${language})`, async ({ openApp, backend, page }) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-bundle-e2e-'));
    const file = path.join(dir, 'moving.tdbundle');
    await seedAccounts(backend.core, [
      { provider: 'openim', name: 'IM web user', env: 'prod', values: { baseUrl: 'http://127.0.0.1:1', secret: 's3cret-canary', userID: 'u42' } },
      { provider: 'sud', name: 'Game QA', env: 'test', values: { baseUrl: 'http://127.0.0.1:2', code: 'code-canary' } },
    ]);
    await backend.core.updateSettings({ language });

    // Export from the settings, all accounts, under a passphrase of the bundle's own.
    await openApp();
    await page.getByRole('button', { name: zh ? '设置' : 'Settings' }).click();
    await page.getByRole('button', { name: zh ? '导出…' : 'Export…' }).click();
    const exporting = page.getByRole('dialog', { name: zh ? '导出账号' : 'Export accounts' });
    await exporting.getByLabel(zh ? '导出包密码' : 'Bundle passphrase').fill(BUNDLE_PASSPHRASE);
    await exporting.getByLabel(zh ? '再次输入密码' : 'Repeat the passphrase').fill(`${BUNDLE_PASSPHRASE}!`);
    await exporting.getByRole('button', { name: zh ? '选择文件并导出…' : 'Choose file and export…' }).click();
    await expect(exporting.getByRole('alert')).toHaveText(zh ? '两次输入的口令不一致，请重新输入。' : 'The two passphrases differ. Type the same one twice.');
    await exporting.getByLabel(zh ? '再次输入密码' : 'Repeat the passphrase').fill(BUNDLE_PASSPHRASE);
    await screenshot(page, `transfer-export-${zh ? 'zh' : 'en'}-light`);
    // Cancelling the system's save dialog keeps the dialog open; choosing a file exports.
    await exporting.getByRole('button', { name: zh ? '选择文件并导出…' : 'Choose file and export…' }).click();
    await expect(exporting).toBeVisible();
    backend.bundleFiles.push(file);
    await exporting.getByRole('button', { name: zh ? '选择文件并导出…' : 'Choose file and export…' }).click();
    await expect(exporting).toBeHidden();
    await expect(page.getByText(zh ? `已将 2 个账号导出到 ${file}。` : `Exported 2 accounts to ${file}.`)).toBeVisible();

    // A fresh vault on "another computer": File → Import from the application menu.
    const fresh = await startBackend();
    try {
      await fresh.core.updateSettings({ language });
      const other = await page.context().newPage();
      await other.addInitScript({ content: await preloadInitScript() });
      await fresh.connect(other);
      await other.goto(page.url());
      await expect(other.getByRole('heading', { name: zh ? '让工作令牌始终有效' : 'Keep your work tokens fresh' })).toBeVisible();
      fresh.emit('menu:invoked', { command: 'import' });
      const importing = other.getByRole('dialog', { name: zh ? '导入账号' : 'Import accounts' });
      await importing.getByLabel(zh ? '导出包密码' : 'Bundle passphrase').fill('not the passphrase');
      fresh.bundleFiles.push(file);
      await importing.getByRole('button', { name: zh ? '选择文件并导入…' : 'Choose file and import…' }).click();
      await expect(importing.getByRole('alert')).toContainText('passphrase is wrong');
      await importing.getByLabel(zh ? '导出包密码' : 'Bundle passphrase').fill(BUNDLE_PASSPHRASE);
      fresh.bundleFiles.push(file);
      await importing.getByRole('button', { name: zh ? '选择文件并导入…' : 'Choose file and import…' }).click();
      const results = importing.getByRole('table');
      await expect(results.getByRole('row', { name: zh ? 'IM web user 已添加' : 'IM web user Added' })).toBeVisible();
      await expect(results.getByRole('row', { name: zh ? 'Game QA 已添加' : 'Game QA Added' })).toBeVisible();
      await screenshot(other, `transfer-import-${zh ? 'zh' : 'en'}-light`);
      await importing.getByRole('button', { name: zh ? '完成' : 'Done' }).click();
      await expect(other.getByRole('row', { name: /IM web user/ })).toBeVisible();
      await expect(other.getByRole('row', { name: /Game QA/ })).toBeVisible();
      // The secrets came along: the imported account refreshes with its own stored secret.
      expect(fresh.core.list().map((a) => a.secretsSet.sort())).toEqual(expect.arrayContaining([['secret'], ['code']]));
      await other.close();
    } finally {
      await fresh.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
}
