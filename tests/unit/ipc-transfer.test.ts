import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportItem } from '../../shared/import-plan';
import type { RequestResult } from '../../shared/ipc-contract';
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

/** bundle:open through the dispatcher, which must succeed (its result typed as the contract says). */
async function opened(): Promise<{ ticket: string; items: ImportItem[] }> {
  const response = await rig.dispatch('bundle:open', { passphrase: BUNDLE_PASSPHRASE });
  const value = (response as { ok: true; value: RequestResult<'bundle:open'> }).value;
  if (!response.ok || value.ticket === null) throw new Error(`not opened: ${JSON.stringify(response)}`);
  return { ticket: value.ticket, items: value.items };
}

afterEach(async () => {
  await rig.close();
  await rm(dir, { recursive: true, force: true });
});

describe('bundle:export and bundle:import (the window)', () => {
  it('main chooses the file; a cancelled dialog writes nothing and opens nothing', async () => {
    expect(await rig.dispatch('bundle:export', { passphrase: BUNDLE_PASSPHRASE })).toEqual({ ok: true, value: { file: null, count: 0 } });
    expect(await rig.dispatch('bundle:open', { passphrase: BUNDLE_PASSPHRASE })).toEqual({ ok: true, value: { file: null, ticket: null, items: [] } });
  });

  it('opens a bundle to show what differs, then imports it once with the chosen items; the passphrase is not needed again', async () => {
    const file = path.join(dir, 'out.tdbundle');
    rig.bundleFiles.push(file);
    expect(await rig.dispatch('bundle:export', { passphrase: BUNDLE_PASSPHRASE })).toEqual({ ok: true, value: { file, count: 1 } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).not.toContain('canary-secret-4711');

    // This vault's copy changes after the export: the bundle's now differs from it.
    const [account] = rig.core.list();
    if (!account) throw new Error('the rig lacks its account');
    await rig.core.update({ id: account.id, values: { baseUrl: 'http://127.0.0.1:2', secret: 'canary-secret-0815' } });

    rig.bundleFiles.push(file);
    const first = await opened();
    expect(first.items).toEqual([
      {
        kind: 'account', id: account.id, name: 'IM one', provider: 'openim', status: 'differs',
        differences: [
          { part: 'address', where: 'baseUrl', ours: 'http://127.0.0.1:2', theirs: 'http://127.0.0.1:1' },
          { part: 'secrets', where: 'secret', ours: null, theirs: null },
        ],
      },
    ]);
    // What differs says which secret differs, never its value.
    expect(JSON.stringify(first)).not.toMatch(/canary-secret/);

    const { ticket } = first;
    const kept = await rig.dispatch('bundle:import', { ticket, replace: [] });
    expect(kept).toMatchObject({ ok: true, value: { outcomes: [{ name: 'IM one', action: 'kept' }] } });
    expect(rig.core.get(account.id).fields.baseUrl).toBe('http://127.0.0.1:2');
    // A ticket is used once.
    expect(await rig.dispatch('bundle:import', { ticket, replace: [] })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Open it again') } });

    rig.bundleFiles.push(file);
    const again = await opened();
    const replaced = await rig.dispatch('bundle:import', { ticket: again.ticket, replace: [{ kind: 'account', id: account.id }] });
    expect(replaced).toMatchObject({ ok: true, value: { outcomes: [{ action: 'replaced' }] } });
    expect(rig.core.get(account.id).fields.baseUrl).toBe('http://127.0.0.1:1');
  });

  it('an opened bundle is dropped when the vault locks, or when the person cancels', async () => {
    const file = path.join(dir, 'out.tdbundle');
    rig.bundleFiles.push(file, file, file);
    await rig.dispatch('bundle:export', { passphrase: BUNDLE_PASSPHRASE });
    const locked = await opened();
    await rig.dispatch('vault:lock', {});
    await rig.dispatch('vault:unlock', { passphrase: PASSPHRASE });
    expect(await rig.dispatch('bundle:import', { ticket: locked.ticket, replace: [] })).toMatchObject({ ok: false, error: { message: expect.stringContaining('closed') } });

    const second = await opened();
    expect(await rig.dispatch('bundle:discard', { ticket: second.ticket })).toEqual({ ok: true, value: { ok: true } });
    expect(await rig.dispatch('bundle:import', { ticket: second.ticket, replace: [] })).toMatchObject({ ok: false });
  });

  it('refuses a short bundle passphrase before anything runs, and a wrong one with what to do', async () => {
    const short = await rig.dispatch('bundle:export', { passphrase: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const file = path.join(dir, 'out.tdbundle');
    rig.bundleFiles.push(file, file);
    await rig.dispatch('bundle:export', { passphrase: BUNDLE_PASSPHRASE });
    const wrong = await rig.dispatch('bundle:open', { passphrase: 'not it at all' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('passphrase is wrong') } });
  });
});
