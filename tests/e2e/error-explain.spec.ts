import os from 'node:os';
import { isoInstant } from '../../shared/datetime';
import { startOneAccessServer } from '../servers';
import { expect, screenshotWithoutToasts, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * A OneAccess session that ends: the first refresh renews it (both expiries shown), the next renewal
 * is refused. The details pane says what the server said, what it means and what to do, and "Copy
 * diagnostic" puts the redacted exchange on the clipboard. English and 简体中文, with screenshots.
 */
const CLIENT_SECRET = 'canary-client-secret-e2e-5Kq';

const TEXT = {
  en: {
    details: 'Account details',
    failed: 'Failed',
    said: 'What the server said',
    meaning: /session: it has ended or was revoked/,
    next: 'Log in again, then paste the new session token and its expiry into the account.',
    copy: 'Copy diagnostic',
    copied: 'Copied the diagnostic (secrets removed).',
    sessionExpires: 'Session expires',
    renewed: 'Session last renewed',
    edit: 'Edit',
    editTitle: 'Edit Tenant SSO',
    os: 'OS version',
    sessionField: 'Session expires at',
  },
  'zh-CN': {
    details: '账号详情',
    failed: '失败',
    said: '服务器的回复',
    meaning: /会话已结束或被撤销/,
    next: '重新登录，然后把新的会话令牌及其到期时间填入账号。',
    copy: '复制诊断信息',
    copied: '已复制诊断信息（已去除密钥）。',
    sessionExpires: '会话过期时间',
    renewed: '会话上次续期',
    edit: '编辑',
    editTitle: '编辑 Tenant SSO',
    os: '操作系统版本',
    sessionField: '会话到期时间',
  },
} as const;

for (const language of ['en', 'zh-CN'] as const) {
  const text = TEXT[language];
  const tag = language === 'en' ? 'en' : 'zh';

  test(`${tag}: a refused session renewal is explained, and copy diagnostic copies it redacted`, async ({ openApp, backend }) => {
    await backend.core.updateSettings({ language });
    // 20-minute sessions: every refresh falls inside the 30-minute margin and renews the session.
    const server = await startOneAccessServer({ sessionTtlSeconds: 1_200, ticketTtlSeconds: 600, clientSecret: CLIENT_SECRET });
    try {
      const firstSession = server.login().session_token;
      const [account] = await seedAccounts(backend.core, [
        {
          provider: 'oneaccess',
          name: 'Tenant SSO',
          env: 'test',
          values: {
            baseUrl: server.url, clientId: 'oa-client', clientSecret: CLIENT_SECRET, sessionToken: firstSession,
            deviceFingerprint: 'fp-123456', sessionExpiresAt: isoInstant(Date.now() + 10 * 60_000),
          },
        },
      ]);
      const page = await openApp();
      const row = page.getByRole('row', { name: 'Tenant SSO' });
      await row.getByRole('button', { name: /Tenant SSO/ }).first().click();
      await expect.poll(() => server.state.sessionRefreshes).toBe(1);
      await row.click();
      const details = page.getByRole('complementary', { name: text.details });
      await expect(details.getByText(text.renewed)).toBeVisible();
      await expect(details.getByText(text.sessionExpires, { exact: true })).toBeVisible();
      await details.getByText(text.sessionExpires, { exact: true }).scrollIntoViewIfNeeded();
      await screenshotWithoutToasts(page, `details-oneaccess-session-${tag}`);

      // Someone ends the session (logout, admin): the next renewal is refused.
      const renewedSession = server.state.calls.find((c) => c.path.endsWith('/sso-ticket'))?.session_token ?? '';
      server.revokeSessionToken(renewedSession);
      const ticket = backend.core.token(account!.id);
      await details.getByRole('button', { name: /^(Refresh|刷新)$/ }).click();
      await expect(row.getByText(text.failed)).toBeVisible();

      const problem = details.getByRole('alert');
      await expect(problem.getByText(text.said)).toBeVisible();
      await expect(problem.getByTestId('error-said')).toContainText('SSO.0003');
      await expect(problem.getByTestId('error-said')).toContainText('session_token is invalid or expired');
      await expect(problem.getByTestId('error-meaning')).toHaveText(text.meaning);
      await expect(problem.getByTestId('error-next')).toHaveText(text.next);
      expect(backend.core.token(account!.id)).toBe(ticket);

      await problem.scrollIntoViewIfNeeded();
      await screenshotWithoutToasts(page, `error-explained-${tag}`);

      await problem.getByRole('button', { name: text.copy }).click();
      await expect(page.getByText(text.copied)).toBeVisible();
      const copied = backend.clipboard.text;
      expect(copied).toContain('TokenDesk diagnostic');
      expect(copied).toContain(`POST ${server.url}/api/v2/tenant/sso/session-token/refresh`);
      expect(copied).toContain('→ 400 Bad Request');
      expect(copied).toContain('"error_code":"SSO.0003"');
      for (const secret of [CLIENT_SECRET, firstSession, renewedSession, ticket, server.state.lastAccessToken ?? 'none-issued']) {
        expect(copied).not.toContain(secret);
      }

      // The edit form: the OS version is this machine's unless the person types one; the session end is the renewed one.
      await details.getByRole('button', { name: text.edit, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: text.editTitle });
      const osInput = dialog.getByRole('textbox', { name: text.os, exact: true });
      await expect(osInput).toHaveValue('');
      await expect(osInput).toHaveAttribute('placeholder', new RegExp(os.release().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      const sessionInput = dialog.getByRole('textbox', { name: text.sessionField, exact: true });
      await expect(sessionInput).toHaveValue(/^\d{4}-\d{2}-\d{2}T/);
      await sessionInput.scrollIntoViewIfNeeded();
      await screenshotWithoutToasts(page, `oneaccess-edit-${tag}`);
    } finally {
      await server.close();
    }
  });
}
