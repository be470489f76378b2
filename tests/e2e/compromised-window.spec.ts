import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startHostileServer, startOpenImServer } from '../servers';
import { expect, screenshot, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * The guards against a window that was taken over, as the person meets them: "Try it" refuses to send an
 * account's stored secrets to another server, and reveal/copy stop after a few tokens a minute. Both say
 * so in the window's language.
 */
const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/openim-user-token.json');
const CANARY = 'canary-e2e-openim-secret-Zt8';

const TEXT = {
  en: {
    settings: 'Settings',
    edit: 'Edit OpenIM user token (v3 /auth/user_token)',
    editor: 'Edit custom provider OpenIM user token (v3 /auth/user_token)',
    sample: 'Sample values',
    account: 'Account: IM web',
    send: 'Send a real request',
    tryRegion: 'Try it',
    tryHeadline: 'Stored secrets go only to their own server',
    tryMeaning: "This definition would send the account's stored secrets to a server the account's own provider does not use.",
    tryNext: 'pick "Type values…" as the sample values',
    details: 'Account details',
    copyButtons: ['Token', 'Header', 'Environment variable', 'curl command'],
    reveal: 'Reveal',
    refusedToast: 'IM web: the token cannot be shown — Too many tokens shown or copied',
    refusedDetail: /^TokenDesk shows or copies only a few tokens a minute, so a window that was taken over cannot empty the vault at once\. Try again at \d\d:\d\d:\d\d\.$/,
  },
  'zh-CN': {
    settings: '设置',
    edit: '编辑 OpenIM 用户令牌（v3 /auth/user_token）',
    editor: '编辑自定义服务商 OpenIM 用户令牌（v3 /auth/user_token）',
    sample: '示例值',
    account: '账号：IM web',
    send: '发送真实请求',
    tryRegion: '试用',
    tryHeadline: '已保存的机密只发往其自己的服务器',
    tryMeaning: '此定义会把账号已保存的机密发往该账号自身服务商不使用的服务器。',
    tryNext: '请在“示例值”中选择“手动输入…”并输入机密',
    details: '账号详情',
    copyButtons: ['令牌', '请求头', '环境变量', 'curl 命令'],
    reveal: '显示',
    refusedToast: 'IM web：无法显示令牌 — 显示或复制令牌过于频繁',
    refusedDetail: /^TokenDesk 每分钟只显示或复制少量令牌，以免被劫持的窗口一次取走全部令牌。请在 \d\d:\d\d:\d\d 之后重试。$/,
  },
} as const;

for (const language of ['en', 'zh-CN'] as const) {
  const text = TEXT[language];
  const tag = language === 'en' ? 'en' : 'zh';

  test(`${tag}: Try it refuses another server for an account's stored secrets, and reveal stops after a few tokens a minute`, async ({ openApp, backend }) => {
    await backend.core.updateSettings({ language });
    const openim = await startOpenImServer({ generation: 'v3.7', secret: CANARY });
    const hostile = await startHostileServer();
    try {
      await backend.core.defineProvider(JSON.parse(await readFile(EXAMPLE, 'utf8')));
      const [account] = await seedAccounts(backend.core, [
        { provider: 'openim-user-token', name: 'IM web', env: 'test', values: { baseUrl: openim.url, userID: 'user-7', secret: CANARY } },
      ]);
      await backend.core.refresh(account!.id);
      const page = await openApp();

      // Try it with the account as the sample, the request URL changed to another server.
      await page.getByRole('button', { name: text.settings }).click();
      await page.getByRole('button', { name: text.edit }).click();
      const editor = page.getByRole('dialog', { name: text.editor });
      await editor.getByLabel(text.sample).selectOption({ label: text.account });
      await editor.getByRole('textbox', { name: 'URL', exact: true }).first().fill(`${hostile.otherUrl}/auth/user_token`);
      await editor.getByRole('button', { name: text.send }).click();
      const refusal = editor.getByRole('region', { name: text.tryRegion }).getByRole('alert');
      await expect(refusal).toContainText(text.tryHeadline);
      await expect(refusal.getByTestId('try-meaning')).toHaveText(text.tryMeaning);
      await expect(refusal.getByTestId('try-next')).toContainText(text.tryNext);
      expect(hostile.state.captured).toEqual([]);
      await refusal.scrollIntoViewIfNeeded();
      await screenshot(page, `try-foreign-origin-${tag}`);
      await openApp(); // the window afresh; the budget is main's and stays

      // Ten tokens copied within the minute; the eleventh (a reveal) is refused, saying until when.
      await page.getByRole('row', { name: /IM web/ }).click();
      const details = page.getByRole('complementary', { name: text.details });
      for (let i = 0; i < 10; i++) await details.getByRole('button', { name: text.copyButtons[i % 4], exact: true }).click();
      await expect.poll(async () => (await backend.core.history({ id: account!.id })).filter((e) => e.operation.startsWith('copy_')).length).toBe(10);
      await details.getByRole('button', { name: text.reveal }).click();
      const toast = page.getByRole('alert').filter({ hasText: text.refusedToast });
      await expect(toast).toBeVisible();
      await expect(toast.locator('.toast-detail')).toHaveText(text.refusedDetail);
      await expect(details.getByRole('textbox')).not.toHaveValue(backend.core.token(account!.id));
      await screenshot(page, `reveal-budget-${tag}`);
    } finally {
      await Promise.all([openim.close(), hostile.close()]);
    }
  });
}
