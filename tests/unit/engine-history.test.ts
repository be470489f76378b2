import { mkdtemp, readFile, rm, stat, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../shared/account';
import { HISTORY_FILE, HistoryLog } from '../../electron/core/history/history-log';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-history-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (i: number, accountId = 'acc-1'): HistoryEntry => ({
  at: 1_700_000_000_000 + i,
  accountId,
  accountName: `Account ${accountId}`,
  provider: 'sud',
  operation: 'update_sstoken',
  trigger: 'manual',
  httpStatus: 200,
  durationMs: 12,
  outcome: i % 2 === 0 ? 'ok' : 'error',
  errorCode: i % 2 === 0 ? null : 'http_error',
  errorMessage: i % 2 === 0 ? null : 'The server answered HTTP 500.',
});

describe('exchange history', () => {
  it('lists entries newest first, filtered by account, up to the limit', async () => {
    const log = new HistoryLog(dir);
    for (let i = 0; i < 6; i++) await log.append(entry(i, i < 3 ? 'a' : 'b'));
    const all = await log.list();
    expect(all.map((e) => e.at - 1_700_000_000_000)).toEqual([5, 4, 3, 2, 1, 0]);
    const onlyA = await log.list({ id: 'a' });
    expect(onlyA.map((e) => e.accountId)).toEqual(['a', 'a', 'a']);
    expect(await log.list({ limit: 2 })).toHaveLength(2);
  });

  it('creates the file readable by its owner only', async () => {
    const log = new HistoryLog(dir);
    await log.append(entry(0));
    const mode = (await stat(path.join(dir, HISTORY_FILE))).mode & 0o777;
    if (process.platform !== 'win32') expect(mode).toBe(0o600);
  });

  it('keeps every line whole when many appends race', async () => {
    const log = new HistoryLog(dir);
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(entry(i))));
    const lines = (await readFile(log.file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(200);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('skips corrupt lines instead of failing', async () => {
    const log = new HistoryLog(dir);
    await log.append(entry(0));
    await appendFile(log.file, '{"at": 12, "torn li\nnot json at all\n{"valid":"json but not an entry"}\n');
    await log.append(entry(2));
    const entries = await log.list();
    expect(entries.map((e) => e.at - 1_700_000_000_000)).toEqual([2, 0]);
  });

  it('reads an empty history when the file does not exist yet', async () => {
    expect(await new HistoryLog(path.join(dir, 'nested')).list()).toEqual([]);
  });

  it('stays under its size cap by dropping the oldest entries', async () => {
    const maxBytes = 8 * 1024;
    const log = new HistoryLog(dir, { maxBytes });
    const total = 400;
    for (let i = 0; i < total; i++) await log.append(entry(i));
    const size = (await stat(log.file)).size;
    expect(size).toBeLessThanOrEqual(maxBytes);
    const entries = await log.list({ limit: 10_000 });
    // The newest entry survives, the oldest is gone, and what is kept is a contiguous newest run.
    expect(entries[0]?.at).toBe(1_700_000_000_000 + total - 1);
    expect(entries.some((e) => e.at === 1_700_000_000_000)).toBe(false);
    const ats = entries.map((e) => e.at);
    expect(ats).toEqual([...ats].sort((a, b) => b - a));
    expect(ats[0]! - ats[ats.length - 1]!).toBe(ats.length - 1);
    if (process.platform !== 'win32') expect((await stat(log.file)).mode & 0o777).toBe(0o600);
  });

  it('compacts a file that another process grew past the cap', async () => {
    const maxBytes = 4 * 1024;
    const big = Array.from({ length: 100 }, (_, i) => JSON.stringify(entry(i))).join('\n') + '\n';
    await writeFile(path.join(dir, HISTORY_FILE), big, { mode: 0o600 });
    const log = new HistoryLog(dir, { maxBytes });
    await log.append(entry(100));
    expect((await stat(log.file)).size).toBeLessThanOrEqual(maxBytes);
    expect((await log.list())[0]?.at).toBe(1_700_000_000_100);
  });
});
