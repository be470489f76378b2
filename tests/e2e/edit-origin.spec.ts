import { expect, screenshot, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * An edit that points an account at another server, as the person meets it in the window: refused until the
 * secret is typed again, with the reason in the window's language; typing it lets the edit through.
 */
const TEXT = {
  en: {
    details: 'Account details',
    edit: 'Edit',
    dialog: 'Edit Game QA',
    baseUrl: 'Base URL',
    code: 'Code',
    save: 'Save',
    headline: 'Stored secrets do not follow an account to a new server',
  },
  'zh-CN': {
    details: '账号详情',
    edit: '编辑',
    dialog: '编辑 Game QA',
    baseUrl: '服务地址',
    code: '短期令牌 code',
    save: '保存',
    headline: '已保存的机密不会随账号发往新服务器',
  },
} as const;

for (const language of ['en', 'zh-CN'] as const) {
  const words = TEXT[language];
  test(`moving an account to another server needs its secret typed again (${language})`, async ({ openApp, backend }) => {
    const [account] = await seedAccounts(backend.core, [
      { provider: 'sud', name: 'Game QA', env: 'test', values: { baseUrl: 'http://127.0.0.1:9/', code: 'code-canary-e2e' } },
    ]);
    await backend.core.updateSettings({ language });
    const page = await openApp();
    await page.getByRole('row', { name: 'Game QA' }).click();
    await page.getByRole('complementary', { name: words.details }).getByRole('button', { name: words.edit, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: words.dialog });
    await dialog.getByRole('textbox', { name: words.baseUrl, exact: true }).fill('http://127.0.0.1:8/');
    await dialog.getByRole('button', { name: words.save, exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText(words.headline);
    await expect(dialog).not.toContainText('code-canary-e2e');
    await screenshot(page, `edit-origin-${language === 'zh-CN' ? 'zh' : 'en'}-light`);
    expect(backend.core.get(account!.id).fields.baseUrl).toBe('http://127.0.0.1:9/');

    await dialog.getByRole('textbox', { name: words.code, exact: true }).fill('a-code-for-the-new-server');
    await dialog.getByRole('button', { name: words.save, exact: true }).click();
    await expect(dialog).toBeHidden();
    const view = backend.core.get(account!.id);
    expect(view.fields.baseUrl).toBe('http://127.0.0.1:8/');
    expect(view.secretsSet).toEqual(['code']);
  });
}
