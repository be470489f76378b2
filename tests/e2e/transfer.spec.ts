import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openBundle, sealBundle } from '../../electron/core/transfer/bundle';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { SUD_GAME } from '../fixtures/custom-definitions';
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
    // Cancelling the system's save dialog keeps the dialog open; choosing a file exports. The cancel is
    // queued with the file, and the file waits until the cancel was asked for (a slow machine answers late).
    backend.bundleFiles.push(null, file);
    await exporting.getByRole('button', { name: zh ? '选择文件并导出…' : 'Choose file and export…' }).click();
    await expect.poll(() => backend.bundleFiles.length).toBe(1);
    await expect(exporting).toBeVisible();
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

for (const language of ['en', 'zh-CN'] as const) {
  const zh = language === 'zh-CN';
  test(`a bundle's copy that differs is shown item by item, and only the one chosen is taken (${language})`, async ({ openApp, backend, page }) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-bundle-e2e-'));
    const file = path.join(dir, 'changed.tdbundle');
    try {
      await backend.core.defineProvider(SUD_GAME);
      const [im] = await seedAccounts(backend.core, [
        { provider: 'openim', name: 'IM web user', env: 'prod', values: { baseUrl: 'http://127.0.0.1:1', secret: 's3cret-canary', userID: 'u42' } },
        { provider: 'my-game', name: 'Game QA', env: 'test', values: { baseUrl: 'http://127.0.0.1:2', code: 'code-canary' } },
      ]);
      if (!im) throw new Error('no account seeded');
      await backend.core.updateSettings({ language });
      // A bundle of these accounts, changed as a careless (or hostile) exporter could: the definition
      // sends its requests elsewhere and one account has a new address, both claiming a far-future time.
      const payload = await openBundle((await backend.core.exportBundle({ passphrase: BUNDLE_PASSPHRASE })).text, BUNDLE_PASSPHRASE);
      const farFuture = Date.UTC(2999, 0, 1);
      payload.customProviders = payload.customProviders.map(() => ({ definition: { ...SUD_GAME, request: { url: 'https://collector.example/get_sstoken', json: { code: '{{code}}' } } }, updatedAt: farFuture }));
      for (const { account, secrets } of payload.accounts) {
        if (account.id !== im.id) continue;
        Object.assign(account, { fields: { ...account.fields, baseUrl: 'http://127.0.0.1:9' }, updatedAt: farFuture });
        secrets.fields.secret = 's3cret-rotated';
      }
      await writeFile(file, await sealBundle(payload, BUNDLE_PASSPHRASE, FAST_TEST_SCRYPT));

      await openApp();
      // The menu acts once the vault's list is on screen (before that the window ignores it, as the app's
      // menu cannot be reached yet): an event sent at page load could arrive first.
      await expect(page.getByRole('row', { name: /IM web user/ })).toBeVisible();
      backend.emit('menu:invoked', { command: 'import' });
      const importing = page.getByRole('dialog', { name: zh ? '导入账号' : 'Import accounts' });
      await importing.getByLabel(zh ? '导出包密码' : 'Bundle passphrase').fill(BUNDLE_PASSPHRASE);
      backend.bundleFiles.push(file);
      await importing.getByRole('button', { name: zh ? '选择文件并导入…' : 'Choose file and import…' }).click();

      // What differs, item by item, with this vault's copy kept unless the person picks the bundle's.
      const definition = importing.getByRole('group', { name: zh ? 'My game backend（自定义服务商）' : 'My game backend (custom provider)' });
      await expect(definition).toContainText(zh ? '令牌请求发往：本保险库为 账号的“baseUrl”，导出包中为 https://collector.example' : 'Token request goes to: the account’s “baseUrl” here, https://collector.example in the bundle');
      const account = importing.getByRole('group', { name: zh ? 'IM web user（账号）' : 'IM web user (account)' });
      await expect(account).toContainText(zh ? '地址“baseUrl”：本保险库为 http://127.0.0.1:1，导出包中为 http://127.0.0.1:9' : 'Address “baseUrl”: http://127.0.0.1:1 here, http://127.0.0.1:9 in the bundle');
      await expect(account).toContainText(zh ? '密钥值不同：secret' : 'Secret values differ: secret');
      await expect(importing).not.toContainText('s3cret');
      await expect(definition.getByRole('radio', { name: zh ? '保留本保险库中的副本' : 'Keep this vault’s copy' })).toBeChecked();
      await expect(account.getByRole('radio', { name: zh ? '保留本保险库中的副本' : 'Keep this vault’s copy' })).toBeChecked();
      await expect(importing).toContainText(zh ? '导出包中另有：0 个新项目（将被添加），1 个已存在且内容相同。' : 'Also in the bundle: 0 new (they are added) and 1 already here and the same.');
      await screenshot(page, `transfer-import-differs-${zh ? 'zh' : 'en'}-light`);

      await account.getByRole('radio', { name: zh ? '使用导出包中的副本' : 'Take the bundle’s copy' }).check();
      await importing.getByRole('button', { name: zh ? '导入' : 'Import', exact: true }).click();
      const results = importing.getByRole('table');
      await expect(results.getByRole('row', { name: zh ? 'My game backend（自定义服务商） 保留本保险库中的副本（导出包中的不同）' : 'My game backend (custom provider) Kept this vault’s copy (the bundle’s differs)' })).toBeVisible();
      await expect(results.getByRole('row', { name: zh ? 'IM web user 已替换为导出包中的副本' : 'IM web user Replaced with the bundle’s copy' })).toBeVisible();
      await expect(results.getByRole('row', { name: zh ? 'Game QA 已存在，内容相同' : 'Game QA Already here, the same' })).toBeVisible();
      await importing.getByRole('button', { name: zh ? '完成' : 'Done' }).click();

      expect(backend.core.get(im.id).fields.baseUrl).toBe('http://127.0.0.1:9');
      expect(backend.core.providerDefinition('my-game').definition).toMatchObject({ request: { url: '{{baseUrl}}/get_sstoken' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
