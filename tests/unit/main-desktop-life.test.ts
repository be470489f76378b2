import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n';

// electron/main/index.ts booted in plain Node against the Electron stand-in, with the real core, scheduler,
// tray glue and local SUD servers: TokenDesk left running on the desktop (issue 5).
const repo = path.resolve(import.meta.dirname, '../..');
const helpers = path.join(repo, 'tests/unit/helpers/fake-electron');
const t = translator('zh-CN'); // the stand-in reports a Chinese system
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HOUR = 3_600_000;
const dataDirs: string[] = [];

afterAll(async () => {
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

/** Runs one scenario of the desktop driver in a fresh data folder and returns its report. */
async function scenario(name: 'auto-refresh' | 'close-to-tray' | 'macos', env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-desktop-'));
  dataDirs.push(dataDir);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', path.join(helpers, 'register.mjs'), path.join(helpers, 'desktop-driver.ts')], {
    cwd: repo,
    env: { ...process.env, TOKENDESK_DATA_DIR: dataDir, DESKTOP_SCENARIO: name, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe('TokenDesk launched with tokens about to expire', () => {
  // One launch: two SUD accounts due at once, one backend answers, the other is busy.
  let report: Record<string, unknown>;
  beforeAll(async () => {
    report = await scenario('auto-refresh');
  });

  it('renews a token close to expiry with no click, and the renewed token survives quitting from the tray', () => {
    const renewed = report.renewed as number;
    // The countdown jumps from about a minute to about two hours.
    expect(renewed).toBeGreaterThan((report.expiresBefore as number) + HOUR);
    expect(report.history).toEqual(['auto', 'manual']);
    // The first token came from the code (before launch); the launch renewed it with one update.
    expect(report.sudRequests).toMatchObject({ get: 1, update: 1 });
    expect(report.trayLabels).toEqual([
      expect.stringMatching(/^Backend busy \(test\) — /),
      // The countdown speaks the system's language too (shared/i18n/format.ts).
      expect.stringMatching(/^Renews itself \(test\) — (1小时 59分|2小时 00分)/),
      t('desktop.tray.refreshAll'),
      t('desktop.tray.show'),
      t('desktop.tray.quit'),
    ]);
    // Quit from the tray really quits: held once for the flush, then for real; the tray is gone.
    expect(report).toMatchObject({ quits: 2, trayDestroyed: true, expiresAfterRelaunch: renewed });
  });

  it('a failed auto-refresh retries later and says so natively and in the window, once', () => {
    expect(report.failedState).toMatchObject({ enabled: true, failures: 1, blockedReason: null });
    expect((report.failedState as { nextAt: number }).nextAt).toBeGreaterThan(report.bootedAt as number);
    // Natively, in the system's language: the error's translated headline and the retry, then the server's
    // own words verbatim on a line of their own; core's English advice is not in it.
    const lead = `Backend busy (test)：${t('error.provider_rejected')}。TokenDesk 将在 `;
    expect(report.notifications).toEqual([{ title: t('desktop.notify.failedTitle'), body: expect.stringMatching(new RegExp(`^${escape(lead)}[^\\n]+ 后重试。\\n9999: backend busy$`)), silent: false }]);
    // In the window: a key, its values and the error, which the window translates and explains when it shows them.
    expect(report.toasts).toEqual([
      {
        level: 'error',
        accountId: report.failsId,
        message: { key: 'desktop.notice.failed', vars: { account: 'Backend busy (test)' } },
        error: expect.objectContaining({ code: 'provider_rejected', provider: { code: '9999', message: 'backend busy' } }),
      },
    ]);
  });
});

describe('closing the window', () => {

  it('on Linux closing the window keeps TokenDesk in the tray; Show brings it back; with close-to-tray off, closing quits', async () => {
    // A desktop with a StatusNotifierWatcher on the session bus (KDE, GNOME with AppIndicator), as dbus-send answers.
    const bin = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-dbus-send-'));
    dataDirs.push(bin);
    await writeFile(path.join(bin, 'dbus-send'), '#!/bin/sh\necho "   boolean true"\n', { mode: 0o755 });
    const report = await scenario('close-to-tray', { PATH: `${bin}:${process.env.PATH}` });
    expect(report.afterClose).toEqual({ destroyed: false, shown: false, quits: 0, handlers: expect.any(Number) });
    expect((report.afterClose as { handlers: number }).handlers).toBeGreaterThan(0);
    expect(report.afterShow).toEqual({ shown: true, windows: 1 });
    expect(report.afterCloseWithoutTray).toEqual({ destroyed: true, quits: 2, trayDestroyed: true, handlers: 0 });
  });

  it('on macOS closing the window leaves the app running; the Dock and the tray open a new window; Quit in the tray quits', async () => {
    const report = await scenario('macos');
    expect(report.afterClose).toEqual({ first: { destroyed: true, shown: false }, quits: 0 });
    expect(report.afterActivate).toEqual({ windows: 2, second: { destroyed: false, shown: true } });
    expect(report.afterTrayShow).toEqual({ windows: 3, third: { destroyed: false, shown: true } });
    expect(report.afterQuit).toEqual({ windows: Array(3).fill({ destroyed: true, shown: false }), trayDestroyed: true });
    // The menu-bar icon is a template image (black + alpha, *Template.png), tinted by macOS.
    expect(report.trayIcon).toEqual({ source: path.join(repo, 'electron/resources/trayIconTemplate.png'), width: 16, template: true });
  });
});
