import { expect, screenshot, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

const PASSPHRASE = 'correct horse battery';

test.describe('a vault with a passphrase and no system keyring', () => {
  test.use({ backendOptions: { keyring: 'none', passphrase: PASSPHRASE, startLocked: true } });

  test('starts locked; a wrong passphrase is refused, the right one opens the list', async ({ openApp, backend }) => {
    await backend.core.unlock(PASSPHRASE);
    await seedAccounts(backend.core, [{ provider: 'openim', name: 'Behind the lock', env: 'prod', values: { secret: 's', userID: 'u1' } }]);
    backend.core.lock();

    const page = await openApp();
    await expect(page.getByRole('heading', { name: 'TokenDesk is locked' })).toBeVisible();
    await expect(page.getByRole('row', { name: 'Behind the lock' })).toHaveCount(0);
    const field = page.getByRole('textbox', { name: 'Passphrase' });
    await field.fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toHaveText('That passphrase is not right. Check the keyboard layout and Caps Lock, then try again.');
    await expect(field).toHaveValue('');
    expect(backend.core.status().state).toBe('locked');

    await field.fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('row', { name: 'Behind the lock' })).toBeVisible();
    expect(backend.core.status().state).toBe('unlocked');

    // Without a keyring the settings say so plainly, and the passphrase cannot be removed.
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await expect(settings.getByRole('alert')).toContainText('No system keyring is available');
    await expect(settings.getByText(backend.dataDir)).toBeVisible();
    await expect(settings.getByRole('button', { name: 'Remove passphrase' })).toBeDisabled();
    await settings.getByRole('button', { name: 'Remove passphrase' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-security-no-keyring-en-light');
    await settings.getByRole('button', { name: 'Done' }).click();

    // Locking from the toolbar returns to the unlock screen.
    await page.getByRole('button', { name: 'Lock TokenDesk' }).click();
    await expect(page.getByRole('heading', { name: 'TokenDesk is locked' })).toBeVisible();
    expect(backend.core.status().state).toBe('locked');
  });
});

test.describe('a first launch where the keyring does not protect secrets (basic_text)', () => {
  test.use({ backendOptions: { keyring: 'insecure' } });

  test('asks for a passphrase before anything is stored, and warns why', async ({ openApp, backend }) => {
    const page = await openApp();
    await expect(page.getByRole('heading', { name: 'Create a passphrase' })).toBeVisible();
    await expect(page.getByText('TokenDesk will not rely on it.')).toBeVisible();
    await page.getByRole('textbox', { name: 'Passphrase', exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect(page.getByRole('alert')).toHaveText('Use at least 8 characters.');
    await page.getByRole('textbox', { name: 'Passphrase', exact: true }).fill(PASSPHRASE);
    await page.getByRole('textbox', { name: 'Repeat the passphrase' }).fill(`${PASSPHRASE}!`);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect(page.getByRole('alert')).toHaveText('The two passphrases differ. Type the same one twice.');
    await page.getByRole('textbox', { name: 'Repeat the passphrase' }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect(page.getByRole('heading', { name: 'Keep your work tokens fresh' })).toBeVisible();
    expect(backend.core.status()).toMatchObject({ state: 'unlocked', passphraseSet: true, osSlot: false, keyring: 'insecure' });

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('dialog', { name: 'Settings' }).getByRole('alert')).toContainText('The system keyring here (basic_text) does not protect secrets');
  });
});

test('settings: set, change and remove the passphrase; language, theme and clipboard delay are saved', async ({ openApp, backend }) => {
  const page = await openApp();
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings.getByText('The system keyring (gnome_libsecret) protects the vault key; TokenDesk unlocks by itself.')).toBeVisible();
  await expect(settings.getByRole('alert')).toHaveCount(0);
  // The keyring is the only key: if it changes, the vault cannot be opened. Settings advise a passphrase.
  const onlyKeyring = settings.getByRole('note').filter({ hasText: 'Only the system keyring can open the vault' });
  await expect(onlyKeyring).toBeVisible();
  await onlyKeyring.scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-security-only-keyring-en-light');

  const next = settings.getByRole('textbox', { name: 'New passphrase' });
  const repeat = settings.getByRole('textbox', { name: 'Repeat the passphrase' });
  await next.fill(PASSPHRASE);
  await repeat.fill('something else');
  await settings.getByRole('button', { name: 'Set passphrase' }).click();
  await expect(settings.getByRole('alert')).toHaveText('The two passphrases differ. Type the same one twice.');
  await repeat.fill(PASSPHRASE);
  await settings.getByRole('button', { name: 'Set passphrase' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passphrase set.' })).toBeVisible();
  expect(backend.core.status().passphraseSet).toBe(true);
  await expect(onlyKeyring).toHaveCount(0);

  // Changing needs the current one; core refuses a wrong one and says so.
  await settings.getByRole('textbox', { name: 'Current passphrase' }).fill('wrong passphrase');
  await next.fill('a brand new passphrase');
  await repeat.fill('a brand new passphrase');
  await settings.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(settings.getByRole('alert')).toContainText(/passphrase/i);
  await settings.getByRole('textbox', { name: 'Current passphrase' }).fill(PASSPHRASE);
  await settings.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passphrase changed.' })).toBeVisible();
  await backend.core.unlock('a brand new passphrase');

  await settings.getByRole('textbox', { name: 'Current passphrase' }).fill('a brand new passphrase');
  await settings.getByRole('button', { name: 'Remove passphrase' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Passphrase removed.' })).toBeVisible();
  expect(backend.core.status().passphraseSet).toBe(false);
  await expect(settings.getByRole('button', { name: 'Set passphrase' })).toBeVisible();

  const clipboard = settings.getByRole('textbox', { name: 'Clear after (seconds)' });
  await clipboard.fill('90000');
  await clipboard.press('Enter');
  await expect(settings.getByText('Clear after (seconds) must be between 0 and 3600.')).toBeVisible();
  await clipboard.fill('45');
  await clipboard.press('Enter');
  await expect.poll(() => backend.core.settings().clipboardClearSec).toBe(45);

  await settings.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => backend.core.settings().theme).toBe('dark');
  await settings.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await expect(page.getByRole('dialog', { name: '设置' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  expect(backend.core.settings().language).toBe('zh-CN');
});
