import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { createHttpClient } from '../../electron/core/http/client';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startHostileServer, startSudServer, type HostileServer, type SudServer } from '../servers';
import { tokenDeskErrorOf } from '../unit/helpers/token-desk-error';

const PASSWORD = 'url-password-4242';

let dir: string;
let core: OpenedCore;
let sud: SudServer;
let hostile: HostileServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-url-credentials-'));
  core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
  await core.initialize('url credentials passphrase');
  sud = await startSudServer();
  hostile = await startHostileServer();
});

afterAll(async () => {
  await core.close();
  await sud.close();
  await hostile.close();
  await rm(dir, { recursive: true, force: true });
});

const withCredentials = (url: string): string => url.replace('://', `://admin:${PASSWORD}@`);

describe('a URL with user:pass@ is refused', () => {
  it('on add and on edit, saying where the credential belongs and without echoing it', async () => {
    const added = await tokenDeskErrorOf(() =>
      core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: withCredentials(sud.url), code: sud.issueCode() } }),
    );
    expect(added.code).toBe('invalid_input');
    expect(added.message).toContain('user:pass@');
    expect(added.message).toContain('secret fields');
    expect(added.message).not.toContain(PASSWORD);
    expect(core.list()).toEqual([]);

    const { id } = await core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
    const edited = await tokenDeskErrorOf(() => core.update({ id, values: { baseUrl: 'https://only-user@sud.example' } }));
    expect(edited.code).toBe('invalid_input');
    expect(edited.message).toContain('secret fields');
    expect(core.get(id).fields.baseUrl).toBe(sud.url);
  });

  it('by the HTTP client, before anything is sent', async () => {
    const http = createHttpClient({ timeoutMs: 5_000, env: {} });
    const before = hostile.state.captured.length;
    const error = await tokenDeskErrorOf(() => http.request({ method: 'POST', url: `${withCredentials(hostile.url)}/echo`, operation: 'test', json: {} }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('secret fields');
    expect(error.message).not.toContain(PASSWORD);
    expect(hostile.state.captured.length).toBe(before);
  });
});
