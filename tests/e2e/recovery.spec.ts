import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AccountCreate } from '../../shared/account-input';
import { startOneAccessServer } from '../servers';
import { startBackend, type Backend } from './harness/backend';
import { expect, screenshot, test as base } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

const PASSPHRASE = 'correct horse battery';
/** What a half-written or overwritten vault.json might hold. */
const GARBAGE = '{"format":"tokendesk-vault","accounts":{ \u0000\u0000 truncated here';

const openim = (name: string): AccountCreate => ({ provider: 'openim', name, env: 'prod', values: { secret: `secret of ${name}`, userID: name } });

/** The damaged files set aside in the data folder (vault.json.corrupt-<time>). */
async function quarantined(dataDir: string): Promise<string[]> {
  return (await readdir(dataDir)).filter((name) => name.startsWith('vault.json.corrupt-')).sort();
}

/**
 * The window's backend opens a data folder that an earlier TokenDesk left with a damaged vault.json:
 * that earlier run saved "Kept in backup", then "Lost with the damage" (so vault.json.bak, the previous
 * version, holds only the first), and then vault.json was overwritten with garbage.
 */
const test = base.extend<{ backend: Backend }>({
  backend: async ({ backendOptions }, use) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-e2e-recovery-'));
    try {
      const earlier = await startBackend({ ...backendOptions, dataDir, startLocked: false });
      await seedAccounts(earlier.core, [openim('Kept in backup')]);
      await seedAccounts(earlier.core, [openim('Lost with the damage')]);
      await earlier.close();
      expect(existsSync(path.join(dataDir, 'vault.json.bak')), 'the earlier run left a backup').toBe(true);
      await writeFile(path.join(dataDir, 'vault.json'), GARBAGE);

      // A new start on the same folder, with the same keyring; the passphrase is only typed in the window.
      const backend = await startBackend({ ...backendOptions, dataDir, secretBox: earlier.secretBox, passphrase: undefined, startLocked: false });
      await use(backend);
      await backend.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

test('a damaged vault is set aside, the last good copy is loaded, and the window says so', async ({ openApp, backend }) => {
  const aside = await quarantined(backend.dataDir);
  expect(aside).toHaveLength(1);
  const movedTo = aside[0]!;
  // Nothing was lost: the damaged bytes are kept as they were, beside a readable vault.json.
  expect(await readFile(path.join(backend.dataDir, movedTo), 'utf8')).toBe(GARBAGE);
  expect(JSON.parse(await readFile(path.join(backend.dataDir, 'vault.json'), 'utf8'))).toMatchObject({ format: 'tokendesk-vault' });

  const page = await openApp();
  const bar = page.getByRole('alert', { name: 'Vault notice' });
  await expect(bar).toBeVisible();
  await expect(bar).toContainText(`vault.json was damaged (it is not valid JSON); it was moved to ${movedTo}`);
  await expect(bar).toContainText('the last good copy from');
  await expect(bar).toContainText('Changes made after that time may be missing.');
  await expect(page.getByRole('row', { name: 'Kept in backup' })).toBeVisible();
  await expect(page.getByRole('row', { name: 'Lost with the damage' })).toHaveCount(0);
  await screenshot(page, 'vault-repaired-notice-en-light');

  await bar.getByRole('button', { name: 'Dismiss' }).click();
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('row', { name: 'Kept in backup' })).toBeVisible();
  // Settings keep the record for whoever looks for it later.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByText(movedTo, { exact: false })).toBeVisible();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: 'Done' }).click();
  await expect(bar).toHaveCount(0);
});

test.describe('a passphrase vault repaired before unlock, in 简体中文 and the dark theme', () => {
  test.use({ backendOptions: { keyring: 'none', passphrase: PASSPHRASE, systemLocale: 'zh-CN' } });

  test('the unlock screen shows the notice; dismissed stays dismissed, a later repair shows again', async ({ openApp, backend, page }) => {
    expect(backend.core.status().state).toBe('locked');
    const [movedTo] = await quarantined(backend.dataDir);
    expect(movedTo).toBeDefined();

    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp();
    await expect(page.getByRole('heading', { name: 'TokenDesk 已锁定' })).toBeVisible();
    const bar = page.getByRole('alert', { name: '保险库提示' });
    await expect(bar).toContainText(`it was moved to ${movedTo!}`);
    await screenshot(page, 'vault-repaired-notice-unlock-zh-CN-dark');

    await bar.getByRole('button', { name: '关闭' }).click();
    await expect(bar).toHaveCount(0);
    await page.getByRole('textbox', { name: '口令' }).fill(PASSPHRASE);
    await page.getByRole('button', { name: '解锁' }).click();
    await expect(page.getByRole('row', { name: 'Kept in backup' })).toBeVisible();
    await expect(page.getByRole('row', { name: 'Lost with the damage' })).toHaveCount(0);
    // Unlocking reports the same notice again; the user already dismissed it.
    expect(backend.core.status().notices.join(' ')).toContain(movedTo!);
    await expect(bar).toHaveCount(0);

    // vault.json is damaged again while the window is open; the next save sets it aside too.
    await writeFile(path.join(backend.dataDir, 'vault.json'), GARBAGE);
    await seedAccounts(backend.core, [openim('Saved after the second damage')]);
    await expect.poll(async () => (await quarantined(backend.dataDir)).length).toBe(2);
    const second = (await quarantined(backend.dataDir)).find((name) => name !== movedTo);
    await page.getByRole('button', { name: '锁定 TokenDesk' }).click();
    await expect(page.getByRole('heading', { name: 'TokenDesk 已锁定' })).toBeVisible();
    await expect(bar).toContainText(`it was moved to ${second!}`);
    await expect(bar).not.toContainText(movedTo!);
    await expect(bar.getByRole('listitem')).toHaveCount(1);
  });
});

base.describe('a countdown at the moment of expiry', () => {
  // Here because this brief owns this spec: the countdown's "just now" wording (shared/i18n/format.ts).
  // `base`: a fresh, undamaged vault.
  base('reads "expired just now" for the first second, then how long ago', async ({ openApp, backend, page }) => {
    const server = await startOneAccessServer({ ticketTtlSeconds: 600 });
    try {
      const [account] = await seedAccounts(backend.core, [
        {
          provider: 'oneaccess',
          name: 'Ticket',
          env: 'test',
          values: { baseUrl: server.url, clientId: 'oa-client', clientSecret: 'oa-client-secret', sessionToken: 'session-abc', deviceFingerprint: 'fp-123456' },
        },
      ]);
      await backend.core.refresh(account!.id);
      const expiresAt = backend.core.get(account!.id).expiresAt;
      expect(typeof expiresAt).toBe('number');

      // The page's clock stands still just past the expiry; the app's one-second tick keeps running.
      await page.clock.setFixedTime(expiresAt! + 300);
      await openApp();
      const timer = page.getByRole('row', { name: 'Ticket' }).getByRole('timer');
      await expect(timer).toHaveText('expired just now');
      await page.clock.setFixedTime(expiresAt! + 1_300);
      await expect(timer).toHaveText('expired 1s ago');

      await page.clock.setFixedTime(expiresAt! + 999);
      await backend.core.updateSettings({ language: 'zh-CN' });
      await expect(timer).toHaveText('刚刚过期');
    } finally {
      await server.close();
    }
  });
});
