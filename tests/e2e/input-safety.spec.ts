import { startSudServer, type SudServer } from '../servers';
import { expect, screenshot, test } from './harness/fixtures';

let sud: SudServer;
test.beforeEach(async () => {
  sud = await startSudServer();
});
test.afterEach(async () => {
  await sud.close();
});

test('the add form refuses a name or environment with text-direction or control characters, and a URL with user:pass@', async ({ openApp, backend }) => {
  const page = await openApp();
  await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await dialog.getByRole('radio', { name: /SUD/ }).check();

  // "exe.png" shown as "gnp.exe" by a right-to-left override: the classic disguise.
  await dialog.getByRole('textbox', { name: 'Account name', exact: true }).fill('Prod \u202egnp.exe');
  await dialog.getByRole('combobox', { name: 'Environment' }).fill('te\u0007st');
  await dialog.getByRole('textbox', { name: 'Base URL', exact: true }).fill(sud.url.replace('://', '://admin:hunter2@'));
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill(sud.issueCode());
  await dialog.getByRole('button', { name: 'Save and refresh' }).click();

  await expect(dialog.getByText('Account name cannot contain control characters or text-direction marks.')).toBeVisible();
  await expect(dialog.getByText('Environment cannot contain control characters or text-direction marks.')).toBeVisible();
  await expect(dialog.getByText('Base URL must not contain a user name or password (user:pass@).', { exact: false })).toBeVisible();
  await expect(dialog.getByText('secret fields below', { exact: false })).toBeVisible();
  await screenshot(page, 'add-dialog-input-safety-en-light');
  expect(backend.core.list()).toHaveLength(0);

  await dialog.getByRole('textbox', { name: 'Account name', exact: true }).fill('Prod');
  await dialog.getByRole('combobox', { name: 'Environment' }).fill('test');
  await dialog.getByRole('textbox', { name: 'Base URL', exact: true }).fill(sud.url);
  await dialog.getByRole('button', { name: 'Save and refresh' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: 'Prod' }).getByText('Valid')).toBeVisible();
});

test('the add form refuses a name shaped like an account id, and says why', async ({ openApp, backend }) => {
  const page = await openApp();
  await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await dialog.getByRole('radio', { name: /SUD/ }).check();
  // Eight hex digits: what `tokendesk list` shows as an account's short id.
  await dialog.getByRole('textbox', { name: 'Account name', exact: true }).fill('DeadBeef');
  await dialog.getByRole('textbox', { name: 'Base URL', exact: true }).fill(sud.url);
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill(sud.issueCode());
  await dialog.getByRole('button', { name: 'Save and refresh' }).click();
  await expect(dialog.getByText('This name looks like an account id (hex digits and dashes), so the command line could take it for another account’s id. Add a word, such as “QA DeadBeef”.')).toBeVisible();
  expect(backend.core.list()).toHaveLength(0);
  // The engine holds the same rule for any other caller.
  await expect(backend.core.create({ provider: 'sud', name: 'deadbeef', values: { baseUrl: sud.url, code: 'c' } })).rejects.toThrow(/looks like an account id/);

  await dialog.getByRole('textbox', { name: 'Account name', exact: true }).fill('QA DeadBeef');
  await dialog.getByRole('button', { name: 'Save and refresh' }).click();
  await expect(dialog).toBeHidden();
  expect(backend.core.list().map((a) => a.name)).toEqual(['QA DeadBeef']);
});

test.describe('in 简体中文', () => {
  test.use({ backendOptions: { systemLocale: 'zh-CN' } });

  test('the same refusals read in Chinese', async ({ openApp }) => {
    const page = await openApp();
    await page.getByRole('main').getByRole('button', { name: '添加账号' }).click();
    const dialog = page.getByRole('dialog', { name: '添加账号' });
    await dialog.getByRole('radio', { name: /SUD/ }).check();
    await dialog.getByRole('textbox', { name: '账号名称', exact: true }).fill('生产\u202e环境');
    await dialog.getByRole('textbox', { name: '服务地址', exact: true }).fill(sud.url.replace('://', '://admin:hunter2@'));
    await dialog.getByRole('button', { name: /保存并刷新/ }).click();
    await expect(dialog.getByText('账号名称不能包含控制字符或文字方向标记。')).toBeVisible();
    await expect(dialog.getByText('不能包含用户名或密码', { exact: false })).toBeVisible();
    await screenshot(page, 'add-dialog-input-safety-zh-light');
    await dialog.getByRole('textbox', { name: '账号名称', exact: true }).fill('cafe0000-1');
    await dialog.getByRole('button', { name: /保存并刷新/ }).click();
    await expect(dialog.getByText('此名称看起来像账号 ID（十六进制数字和连字符），命令行可能会把它当成另一个账号的 ID。请加上文字，例如“QA cafe0000-1”。')).toBeVisible();
  });
});
