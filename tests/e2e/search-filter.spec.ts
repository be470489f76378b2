import { expect, test } from './harness/fixtures';
import { visibleAccountNames } from './harness/list';
import { seedAccounts } from './harness/seed';

test('search matches name, provider, environment and user id; sidebar filters by provider and environment', async ({ openApp, backend }) => {
  await seedAccounts(backend.core, [
    { provider: 'sud', name: 'Alpha QA', env: 'test', values: { baseUrl: 'http://127.0.0.1:9/', code: 'c-1' } },
    { provider: 'sud', name: 'Beta live', env: 'prod', values: { baseUrl: 'http://127.0.0.1:9/', code: 'c-2' } },
    { provider: 'openim', name: 'IM admin', env: 'prod', values: { secret: 's', userID: 'im-user-77' } },
    { provider: 'sainiu', name: 'Shop nick', env: 'test', values: { userNick: 'tb-store-9', logonToken: 't' } },
  ]);
  const page = await openApp();
  await expect.poll(() => visibleAccountNames(page)).toEqual(['Alpha QA', 'Beta live', 'Shop nick', 'IM admin']);
  await expect(page.getByRole('row', { name: /SUD/ }).first()).toBeVisible();

  const search = page.getByRole('searchbox', { name: 'Search accounts' });
  await search.fill('alpha');
  await expect.poll(() => visibleAccountNames(page)).toEqual(['Alpha QA']);
  await search.fill('im-user-77');
  await expect.poll(() => visibleAccountNames(page)).toEqual(['IM admin']);
  await search.fill('prod');
  await expect.poll(() => visibleAccountNames(page)).toEqual(['Beta live', 'IM admin']);
  await search.fill('saiNiu');
  await expect.poll(() => visibleAccountNames(page)).toEqual(['Shop nick']);
  await search.fill('no such account');
  await expect(page.getByRole('heading', { name: 'No accounts match' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(search).toHaveValue('');
  await expect.poll(() => visibleAccountNames(page)).toHaveLength(4);

  const filters = page.getByRole('navigation', { name: 'Filters' });
  await filters.getByRole('button', { name: /^OpenIM/ }).click();
  await expect(filters.getByRole('button', { name: /^OpenIM/ })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => visibleAccountNames(page)).toEqual(['IM admin']);
  await filters.getByRole('button', { name: /^All accounts/ }).click();
  await filters.getByRole('button', { name: /^test/ }).click();
  await expect.poll(() => visibleAccountNames(page)).toEqual(['Alpha QA', 'Shop nick']);
  // Filters combine with the search.
  await search.fill('shop');
  await expect.poll(() => visibleAccountNames(page)).toEqual(['Shop nick']);
  await filters.getByRole('button', { name: /^All environments/ }).click();
  await search.press('Escape');
  await expect.poll(() => visibleAccountNames(page)).toHaveLength(4);
  await expect(filters.getByRole('button', { name: /^SUD/ })).toContainText('2');
});

test('deleting asks first; cancel keeps the account, confirm removes it from the vault', async ({ openApp, backend }) => {
  await seedAccounts(backend.core, [
    { provider: 'openim', name: 'Keep me', env: '', values: { secret: 's', userID: 'u1' } },
    { provider: 'openim', name: 'Remove me', env: '', values: { secret: 's', userID: 'u2' } },
  ]);
  const page = await openApp();
  await page.getByRole('row', { name: 'Remove me' }).click();
  const details = page.getByRole('complementary', { name: 'Account details' });
  await details.getByRole('button', { name: 'Delete' }).click();

  const confirm = page.getByRole('alertdialog', { name: 'Delete Remove me?' });
  await expect(confirm).toContainText('This cannot be undone.');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  expect(backend.core.list().map((a) => a.name).sort()).toEqual(['Keep me', 'Remove me']);

  await details.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog', { name: 'Delete Remove me?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('row', { name: 'Remove me' })).toHaveCount(0);
  await expect(details).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Remove me deleted.' })).toBeVisible();
  expect(backend.core.list().map((a) => a.name)).toEqual(['Keep me']);
});

test('editing keeps secrets that are left empty and changes what is filled in', async ({ openApp, backend }) => {
  const [account] = await seedAccounts(backend.core, [
    { provider: 'openim', name: 'Editable', env: 'test', values: { secret: 'first-secret', userID: 'u1' } },
  ]);
  const page = await openApp();
  await page.getByRole('row', { name: 'Editable' }).click();
  await page.getByRole('complementary', { name: 'Account details' }).getByRole('button', { name: 'Edit' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Editable' });
  // The saved secret never comes back to the window: its input is empty, with a hint.
  const secret = dialog.getByRole('textbox', { name: 'Secret', exact: true });
  await expect(secret).toHaveValue('');
  await expect(secret).toHaveAttribute('placeholder', 'Saved; leave empty to keep it');
  await expect(dialog.getByRole('textbox', { name: 'User ID', exact: true })).toHaveValue('u1');
  await dialog.getByRole('textbox', { name: 'Account name', exact: true }).fill('Edited');
  await dialog.getByRole('textbox', { name: 'User ID', exact: true }).fill('u2');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: 'Edited' })).toBeVisible();
  const view = backend.core.get(account!.id);
  expect(view.fields.userID).toBe('u2');
  expect(view.secretsSet).toContain('secret');
});
