import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { startOpenImServer, type OpenImServer } from '../servers';
import { expect, screenshotWithoutToasts, test } from './harness/fixtures';

/**
 * The custom-provider journey in the window: Settings → New custom provider → OpenIM v3's
 * /auth/user_token declared section by section against the local OpenIM server (v3.7, which has that
 * route) → the live preview masks the secret → Try it → Save → an account of it gets a token.
 */

const SECRET = 'openIM123';

/** OpenIM v3's user_token as a definition file (the example of docs/custom-providers.md, platform Web). */
const definitionFile = (id: string, name: string): Record<string, unknown> => ({
  id,
  name,
  nameZh: 'OpenIM v3 用户令牌',
  fields: [
    { name: 'baseUrl', label: 'Server address', labelZh: '服务器地址', required: true, kind: 'url' },
    { name: 'userID', label: 'User ID', labelZh: '用户 ID', required: true },
    { name: 'secret', label: 'Server secret', labelZh: '服务器密钥', required: true, secret: true },
  ],
  request: {
    method: 'POST',
    url: '{{baseUrl}}/auth/user_token',
    headers: { operationID: '{{uuid}}' },
    json: { secret: '{{secret}}', platformID: 5, userID: '{{userID}}' },
  },
  success: { path: 'errCode', equals: 0 },
  token: { path: 'data.token' },
  expiry: { path: 'data.expireTimeSeconds', unit: 'duration-seconds' },
  error: { codePath: 'errCode', messagePath: 'errMsg' },
});

let openim: OpenImServer;
let dir: string;
test.beforeEach(async () => {
  openim = await startOpenImServer({ generation: 'v3.7' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-custom-e2e-'));
});
test.afterEach(async () => {
  await openim.close();
  await rm(dir, { recursive: true, force: true });
});

/** Types sample values (secrets into password inputs) into the editor's "Type values…" form. */
async function typeSample(editor: Locator, values: Record<string, string>, typedLabel: string): Promise<void> {
  await editor.getByLabel(/^(Sample values|示例值)$/).selectOption({ label: typedLabel });
  for (const [label, value] of Object.entries(values)) await editor.getByLabel(label, { exact: true }).last().fill(value);
}

test('a custom provider declared in the editor, previewed with its secret masked, tried, saved, and used by an account', async ({ openApp, page, backend }) => {
  await openApp();
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('button', { name: 'New custom provider' }).click();
  const editor = page.getByRole('dialog', { name: 'New custom provider' });
  const save = editor.getByRole('button', { name: 'Save provider' });

  // Basics. A wrong id shows its problem beside it, and Save stays off until it is right.
  const id = editor.getByRole('textbox', { name: 'Provider ID' });
  await id.fill('OpenIM V3');
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await expect(id).toHaveAccessibleDescription(/Lower-case letters, digits and -, 2 to 40 characters/);
  await expect(save).toBeDisabled();
  await id.fill('openim-v3');
  await expect(id).toHaveAttribute('aria-invalid', 'false');
  await editor.getByRole('textbox', { name: 'Name', exact: true }).fill('OpenIM v3 user token');
  await editor.getByRole('textbox', { name: 'Chinese name' }).fill('OpenIM v3 用户令牌');

  // Fields: the server address is there from the start; add the user ID and the secret.
  await editor.getByRole('button', { name: 'Add field' }).click();
  const second = editor.getByRole('group', { name: /^Field 2/ });
  await second.getByRole('textbox', { name: 'Name (placeholder)' }).fill('userID');
  await second.getByRole('textbox', { name: 'Label', exact: true }).fill('User ID');
  await editor.getByRole('button', { name: 'Add field' }).click();
  const third = editor.getByRole('group', { name: /^Field 3/ });
  await third.getByRole('textbox', { name: 'Name (placeholder)' }).fill('secret');
  await third.getByRole('textbox', { name: 'Label', exact: true }).fill('Server secret');
  await third.getByRole('checkbox', { name: 'Secret' }).check();
  // Reordering: the secret moves up and back down.
  await editor.getByRole('button', { name: 'Move secret up' }).click();
  await expect(editor.getByRole('group', { name: /^Field 2/ })).toHaveAccessibleName('Field 2: secret');
  await editor.getByRole('button', { name: 'Move secret down' }).click();
  await expect(editor.getByRole('group', { name: /^Field 3/ })).toHaveAccessibleName('Field 3: secret');

  // Request: URL, the operationID header, a JSON body.
  const request = editor.getByRole('region', { name: 'Request', exact: true });
  await request.getByRole('textbox', { name: 'URL' }).fill('{{baseUrl}}/auth/user_token');
  await request.getByRole('button', { name: 'Add header' }).click();
  await request.getByRole('textbox', { name: 'Header name 1' }).fill('operationID');
  await request.getByRole('textbox', { name: 'Header value operationID' }).fill('{{uuid}}');
  const body = request.getByRole('textbox', { name: 'JSON body' });
  await body.fill('{ "secret": "{{secret}}", "platformID": 5, "userID": "{{userID}}" ');
  await expect(body).toHaveAccessibleDescription(/Not valid JSON \(/);
  await body.fill('{ "secret": "{{secret}}", "platformID": 5, "userID": "{{userID}}" }');
  await expect(body).toHaveAttribute('aria-invalid', 'false');

  // Answer.
  const answer = editor.getByRole('region', { name: 'Answer' });
  await answer.getByRole('textbox', { name: 'Success path' }).fill('errCode');
  await answer.getByRole('textbox', { name: 'Success value' }).fill('0');
  await expect(save).toBeDisabled(); // no token path yet
  await expect(editor.getByRole('status').filter({ hasText: 'Fix the problems to save' })).toBeVisible();
  await answer.getByRole('textbox', { name: 'Token path' }).fill('data.token');
  await answer.getByRole('textbox', { name: 'Expiry path' }).fill('data.expireTimeSeconds');
  await answer.getByLabel('Expiry unit').selectOption('duration-seconds');
  await answer.getByRole('textbox', { name: 'Error code path' }).fill('errCode');
  await answer.getByRole('textbox', { name: 'Error message path' }).fill('errMsg');
  await expect(save).toBeEnabled();

  // The live preview, with typed sample values: the secret shows as ••••, never as typed.
  await typeSample(editor, { 'Server address': openim.url, 'User ID': 'user-42', 'Server secret': SECRET }, 'Type values…');
  await expect(editor.getByLabel('Server secret', { exact: true }).last()).toHaveAttribute('type', 'password');
  const preview = editor.getByRole('region', { name: 'Preview' });
  await expect(preview.getByTestId('preview-line')).toHaveText(`POST ${openim.url}/auth/user_token`);
  await expect(preview.getByTestId('preview-body')).toContainText('"secret": "••••"');
  await expect(preview.getByTestId('preview-body')).toContainText('"userID": "user-42"');
  await expect(preview.getByTestId('preview-headers')).toContainText(/operationID: [0-9a-f-]{36}/);
  await expect(preview).not.toContainText(SECRET);
  await screenshotWithoutToasts(page, 'custom-editor-en-light');

  // Try it: a real request, the token masked, the expiry as a date and the time left; nothing saved.
  const before = openim.state.requests.userToken;
  await editor.getByRole('button', { name: 'Send a real request' }).click();
  const result = editor.getByRole('status', { name: 'Try it result' });
  await expect(result.getByTestId('try-status')).toHaveText('HTTP 200');
  await expect(result.getByTestId('try-extracted')).toContainText('•');
  await expect(result.getByTestId('try-extracted')).toContainText(/\(\d+ characters\)/);
  await expect(result.getByTestId('try-extracted')).toContainText(/\d+d \d+h/);
  await expect(result.getByTestId('try-answer')).toContainText('"expireTimeSeconds": 7776000');
  await expect(result).not.toContainText(SECRET);
  expect(openim.state.requests.userToken).toBe(before + 1);
  expect(backend.core.list()).toHaveLength(0);
  await result.scrollIntoViewIfNeeded();
  await screenshotWithoutToasts(page, 'custom-try-en-light');

  // A wrong secret: the provider's own code and message, explained.
  await editor.getByLabel('Server secret', { exact: true }).last().fill('wrong-secret');
  await editor.getByRole('button', { name: 'Send a real request' }).click();
  await expect(editor.getByTestId('try-said')).toContainText('1002');
  await expect(editor.getByRole('region', { name: 'Try it' })).not.toContainText('wrong-secret');

  await save.click();
  await expect(editor).toBeHidden();
  const table = settings.getByRole('table', { name: 'Custom providers' });
  await expect(table.getByRole('row', { name: /OpenIM v3 user token/ })).toContainText('openim-v3');
  await table.scrollIntoViewIfNeeded();
  await screenshotWithoutToasts(page, 'custom-settings-en-light');
  await settings.getByRole('button', { name: 'Done' }).click();

  // An account of it, added like any provider's, gets a token and its expiry.
  await page.getByRole('button', { name: 'Add account' }).first().click();
  const add = page.getByRole('dialog', { name: 'Add account' });
  await add.getByRole('radio', { name: /OpenIM v3 user token/ }).check();
  await add.getByRole('textbox', { name: 'Account name', exact: true }).fill('IM via custom');
  await add.getByRole('textbox', { name: 'Server address', exact: true }).fill(openim.url);
  await add.getByRole('textbox', { name: 'User ID', exact: true }).fill('user-42');
  await add.getByRole('textbox', { name: 'Server secret', exact: true }).fill(SECRET);
  await add.getByRole('button', { name: 'Save and refresh' }).click();
  await expect(add).toBeHidden();
  const row = page.getByRole('row', { name: 'IM via custom' });
  await expect(row.getByText('Valid')).toBeVisible();
  await expect(row.getByRole('timer')).toHaveText(/^(89|90)d/);
  const [account] = backend.core.list();
  expect(openim.check(backend.core.token(account!.id) ?? '')).toBe(0);

  // Editing again shows the account as a sample; Settings counts it.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(table.getByRole('row', { name: /OpenIM v3 user token/ }).getByRole('cell').nth(2)).toHaveText('1');
  await settings.getByRole('button', { name: 'Edit OpenIM v3 user token' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit custom provider OpenIM v3 user token' });
  await edit.getByLabel('Sample values').selectOption({ label: 'Account: IM via custom' });
  await expect(edit.getByRole('region', { name: 'Preview' }).getByTestId('preview-body')).toContainText('"userID": "user-42"');
  await edit.getByRole('button', { name: 'Send a real request' }).click();
  await expect(edit.getByTestId('try-status')).toHaveText('HTTP 200');
  // A change saved replaces the definition; the list and the sidebar follow.
  await edit.getByRole('textbox', { name: 'Name', exact: true }).fill('OpenIM v3 (web)');
  await edit.getByRole('button', { name: 'Save provider' }).click();
  await expect(edit).toBeHidden();
  await expect(table).toContainText('OpenIM v3 (web)');
  await expect(page.getByRole('navigation', { name: 'Filters' })).toContainText('OpenIM v3 (web)');

  // Removing it while the account uses it asks first, and offers to keep the account.
  await settings.getByRole('button', { name: 'Remove OpenIM v3 (web)' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove OpenIM v3 (web)?' });
  await expect(confirm).toContainText('Accounts using this provider: 1');
  await confirm.getByRole('button', { name: 'Remove anyway — keep the accounts' }).click();
  await expect(confirm).toBeHidden();
  await expect(settings.getByText('No custom providers yet.')).toBeVisible();
  expect(backend.core.list()).toHaveLength(1);
  // The account stays, saying its provider is missing.
  await settings.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('row', { name: 'IM via custom' }).click();
  await expect(page.getByRole('complementary', { name: 'Account details' })).toContainText('Provider missing');
  // It can still be renamed and moved; its settings wait for the definition, and there is nothing to refresh with.
  await page.getByRole('complementary', { name: 'Account details' }).getByRole('button', { name: 'Edit' }).click();
  const editMissing = page.getByRole('dialog', { name: 'Edit IM via custom' });
  await expect(editMissing.getByTestId('provider-missing-help')).toContainText('is not defined');
  await expect(editMissing.getByRole('button', { name: 'Save and refresh' })).toHaveCount(0);
  await editMissing.getByRole('textbox', { name: 'Account name', exact: true }).fill('IM kept');
  await editMissing.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(editMissing).toBeHidden();
  await expect(page.getByRole('row', { name: 'IM kept' })).toBeVisible();
  expect(backend.core.list()[0]?.name).toBe('IM kept');
});

test('a definition file is imported into the editor; a bad file names the field at fault (dark theme)', async ({ openApp, page, backend }) => {
  await backend.core.updateSettings({ theme: 'dark' });
  const good = path.join(dir, 'openim-v3.json');
  const bad = path.join(dir, 'broken.json');
  await writeFile(good, JSON.stringify(definitionFile('openim-import', 'Imported OpenIM')));
  await writeFile(bad, JSON.stringify({ ...definitionFile('openim-bad', 'Broken'), token: { path: 'data..token' } }));
  await openApp();
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });

  const choose = async (file: string): Promise<void> => {
    const chooser = page.waitForEvent('filechooser');
    await settings.getByRole('button', { name: 'Import JSON…' }).click();
    await (await chooser).setFiles(file);
  };
  await choose(bad);
  await expect(settings.getByRole('alert')).toHaveText('broken.json is not a valid definition. token.path: Not a dot path: names and indexes joined by dots, e.g. data.token or data.items.0.token.');

  await choose(good);
  const editor = page.getByRole('dialog', { name: 'New custom provider' });
  await expect(editor.getByRole('textbox', { name: 'Provider ID' })).toHaveValue('openim-import');
  await expect(editor.getByRole('group', { name: 'Field 3: secret' }).getByRole('checkbox', { name: 'Secret' })).toBeChecked();
  // The JSON view holds the same definition, and edits there come back to the form.
  await editor.getByRole('button', { name: 'JSON', exact: true }).click();
  const json = editor.getByRole('textbox', { name: 'The whole definition as JSON' });
  expect(JSON.parse(await json.inputValue())).toMatchObject({ id: 'openim-import', request: { json: { platformID: 5 } } });
  await screenshotWithoutToasts(page, 'custom-editor-json-en-dark');
  await json.fill((await json.inputValue()).replace('Imported OpenIM', 'Imported and renamed'));
  await editor.getByRole('button', { name: 'Form', exact: true }).click();
  await expect(editor.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Imported and renamed');

  // Export gives the same JSON back as a file.
  const download = page.waitForEvent('download');
  await editor.getByRole('button', { name: 'Export JSON' }).click();
  const saved = await (await download).path();
  const { readFile } = await import('node:fs/promises');
  expect(JSON.parse(await readFile(saved, 'utf8'))).toMatchObject({ id: 'openim-import', name: 'Imported and renamed' });

  // Escape with changes made asks first; keeping on editing loses nothing.
  await page.keyboard.press('Escape');
  const ask = editor.getByRole('alert').filter({ hasText: 'Close without saving?' });
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(editor.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('Imported and renamed');

  await editor.getByRole('button', { name: 'Save provider' }).click();
  await expect(editor).toBeHidden();
  await expect(settings.getByRole('table', { name: 'Custom providers' })).toContainText('Imported and renamed');
});

test.describe('in Chinese', () => {
  test.use({ backendOptions: { systemLocale: 'zh-CN' } });

  test('the editor, its preview and a Try-it result in Chinese', async ({ openApp, page }) => {
    // The example the repository ships (examples/), as a person would import it.
    const file = path.resolve(import.meta.dirname, '../../examples/openim-user-token.json');
    await openApp();
    await page.getByRole('button', { name: '设置' }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: '导入 JSON…' }).click();
    await (await chooser).setFiles(file);
    const editor = page.getByRole('dialog', { name: '新建自定义服务商' });
    await typeSample(editor, { 'API 地址': openim.url, '用户 ID': 'user-42', 服务端密钥: SECRET }, '手动输入…');
    const preview = editor.getByRole('region', { name: '预览' });
    await expect(preview.getByTestId('preview-body')).toContainText('"secret": "••••"');
    // The example's platform is an integer field: its default goes out as a number.
    await expect(preview.getByTestId('preview-body')).toContainText('"platformID": 5,');
    await screenshotWithoutToasts(page, 'custom-editor-zh-light');
    await editor.getByRole('button', { name: '发送真实请求' }).click();
    const result = editor.getByRole('status', { name: '试用结果' });
    await expect(result.getByTestId('try-status')).toHaveText('HTTP 200');
    await expect(result.getByTestId('try-extracted')).toContainText(/\d+天/);
    await expect(result.getByTestId('try-extracted')).toContainText(/（\d+ 个字符）/);
    await result.scrollIntoViewIfNeeded();
    await screenshotWithoutToasts(page, 'custom-try-zh-light');
  });
});
