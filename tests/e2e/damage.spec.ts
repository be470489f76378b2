import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AccountCreate } from '../../shared/account-input';
import { startBackend, type Backend } from './harness/backend';
import { expect, screenshot, test as base } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * An earlier TokenDesk saved two SUD accounts; then someone without the key pointed one of them at
 * their own server by editing vault.json. The window shows it as damaged, and a person can confirm it.
 */
const sud = (name: string): AccountCreate => ({ provider: 'sud', name, env: 'prod', values: { baseUrl: 'http://127.0.0.1:9', code: `code of ${name}` } });

const test = base.extend<{ backend: Backend }>({
  backend: async ({ backendOptions }, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-e2e-damage-'));
    try {
      const earlier = await startBackend({ ...backendOptions, dataDir });
      const [, tampered] = await seedAccounts(earlier.core, [sud('Untouched'), sud('Redirected')]);
      await earlier.close();
      const file = path.join(dataDir, 'vault.json');
      const doc = JSON.parse(await readFile(file, 'utf8')) as { accounts: Record<string, { fields: Record<string, string> }> };
      doc.accounts[tampered!.id]!.fields.baseUrl = 'https://attacker.example';
      await writeFile(file, JSON.stringify(doc));
      const backend = await startBackend({ ...backendOptions, dataDir, secretBox: earlier.secretBox });
      await use(backend);
      await backend.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

test('an account changed outside TokenDesk says so in its row and details, and Confirm signs it again', async ({ openApp, backend }) => {
  const page = await openApp();
  const row = page.getByRole('row', { name: 'Redirected' });
  await expect(row).toContainText('Damaged — changed outside TokenDesk');
  await expect(page.getByRole('row', { name: 'Untouched' })).not.toContainText('Damaged');

  await row.click();
  const details = page.getByRole('complementary', { name: 'Account details' });
  const alert = details.getByRole('alert');
  await expect(alert).toContainText('its secrets are not sent anywhere');
  await expect(details).toContainText('https://attacker.example'); // what the person checks
  await screenshot(page, 'account-damaged-en-light');

  await alert.getByRole('button', { name: 'These details are right — use them' }).click();
  await expect(details.getByRole('alert')).toHaveCount(0);
  await expect(row).not.toContainText('Damaged');
  expect(backend.core.list().every((view) => view.damage === null)).toBe(true);
});

test.describe('in 简体中文 and the dark theme', () => {
  test.use({ backendOptions: { systemLocale: 'zh-CN' } });

  test('the damaged account reads in Chinese', async ({ openApp, page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp();
    const row = page.getByRole('row', { name: 'Redirected' });
    await expect(row).toContainText('已损坏——在 TokenDesk 之外被修改');
    await row.click();
    await expect(page.getByRole('button', { name: '这些信息无误——继续使用' })).toBeVisible();
    await screenshot(page, 'account-damaged-zh-CN-dark');
  });
});

base.describe('unlocking with the system keyring at start', () => {
  base.use({ backendOptions: { passphrase: 'correct horse battery' } });

  base('is offered once a passphrase is set, off by default, and saved when turned on', async ({ openApp, backend, page }) => {
    expect(backend.core.settings().unlockWithKeyringAtStart).toBe(false);
    await openApp();
    await page.getByRole('button', { name: 'Settings' }).click();
    const box = page.getByRole('dialog', { name: 'Settings' }).getByRole('checkbox', { name: 'Unlock with the system keyring at start' });
    await expect(box).not.toBeChecked();
    await box.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-keyring-at-start-en-light');
    await box.click(); // controlled: it turns checked once main has saved the setting
    await expect(box).toBeChecked();
    await expect.poll(() => backend.core.settings().unlockWithKeyringAtStart).toBe(true);
  });
});
