import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIpcRig, type IpcRig } from './helpers/ipc-rig';

const PASSPHRASE = 'rig passphrase';
const BUNDLE_PASSPHRASE = 'bundle passphrase';

let rig: IpcRig;
let dir: string;

beforeEach(async () => {
  rig = await openIpcRig();
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-bundle-'));
  await rig.core.initialize(PASSPHRASE);
  await rig.core.create({ provider: 'openim', name: 'IM one', values: { baseUrl: 'http://127.0.0.1:1', secret: 'canary-secret-4711', userID: 'u1' } });
});

afterEach(async () => {
  await rig.close();
  await rm(dir, { recursive: true, force: true });
});

describe('bundle:export and bundle:import (the window)', () => {
  it('main chooses the file; a cancelled dialog writes nothing and imports nothing', async () => {
    expect(await rig.dispatch('bundle:export', { passphrase: BUNDLE_PASSPHRASE })).toEqual({ ok: true, value: { file: null, count: 0 } });
    expect(await rig.dispatch('bundle:import', { passphrase: BUNDLE_PASSPHRASE, mode: 'newer' })).toEqual({ ok: true, value: { file: null, outcomes: [] } });
  });

  it('writes an owner-only bundle where the dialog said, and imports it back with the chosen mode', async () => {
    const file = path.join(dir, 'out.tdbundle');
    rig.bundleFiles.push(file);
    expect(await rig.dispatch('bundle:export', { passphrase: BUNDLE_PASSPHRASE })).toEqual({ ok: true, value: { file, count: 1 } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).not.toContain('canary-secret-4711');

    rig.bundleFiles.push(file);
    const kept = await rig.dispatch('bundle:import', { passphrase: BUNDLE_PASSPHRASE, mode: 'newer' });
    expect(kept).toMatchObject({ ok: true, value: { file, outcomes: [{ name: 'IM one', provider: 'openim', action: 'kept' }] } });
    rig.bundleFiles.push(file);
    const replaced = await rig.dispatch('bundle:import', { passphrase: BUNDLE_PASSPHRASE, mode: 'replace' });
    expect(replaced).toMatchObject({ ok: true, value: { outcomes: [{ action: 'replaced' }] } });
  });

  it('refuses a short bundle passphrase before anything runs, and a wrong one with what to do', async () => {
    const short = await rig.dispatch('bundle:export', { passphrase: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const file = path.join(dir, 'out.tdbundle');
    rig.bundleFiles.push(file, file);
    await rig.dispatch('bundle:export', { passphrase: BUNDLE_PASSPHRASE });
    const wrong = await rig.dispatch('bundle:import', { passphrase: 'not it at all', mode: 'replace' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('passphrase is wrong') } });
  });
});
