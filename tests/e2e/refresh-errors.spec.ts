import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOpenImServer } from '../servers';
import { expect, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

test('an OpenIM refresh the server rejects shows its errCode and message and keeps the old token', async ({ openApp, backend }) => {
  const openim = await startOpenImServer({ mode: 'v3' });
  try {
    const [account] = await seedAccounts(backend.core, [
      { provider: 'openim', name: 'IM web user', env: 'prod', values: { baseUrl: openim.url, secret: 'openIM123', userID: 'user-42' } },
    ]);
    const page = await openApp();
    const row = page.getByRole('row', { name: 'IM web user' });
    await expect(row.getByText('Never refreshed').first()).toBeVisible();

    await row.getByRole('button', { name: 'Refresh IM web user' }).click();
    await expect(row.getByText('Valid')).toBeVisible();
    await expect(row.getByRole('timer')).toHaveText(/^89d 23h$|^90d 0h$/);
    const oldToken = backend.core.token(account!.id);

    openim.rejectNext(1002, 'NoPermissionError', 'secret mismatch');
    await row.getByRole('button', { name: 'Refresh IM web user' }).click();
    await expect(row.getByText('Failed')).toBeVisible();
    // The toast names the failure with the provider's own code and message.
    const toast = page.getByRole('alert').filter({ hasText: 'IM web user: refresh failed' });
    await expect(toast).toContainText('1002: NoPermissionError');

    await row.click();
    const details = page.getByRole('complementary', { name: 'Account details' });
    const banner = details.getByRole('alert');
    await expect(banner).toContainText('The last refresh failed; the previous token is kept');
    await expect(banner).toContainText('The provider refused');
    await expect(banner.getByText('1002', { exact: true })).toBeVisible();
    await expect(banner).toContainText('NoPermissionError');
    await expect(details.getByText('Web (5)')).toBeVisible();

    // The old token is still there, unchanged, and still counting down.
    await details.getByRole('button', { name: 'Reveal' }).click();
    await expect(details.getByRole('textbox', { name: 'Token value' })).toHaveValue(oldToken);
    expect(backend.core.token(account!.id)).toBe(oldToken);
    await expect(row.getByRole('timer')).toHaveText(/^89d 23h$|^90d 0h$/);
    await expect(details.getByRole('table', { name: 'History' })).toContainText('provider_rejected');
  } finally {
    await openim.close();
  }
});

test('a second click on a refresh in flight joins it instead of starting another', async ({ openApp, backend }) => {
  // A SUD backend that holds its answer until the test releases it, so both clicks land mid-exchange.
  let requests = 0;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    void held.then(() => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ret_code: 0, ret_msg: 'ok', data: { ss_token: 'held-token', expire_date: Date.now() + 3_600_000 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await seedAccounts(backend.core, [{ provider: 'sud', name: 'Slow SUD', env: 'test', values: { baseUrl: `http://127.0.0.1:${port}`, code: 'code-1' } }]);
    const page = await openApp();
    const row = page.getByRole('row', { name: 'Slow SUD' });
    const button = row.getByRole('button', { name: 'Refresh Slow SUD' });
    await button.click();
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect.poll(() => requests).toBe(1);
    await button.click();
    await page.keyboard.press('Control+R');
    release();
    await expect(button).toHaveAttribute('aria-busy', 'false');
    await expect(row.getByText('Valid')).toBeVisible();
    expect(requests).toBe(1);
  } finally {
    release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
