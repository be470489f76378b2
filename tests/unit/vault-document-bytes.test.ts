import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../electron/core/vault/account-changes';
import { documentBytes } from '../../electron/core/vault/document-bytes';
import { stageVaultFile, vaultFiles } from '../../electron/core/vault/file-store';
import { documentOf, type Memory } from '../../electron/core/vault/merge';
import { makeAccount } from '../fixtures/vault-helpers';

function entry(id: string, name: string, mac: string | null): Entry {
  return { account: { ...makeAccount(id), name, extras: { jwt: { claims: { z: 1, a: 'é' } } } }, secrets: { password: 'td1:a:b' }, token: mac ? 'td1:c:d' : null, mac };
}

function memoryOf(entries: Entry[]): Memory {
  return {
    entries: new Map(entries.map((e) => [e.account.id, e])),
    slots: { os: { wrapped: 'AAAA' } },
    check: 'td1:x:y',
    settings: { theme: 'dark' },
    guard: { locked: false, mac: 'm' },
    providers: new Map(),
  };
}

describe('the bytes a save writes', () => {
  it('are exactly the vault document as JSON, also for ids and names that need escaping, after records change', () => {
    const memory = memoryOf([entry('a', 'plain', 'mac-a'), entry('b"\\\u2028', '名字 "quoted"', null), entry('c', 'x', 'mac-c')]);
    expect(Buffer.concat(documentBytes(memory, 42)).toString('utf8')).toBe(JSON.stringify(documentOf(memory, 42)));
    // A put replaces the entry object: the next save carries the new record, never the cached old one.
    memory.entries.set('a', entry('a', 'renamed', 'mac-a2'));
    memory.entries.delete('c');
    const text = Buffer.concat(documentBytes(memory, 43)).toString('utf8');
    expect(text).toBe(JSON.stringify(documentOf(memory, 43)));
    expect(JSON.parse(text).accounts.a.name).toBe('renamed');
  });

  it('reach the file whole and in order, also in more parts than one system call takes (a 5,000-account vault)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-parts-'));
    try {
      const parts = Array.from({ length: 5000 }, (_, i) => Buffer.from(`part-${i};`.repeat(1 + (i % 50))));
      const staged = await stageVaultFile(vaultFiles(dir), parts);
      const written = await readFile(staged.temp);
      expect(written.equals(Buffer.concat(parts))).toBe(true);
      expect(staged.bytes).toBe(written.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
