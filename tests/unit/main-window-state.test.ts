import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Conf from 'conf';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  openWindowStateStore as openWith,
  type KeyValueFile,
  type KeyValueFileOptions,
  type WindowStateStore,
} from '../../electron/main/window-state';

// electron-store imports electron, which cannot load here; conf is its base and writes the same file.
const openConf = ({ name, ...options }: KeyValueFileOptions): KeyValueFile => new Conf({ ...options, configName: name, projectName: 'tokendesk' }) as unknown as KeyValueFile;
const openWindowStateStore = (dir: string, log?: (m: string) => void): WindowStateStore => openWith(dir, openConf, log);

const LAPTOP = { x: 0, y: 0, width: 1440, height: 900 };
const MONITOR = { x: 1440, y: 0, width: 2560, height: 1440 };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-window-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the window opens where it was left', () => {
  it('reopens with the size, position and maximized state it closed with', () => {
    const first = openWindowStateStore(dir);
    expect(first.load([LAPTOP])).toEqual(DEFAULT_WINDOW_STATE);
    first.save({ width: 1000, height: 700, x: 120, y: 80, maximized: true });
    expect(openWindowStateStore(dir).load([LAPTOP])).toEqual({ width: 1000, height: 700, x: 120, y: 80, maximized: true });
  });

  it('keeps the size but not the position when the monitor it was on is gone', () => {
    const saved = { width: 1200, height: 800, x: 2000, y: 100, maximized: false };
    expect(fitToDisplays(saved, [LAPTOP, MONITOR])).toEqual(saved);
    expect(fitToDisplays(saved, [LAPTOP])).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('never opens smaller than usable or larger than the biggest display', () => {
    expect(fitToDisplays({ width: 10, height: 10 }, [LAPTOP])).toMatchObject({ width: 720, height: 480 });
    expect(fitToDisplays({ width: 9000, height: 9000 }, [LAPTOP])).toMatchObject({ width: 1440, height: 900 });
  });

  it('sets a damaged file aside instead of wiping it, and opens with the defaults', async () => {
    await writeFile(path.join(dir, 'window-state.json'), '{ not json');
    const logs: string[] = [];
    const store = openWindowStateStore(dir, (m) => logs.push(m));
    expect(store.load([LAPTOP])).toEqual(DEFAULT_WINDOW_STATE);
    const aside = (await readdir(dir)).find((f) => f.startsWith('window-state.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(dir, aside ?? ''), 'utf8')).toBe('{ not json');
    expect(logs.join('\n')).toContain('moved to');
    store.save({ width: 900, height: 600, maximized: false });
    expect(((await stat(path.join(dir, 'window-state.json'))).mode & 0o777).toString(8)).toBe('600');
  });
});
