import type { Page } from '@playwright/test';
import { startOneAccessServer, startSaiNiuServer } from '../servers';
import { expect, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/** A time as the window writes it (same Intl options as shared/i18n/format.ts), computed in the page. */
function pageDateTime(page: Page, at: number, language = 'en'): Promise<string> {
  return page.evaluate(
    ([ms, lang]) =>
      new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms),
    [at, language] as const,
  );
}

/** A table's short date and time ("Nov 23, 01:27"; with the year when it is not this year's), computed in the page. */
function pageCompactDateTime(page: Page, at: number): Promise<string> {
  return page.evaluate((ms) => {
    const withYear = new Date(ms).getFullYear() !== new Date().getFullYear();
    const options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    return new Intl.DateTimeFormat('en', withYear ? { ...options, year: 'numeric' } : options).format(ms);
  }, at);
}

test('a SaiNiu refresh shows the cookie table with names, domains and expiries, and no cookie value', async ({ openApp, backend }) => {
  const sainiu = await startSaiNiuServer({ cookieShape: 'array' });
  try {
    const [account] = await seedAccounts(backend.core, [
      { provider: 'sainiu', name: 'Shop tb123456', env: 'prod', values: { baseUrl: sainiu.url, userNick: 'tb123456', logonToken: '8ef9-logon-token' } },
    ]);
    const page = await openApp();
    const row = page.getByRole('row', { name: 'Shop tb123456' });
    await row.getByRole('button', { name: 'Refresh Shop tb123456' }).click();
    await expect(row.getByText('Valid')).toBeVisible();
    await row.click();

    const details = page.getByRole('complementary', { name: 'Account details' });
    const table = details.getByRole('table', { name: 'Cookies' });
    for (const name of ['cookie2', '_m_h5_tk', 'sgcookie', 'unb', 'session_only']) {
      await expect(table.getByRole('cell', { name, exact: true })).toBeVisible();
    }
    // Each cookie's domain and expiry as the framework stated them; a session cookie says so.
    await expect(table.getByRole('columnheader')).toHaveText(['Name', 'Domain', 'Expires', 'Value']);
    const cookie2 = table.getByRole('row').filter({ has: page.getByRole('cell', { name: 'cookie2', exact: true }) });
    const shortest = sainiu.state.lastShortestExpiry ?? 0;
    expect(shortest).toBeGreaterThan(Date.now());
    await expect(cookie2.getByRole('cell')).toHaveText(['cookie2', '.taobao.com', await pageCompactDateTime(page, shortest), '••••']);
    // The full time is in the cell's tooltip.
    await expect(cookie2.getByRole('cell').nth(2)).toHaveAttribute('title', await pageDateTime(page, shortest));
    const session = table.getByRole('row').filter({ has: page.getByRole('cell', { name: 'session_only', exact: true }) });
    await expect(session.getByRole('cell')).toHaveText(['session_only', '.taobao.com', 'Session', '••••']);
    // Values are masked: none of the cookie values from the Cookie header is on the page.
    const header = backend.core.token(account!.id);
    const values = header.split('; ').map((pair) => pair.slice(pair.indexOf('=') + 1)).filter((v) => v.length > 3);
    expect(values.length).toBeGreaterThan(3);
    const text = await page.locator('body').innerText();
    for (const value of values) expect(text).not.toContain(value);
    await expect(table.getByRole('cell', { name: 'Value hidden' })).toHaveCount(6);

    // SaiNiu copies as a Cookie header, through main.
    await details.getByRole('button', { name: 'Cookie header' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied the Cookie header.' })).toBeVisible();
    expect(backend.clipboard.text).toBe(`Cookie: ${header}`);
  } finally {
    await sainiu.close();
  }
});

test('a OneAccess refresh shows the one-time sso_ticket with its expiry and when the access token expires', async ({ openApp, backend }) => {
  const oneaccess = await startOneAccessServer({ ticketTtlSeconds: 300, accessTokenTtlSeconds: 1800 });
  try {
    const [account] = await seedAccounts(backend.core, [
      {
        provider: 'oneaccess',
        name: 'Tenant SSO',
        env: 'test',
        values: { baseUrl: oneaccess.url, clientId: 'oa-client', clientSecret: 'oa-client-secret', sessionToken: 'session-abc', deviceFingerprint: 'fp-123456' },
      },
    ]);
    const page = await openApp();
    const row = page.getByRole('row', { name: 'Tenant SSO' });
    const clickedAt = Date.now();
    await row.getByRole('button', { name: 'Refresh Tenant SSO' }).click();
    await expect(row.getByText('Expiring')).toBeVisible();
    await expect(row.getByRole('timer')).toHaveText(/^(4m \d\ds|5m 00s)$/);
    // Under ten minutes left: amber.
    await expect(row.getByRole('timer')).toHaveClass(/u-warning/);

    await row.click();
    const details = page.getByRole('complementary', { name: 'Account details' });
    await expect(details.getByRole('heading', { name: 'OneAccess' })).toBeVisible();
    await expect(details.getByText('Ticket lifetime')).toBeVisible();
    await expect(details.getByText('5m', { exact: true })).toBeVisible();
    await expect(details.getByText('fp-123456')).toBeVisible();
    await details.getByRole('button', { name: 'Reveal' }).click();
    const ticket = backend.core.token(account!.id);
    expect(ticket).toMatch(/^ST-/);
    await expect(details.getByRole('textbox', { name: 'Token value' })).toHaveValue(ticket);
    expect(oneaccess.state.tickets).toBe(1);

    // The tenant access token behind the ticket: fetched now, good for the 30 minutes the server said.
    const accessAt = backend.core.get(account!.id).extras.accessTokenExpiresAt;
    expect(typeof accessAt).toBe('number');
    expect(accessAt as number).toBeGreaterThanOrEqual(clickedAt + 1_800_000);
    expect(accessAt as number).toBeLessThanOrEqual(Date.now() + 1_800_000);
    const accessFact = details.locator('.fact').filter({ has: page.getByRole('term').getByText('Access token expires', { exact: true }) });
    await expect(accessFact.getByRole('definition')).toHaveText(await pageDateTime(page, accessAt as number));
    // … and in 简体中文.
    await backend.core.updateSettings({ language: 'zh-CN' });
    const zhDetails = page.getByRole('complementary', { name: '账号详情' });
    const zhFact = zhDetails.locator('.fact').filter({ has: page.getByRole('term').getByText('访问凭证过期时间', { exact: true }) });
    await expect(zhFact.getByRole('definition')).toHaveText(await pageDateTime(page, accessAt as number, 'zh-CN'));
  } finally {
    await oneaccess.close();
  }
});

test('a countdown turns red under a minute and then says how long ago the token expired', async ({ openApp, backend }) => {
  const oneaccess = await startOneAccessServer({ ticketTtlSeconds: 3 });
  try {
    await seedAccounts(backend.core, [
      {
        provider: 'oneaccess',
        name: 'Short ticket',
        env: 'test',
        values: { baseUrl: oneaccess.url, clientId: 'oa-client', clientSecret: 'oa-client-secret', sessionToken: 'session-abc', deviceFingerprint: 'fp-123456' },
      },
    ]);
    const page = await openApp();
    const row = page.getByRole('row', { name: 'Short ticket' });
    await row.getByRole('button', { name: 'Refresh Short ticket' }).click();
    const timer = row.getByRole('timer');
    await expect(timer).toHaveText(/^[0-3]s$/);
    await expect(timer).toHaveClass(/u-critical/);
    await expect(timer).toHaveText(/^expired \ds ago$/);
    await expect(timer).toHaveClass(/u-expired/);
    await expect(row.getByText('Expired', { exact: true })).toBeVisible();
  } finally {
    await oneaccess.close();
  }
});
