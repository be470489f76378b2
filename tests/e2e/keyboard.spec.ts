import { startSudServer } from '../servers';
import { expect, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

test('keyboard: arrows select, Enter opens details, Ctrl+R / Ctrl+Shift+R refresh, Ctrl+F, Ctrl+N, Ctrl+C copies through main', async ({ openApp, backend }) => {
  const sud = await startSudServer();
  try {
    const [first, second, third] = await seedAccounts(backend.core, ['Key one', 'Key two', 'Key three'].map((name) => ({
      provider: 'sud' as const,
      name,
      env: 'test',
      values: { baseUrl: sud.url, code: sud.issueCode() },
    })));
    const page = await openApp();
    const rows = { one: page.getByRole('row', { name: 'Key one' }), two: page.getByRole('row', { name: 'Key two' }), three: page.getByRole('row', { name: 'Key three' }) };
    await expect(rows.one).toBeVisible();
    const details = page.getByRole('complementary', { name: 'Account details' });

    // Sorted by name: Key one, Key three, Key two.
    await page.keyboard.press('ArrowDown');
    await expect(rows.one).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowDown');
    await expect(rows.three).toHaveAttribute('aria-selected', 'true');
    await expect(rows.one).toHaveAttribute('aria-selected', 'false');
    await page.keyboard.press('End');
    await expect(rows.two).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowUp');
    await expect(rows.three).toHaveAttribute('aria-selected', 'true');
    await expect(details).toBeHidden();
    await page.keyboard.press('Enter');
    await expect(details.getByRole('heading', { name: 'Key three' })).toBeVisible();

    // Ctrl+R refreshes the selected account only (and never reloads the window).
    await page.keyboard.press('Control+r');
    await expect(rows.three.getByText('Valid')).toBeVisible();
    expect(sud.state.requests.total).toBe(1);
    await expect(rows.one.getByText('Never refreshed').first()).toBeVisible();
    await expect(details).toBeVisible();

    // Ctrl+C copies the selected token through main, into the (fake) system clipboard.
    await page.keyboard.press('Control+c');
    await expect.poll(() => backend.clipboard.text).toBe(backend.core.token(third!.id));
    await expect(page.getByRole('status').filter({ hasText: 'The clipboard is cleared in 30 s.' })).toBeVisible();

    // Ctrl+Shift+R refreshes every account.
    await page.keyboard.press('Control+Shift+R');
    await expect(rows.one.getByText('Valid')).toBeVisible();
    await expect(rows.two.getByText('Valid')).toBeVisible();
    expect(backend.core.get(first!.id).hasToken && backend.core.get(second!.id).hasToken).toBe(true);

    // Ctrl+F focuses the search; Escape clears and leaves it.
    await page.keyboard.press('Control+f');
    const search = page.getByRole('searchbox', { name: 'Search accounts' });
    await expect(search).toBeFocused();
    await page.keyboard.type('two');
    await expect(rows.one).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(search).toHaveValue('');

    // Ctrl+N opens the add dialog; Escape closes it.
    await page.keyboard.press('Control+n');
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: 'Account name', exact: true })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // Escape closes the details pane.
    await page.keyboard.press('Escape');
    await expect(details).toBeHidden();
  } finally {
    await sud.close();
  }
});
