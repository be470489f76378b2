import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshResult } from '../../shared/account';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { makeTempDir, removeTemp } from '../fixtures/vault-helpers';
import { ECHO_FORMS, startHostileServer, type HostileServer } from '../servers';
import { runCliIn, type CliRun } from '../fixtures/cli-in-process';

/** A canary secret with what each escaping touches: quotes, <, &, /, +, a space and a letter with a mark. */
const CANARY = `Canary-S3cret/välue+with space&"q"'<x>-9f2K7hQ`;
const PASSPHRASE = 'redaction forms passphrase';
/** A run of this many of the canary's characters anywhere counts as a leak (redaction.ts masks 12 and more). */
const RUN = 12;

const definition = {
  id: 'echo-secret',
  name: 'Echo secret',
  fields: [
    { name: 'baseUrl', label: 'Server', kind: 'url', required: true },
    { name: 'form', label: 'Echo form', required: true },
    { name: 'secret', label: 'Secret', secret: true, required: true },
  ],
  request: { method: 'POST', url: '{{baseUrl}}/echo-secret?form={{form}}', json: { secret: '{{secret}}' } },
  success: { path: 'errCode', equals: 0 },
  token: { path: 'data.token' },
  error: { codePath: 'errCode', messagePath: 'errMsg' },
};

/** Which echoes of the canary `text` still holds: each form whole, and any run of RUN of its characters. */
function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  const found = Object.entries(ECHO_FORMS)
    .filter(([, form]) => lower.includes(form(CANARY).toLowerCase()))
    .map(([name]) => name);
  const canary = CANARY.toLowerCase();
  for (let at = 0; at + RUN <= canary.length; at += 1) {
    if (lower.includes(canary.slice(at, at + RUN))) found.push(`run "${canary.slice(at, at + RUN)}"`);
  }
  return found;
}

let root: string;
let hostile: HostileServer;
let core: OpenedCore;
const ids = new Map<string, string>();
let results: RefreshResult[] = [];
const diagnostics = new Map<string, string>();

const cli = (args: string[]): Promise<CliRun> => runCliIn(root, PASSPHRASE, args);

beforeAll(async () => {
  root = await makeTempDir();
  hostile = await startHostileServer();
  core = await openCore({ dataDir: root, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000, env: {} } });
  await core.initialize(PASSPHRASE);
  await core.defineProvider(definition);
  for (const form of Object.keys(ECHO_FORMS)) {
    const view = await core.create({ provider: 'echo-secret', name: `echo ${form}`, env: 'test', values: { baseUrl: hostile.url, form, secret: CANARY } });
    ids.set(form, view.id);
  }
  results = await core.refreshAll();
  for (const [form, id] of ids) diagnostics.set(form, core.diagnostic(id));
  await core.close();
}, 60_000);

afterAll(async () => {
  await hostile.close();
  await removeTemp(root);
});

describe('a secret a hostile server echoes in any form is masked everywhere TokenDesk shows or keeps it', { timeout: 60_000 }, () => {
  it('the server did echo every form (the test is live)', () => {
    expect(results.every((r) => r.ok === false && r.error?.code === 'provider_rejected')).toBe(true);
    expect(diagnostics.get('hex')).toContain('unknown secret [');
  });

  it.each(Object.keys(ECHO_FORMS))('%s: not in the refresh result, the last error or the diagnostic', (form) => {
    const id = ids.get(form) ?? '';
    const result = results.find((r) => r.id === id);
    expect(leaks(JSON.stringify(result)), 'refresh result').toEqual([]);
    expect(result?.error?.provider?.message).toContain('«redacted»');
    expect(leaks(diagnostics.get(form) ?? ''), 'diagnostic').toEqual([]);
  });

  it('not in vault.json or history.jsonl', async () => {
    expect(leaks(await readFile(path.join(root, 'history.jsonl'), 'utf8')), 'history.jsonl').toEqual([]);
    expect(leaks(await readFile(path.join(root, 'vault.json'), 'utf8')), 'vault.json').toEqual([]);
  });

  it('not on the CLI: refresh, list, show and history, stdout and stderr', async () => {
    const runs = [
      await cli(['--json', 'refresh', '--all']),
      await cli(['refresh', '--all']),
      await cli(['--json', 'list']),
      await cli(['show', ids.get('nfkd') ?? '']),
      await cli(['--json', 'history']),
      await cli(['history']),
    ];
    expect(runs[0]?.stdout).toContain('«redacted»');
    for (const run of runs) {
      expect(leaks(run.stdout), 'stdout').toEqual([]);
      expect(leaks(run.stderr), 'stderr').toEqual([]);
    }
  });
});
