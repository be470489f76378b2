import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// electron/main/index.ts started against the Electron stand-in where it cannot start. The settings cannot
// be read then, so the error box speaks the OS's language (the setting `system`'s rule): Chinese on a
// Chinese system, English on an English one. The box is shown once Electron is ready (before that, Linux
// prints it to stderr only), and the app exits with status 1 without a window.
const repo = path.resolve(import.meta.dirname, '../..');
const helpers = path.join(repo, 'tests/unit/helpers/fake-electron');
const temps: string[] = [];

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

interface Report {
  log: string[];
  exitCode: number;
  windows: number;
}

function start(dataDir: string, locale: string): Report {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', path.join(helpers, 'register.mjs'), path.join(helpers, 'startup-driver.ts')], {
    cwd: repo,
    env: { ...process.env, TOKENDESK_DATA_DIR: dataDir, FAKE_ELECTRON_LOCALE: locale },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Report;
}

/** The error boxes main showed, as `title: message`. */
const boxes = (report: Report): string[] => report.log.filter((entry) => entry.startsWith('showErrorBox ')).map((entry) => entry.slice('showErrorBox '.length));

async function temp(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-startup-'));
  temps.push(dir);
  return dir;
}

/** A data folder that cannot be created: its parent is a file. */
async function impossibleDataDir(): Promise<string> {
  const parent = path.join(await temp(), 'a-file');
  await writeFile(parent, 'not a folder');
  return path.join(parent, 'data');
}

/** A data folder whose vault cannot be read (vault.json is a folder). */
async function unreadableVault(): Promise<string> {
  const dir = await temp();
  await mkdir(path.join(dir, 'vault.json'));
  return dir;
}

describe('the startup error box speaks the OS language', () => {
  it('a data folder that cannot be made: Chinese on a Chinese system, after ready, then exit 1', async () => {
    const dataDir = await impossibleDataDir();
    const report = start(dataDir, 'zh-CN');
    expect(boxes(report)).toEqual([`TokenDesk 无法启动: TokenDesk 无法创建或使用其数据文件夹 ${dataDir}（ENOTDIR）。请确认您可以创建并写入该文件夹，或取消设置 TOKENDESK_DATA_DIR。`]);
    // Shown once Electron is ready; nothing else started (no single-instance lock, no window).
    expect(report.log).toEqual(['whenReady', expect.stringMatching(/^showErrorBox /), 'exit 1']);
    expect(report).toMatchObject({ exitCode: 1, windows: 0 });
  });

  it('the same on an English system: English', async () => {
    const dataDir = await impossibleDataDir();
    const report = start(dataDir, 'en-US');
    expect(boxes(report)).toEqual([`TokenDesk could not start: TokenDesk could not create or use its data folder ${dataDir} (ENOTDIR). Check that the folder can be created and written by you, or unset TOKENDESK_DATA_DIR.`]);
    expect(report.exitCode).toBe(1);
  });

  it('a vault that cannot be read: the translated headline, then core\'s words naming the file', async () => {
    const zhDir = await unreadableVault();
    const zh = start(zhDir, 'zh-CN');
    expect(boxes(zh)).toEqual([`TokenDesk 无法启动: 出现意外问题。\n\nTokenDesk could not read ${path.join(zhDir, 'vault.json')} (EISDIR). Check the file's permissions and try again.`]);
    expect(zh).toMatchObject({ exitCode: 1, windows: 0 });

    const enDir = await unreadableVault();
    const en = start(enDir, 'en-GB');
    expect(boxes(en)).toEqual([`TokenDesk could not start: Unexpected problem.\n\nTokenDesk could not read ${path.join(enDir, 'vault.json')} (EISDIR). Check the file's permissions and try again.`]);
    expect(en.exitCode).toBe(1);
  });
});
