import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventChannels } from '../../shared/ipc-contract';

// electron/main/index.ts booted against the Electron stand-in (a Chinese system), with a local SUD server:
// the words main shows outside the window follow the language setting, from the one shared dictionary.
const repo = path.resolve(import.meta.dirname, '../..');
const helpers = path.join(repo, 'tests/unit/helpers/fake-electron');
let dataDir = '';

interface Shown {
  menu: string[];
  tray: string[];
  tooltip: string;
  notification: { title: string; body: string };
  notice: unknown;
  dialogs: Array<{ kind: string; attached: boolean; title: string; buttonLabel: string; filters: string[] }>;
}
let report: Record<'system' | 'en' | 'zh', Shown>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-language-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', path.join(helpers, 'register.mjs'), path.join(helpers, 'language-driver.ts')], {
    cwd: repo,
    env: { ...process.env, TOKENDESK_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  report = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as typeof report;
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

// A tray line: the account and its countdown (about a minute left), in the language's own units.
const zhLine = (name: string) => expect.stringMatching(new RegExp(`^${name} — (1分 00秒|[1-5]?\\d秒)$`));
const enLine = (name: string) => expect.stringMatching(new RegExp(`^${name} — (1m 00s|[1-5]?\\ds)$`));

/** The in-window repeat of a failed auto-refresh: the same in every language (the window translates it). */
const failedNotice = (account: string) => ({
  level: 'error',
  accountId: expect.any(String),
  message: { key: 'desktop.notice.failed', vars: { account } },
  error: expect.objectContaining({ code: 'provider_rejected', provider: { code: '9999', message: 'backend busy' } }),
});

describe('the menu, tray, notifications and file dialogs follow the language setting', () => {
  it('on a Chinese system with the setting at `system`, speak Chinese', () => {
    const shown = report.system;
    expect(shown.menu).toEqual(['文件', '导出账号…', '导入账号…', 'role:quit', 'role:editMenu', 'role:windowMenu', '帮助', '关于 TokenDesk', `打开数据文件夹（${dataDir}）`]);
    expect(shown.tray).toEqual([zhLine('Alpha'), zhLine('Bravo'), zhLine('Charlie'), '全部刷新', '显示 TokenDesk', '退出']);
    expect(shown.tooltip).toMatch(/^TokenDesk：Alpha 将在 (1分 00秒|\d+秒) 后过期$/);
    // The error's headline in Chinese, then the server's own words verbatim (core's English advice is left out).
    expect(shown.notification).toMatchObject({ title: '自动刷新失败', body: expect.stringMatching(/^Alpha：服务商拒绝了请求。TokenDesk 将在 \d+秒 后重试。\n9999: backend busy$/) });
    // The window's notice repeats it as a key, values and the error: the window words it in its language.
    expect(shown.notice).toEqual(failedNotice('Alpha'));
    expect(eventChannels['app:notified'].safeParse(shown.notice).success).toBe(true);
    expect(shown.dialogs).toEqual([{ kind: 'open', attached: true, title: '导入账号', buttonLabel: '导入', filters: ['TokenDesk 导出包', '*'] }]);
  });

  it('switched to English, speak English at once, countdowns included', () => {
    const shown = report.en;
    expect(shown.menu).toEqual(['File', 'Export Accounts…', 'Import Accounts…', 'role:quit', 'role:editMenu', 'role:windowMenu', 'Help', 'About TokenDesk', `Show Data Folder (${dataDir})`]);
    expect(shown.tray).toEqual([enLine('Alpha'), enLine('Bravo'), enLine('Charlie'), 'Refresh all', 'Show TokenDesk', 'Quit']);
    expect(shown.tooltip).toMatch(/^TokenDesk: Alpha expires in (1m 00s|\d+s)$/);
    expect(shown.notification).toMatchObject({ title: 'Auto-refresh failed', body: expect.stringMatching(/^Bravo: The provider refused\. TokenDesk retries in \d+s\.\n9999: backend busy$/) });
    expect(shown.notice).toEqual(failedNotice('Bravo'));
    expect(shown.dialogs).toEqual([{ kind: 'open', attached: true, title: 'Import accounts', buttonLabel: 'Import', filters: ['TokenDesk bundle', '*'] }]);
  });

  it('switched to 简体中文 by hand, speak Chinese again', () => {
    const shown = report.zh;
    expect(shown.menu).toEqual(report.system.menu);
    expect(shown.tray).toEqual([zhLine('Alpha'), zhLine('Bravo'), zhLine('Charlie'), '全部刷新', '显示 TokenDesk', '退出']);
    expect(shown.notification).toMatchObject({ title: '自动刷新失败', body: expect.stringMatching(/^Charlie：服务商拒绝了请求。TokenDesk 将在 \d+秒 后重试。\n9999: backend busy$/) });
    expect(shown.dialogs).toEqual(report.system.dialogs);
  });
});
