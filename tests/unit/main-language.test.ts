import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
  notice: string | undefined;
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

describe('the menu, tray, notifications and file dialogs follow the language setting', () => {
  it('on a Chinese system with the setting at `system`, speak Chinese', () => {
    const shown = report.system;
    expect(shown.menu).toEqual(['文件', '导出账号…', '导入账号…', 'role:quit', 'role:editMenu', 'role:windowMenu', '帮助', '关于 TokenDesk', `打开数据文件夹（${dataDir}）`]);
    expect(shown.tray).toEqual([zhLine('Alpha'), zhLine('Bravo'), zhLine('Charlie'), '全部刷新', '显示 TokenDesk', '退出']);
    expect(shown.tooltip).toMatch(/^TokenDesk：Alpha 将在 (1分 00秒|\d+秒) 后过期$/);
    expect(shown.notification).toMatchObject({ title: '自动刷新失败', body: expect.stringMatching(/^Alpha：.*9999: backend busy.* TokenDesk 将在 \d+秒 后重试。$/) });
    // The window's notice repeats it (in the same language).
    expect(shown.notice).toBe(`${shown.notification.title}: ${shown.notification.body}`);
    expect(shown.dialogs).toEqual([{ kind: 'open', attached: true, title: '导入账号', buttonLabel: '导入', filters: ['TokenDesk 导出包', '*'] }]);
  });

  it('switched to English, speak English at once, countdowns included', () => {
    const shown = report.en;
    expect(shown.menu).toEqual(['File', 'Export Accounts…', 'Import Accounts…', 'role:quit', 'role:editMenu', 'role:windowMenu', 'Help', 'About TokenDesk', `Show Data Folder (${dataDir})`]);
    expect(shown.tray).toEqual([enLine('Alpha'), enLine('Bravo'), enLine('Charlie'), 'Refresh all', 'Show TokenDesk', 'Quit']);
    expect(shown.tooltip).toMatch(/^TokenDesk: Alpha expires in (1m 00s|\d+s)$/);
    expect(shown.notification).toMatchObject({ title: 'Auto-refresh failed', body: expect.stringMatching(/^Bravo: .*9999: backend busy.* TokenDesk retries in \d+s\.$/) });
    expect(shown.notice).toBe(`${shown.notification.title}: ${shown.notification.body}`);
    expect(shown.dialogs).toEqual([{ kind: 'open', attached: true, title: 'Import accounts', buttonLabel: 'Import', filters: ['TokenDesk bundle', '*'] }]);
  });

  it('switched to 简体中文 by hand, speak Chinese again', () => {
    const shown = report.zh;
    expect(shown.menu).toEqual(report.system.menu);
    expect(shown.tray).toEqual([zhLine('Alpha'), zhLine('Bravo'), zhLine('Charlie'), '全部刷新', '显示 TokenDesk', '退出']);
    expect(shown.notification).toMatchObject({ title: '自动刷新失败', body: expect.stringMatching(/^Charlie：.* TokenDesk 将在 \d+秒 后重试。$/) });
    expect(shown.dialogs).toEqual(report.system.dialogs);
  });
});
