import { startSudServer, type SudServer } from '../servers';
import { expect, screenshot, test } from './harness/fixtures';

let sud: SudServer;
test.beforeEach(async () => {
  sud = await startSudServer();
});
test.afterEach(async () => {
  await sud.close();
});

test('first launch shows the empty state; a SUD account added from the form refreshes, counts down and reveals the server’s token', async ({ openApp, backend }) => {
  const code = sud.issueCode({ uid: 'u-1001', nickName: 'Tester' });
  const page = await openApp();

  await expect(page.getByRole('heading', { name: 'Keep your work tokens fresh' })).toBeVisible();
  await screenshot(page, 'empty-state-en-light');
  await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();

  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await dialog.getByRole('radio', { name: /SUD/ }).check();
  // The form comes from the provider's field schema: defaults filled in, secrets as password inputs.
  await expect(dialog.getByRole('textbox', { name: 'Get path', exact: true })).toHaveValue('/get_sstoken');
  await expect(dialog.getByRole('textbox', { name: 'Code', exact: true })).toHaveAttribute('type', 'password');

  // Inline validation names what is missing before anything is sent.
  await dialog.getByRole('button', { name: 'Save and refresh' }).click();
  await expect(dialog.getByText('Account name is required.')).toBeVisible();
  await expect(dialog.getByText('Base URL is required.')).toBeVisible();
  await expect(dialog.getByText('Code is required.')).toBeVisible();
  expect(backend.core.list()).toHaveLength(0);

  await dialog.getByRole('textbox', { name: 'Account name', exact: true }).fill('QA test');
  await dialog.getByRole('combobox', { name: 'Environment' }).fill('test');
  await dialog.getByRole('textbox', { name: 'Base URL', exact: true }).fill('not a url');
  await dialog.getByRole('textbox', { name: 'Code', exact: true }).fill(code);
  await dialog.getByRole('button', { name: 'Show Code' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Code', exact: true })).toHaveAttribute('type', 'text');
  await dialog.getByRole('button', { name: 'Save and refresh' }).click();
  await expect(dialog.getByText('Base URL must be an http:// or https:// address.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Base URL', exact: true }).fill(sud.url);
  await screenshot(page, 'add-dialog-en-light');
  await dialog.getByRole('button', { name: 'Save and refresh' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row', { name: 'QA test' });
  await expect(row.getByText('Valid')).toBeVisible();
  const timer = row.getByRole('timer');
  await expect(timer).toHaveText(/^(1h 59m \d\ds|2h 00m 00s)$/);
  const before = await timer.textContent();
  // One clock ticks every second: the countdown moves without any click.
  await expect(timer).not.toHaveText(before ?? '');
  await expect(row.getByText(/^test$/)).toBeVisible();

  const details = page.getByRole('complementary', { name: 'Account details' });
  await expect(details.getByRole('heading', { name: 'QA test' })).toBeVisible();
  const tokenBox = details.getByRole('textbox', { name: 'Token value' });
  await expect(tokenBox).not.toHaveValue(/[A-Za-z0-9]/);
  await details.getByRole('button', { name: 'Reveal' }).click();
  await expect(tokenBox).toHaveValue(/^eyJ/);
  const token = await tokenBox.inputValue();
  const [account] = backend.core.list();
  expect(token).toBe(backend.core.token(account!.id));
  expect(sud.isLive(token)).toBe(true);

  // SUD user info, decoded JWT claims and the exchange history.
  await expect(details.getByText('Tester')).toBeVisible();
  await expect(details.getByText('u-1001').first()).toBeVisible();
  await expect(details.getByRole('heading', { name: 'JWT' })).toBeVisible();
  await expect(details.getByLabel('Claims')).toContainText('"uid": "u-1001"');
  await expect(details.getByRole('table', { name: 'History' })).toContainText('get_sstoken');
  await screenshot(page, 'details-en-light');

  // A second refresh updates the ss_token (rotation): the revealed value follows it.
  await details.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(tokenBox).not.toHaveValue(token);
  const rotated = await tokenBox.inputValue();
  expect(sud.isLive(rotated)).toBe(true);
  await expect(details.getByRole('table', { name: 'History' })).toContainText('update_sstoken');
});
