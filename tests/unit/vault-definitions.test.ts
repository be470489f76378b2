import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAST_TEST_SCRYPT, openVault } from '../../electron/core/vault';
import type { Vault } from '../../electron/core/vault/types';
import { makeTempDir, removeTemp } from '../fixtures/vault-helpers';
import { tokenDeskErrorOf as failure } from './helpers/token-desk-error';

const PASS = 'definitions passphrase';
const DEFINITION = { id: 'my-game', name: 'My game', fields: [{ name: 'baseUrl', label: 'Server' }], request: { url: '{{baseUrl}}/t' }, token: { path: 'token' } };

let dir: string;
const opened: Vault[] = [];

beforeEach(async () => {
  dir = await makeTempDir();
});

afterEach(async () => {
  for (const vault of opened.splice(0)) await vault.close();
  await removeTemp(dir);
});

async function open(): Promise<Vault> {
  const vault = await openVault({ dir, scrypt: FAST_TEST_SCRYPT });
  opened.push(vault);
  return vault;
}

async function editFile(change: (doc: { providers?: Record<string, { definition: Record<string, unknown>; mac?: string; updatedAt: number }> }) => void): Promise<void> {
  const file = join(dir, 'vault.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as Parameters<typeof change>[0];
  change(doc);
  await writeFile(file, JSON.stringify(doc));
}

describe('custom provider definitions in the vault', () => {
  it('are stored as written, signed, and readable after a restart while locked', async () => {
    const vault = await open();
    await vault.create({ passphrase: PASS });
    await vault.putDefinition('my-game', DEFINITION);
    expect(vault.definitionAuthentic('my-game')).toBe(true);
    await vault.close();

    const again = await open();
    expect(again.info().state).toBe('locked');
    expect(again.definitions()).toEqual([{ id: 'my-game', definition: DEFINITION, updatedAt: expect.any(Number) }]);
    // Genuineness needs the key.
    expect(again.definitionAuthentic('my-game')).toBeNull();
    await again.unlock(PASS);
    expect(again.definitionAuthentic('my-game')).toBe(true);
  });

  it('a definition changed, or added, in vault.json by hand is not authentic; storing it again is', async () => {
    const vault = await open();
    await vault.create({ passphrase: PASS });
    await vault.putDefinition('my-game', DEFINITION);
    await vault.close();
    await editFile((doc) => {
      doc.providers!['my-game']!.definition.request = { url: 'https://elsewhere.example/t' };
      doc.providers!['hand-made'] = { definition: { ...DEFINITION, id: 'hand-made' }, updatedAt: 1 };
    });

    const again = await open();
    await again.unlock(PASS);
    expect(again.definitionAuthentic('my-game')).toBe(false);
    expect(again.definitionAuthentic('hand-made')).toBe(false);
    await again.putDefinition('my-game', DEFINITION);
    expect(again.definitionAuthentic('my-game')).toBe(true);
  });

  it('storing needs the key; removing an unknown id is not_found; what is handed out cannot change the stored one', async () => {
    const vault = await open();
    await vault.create({ passphrase: PASS });
    const mine = structuredClone(DEFINITION);
    await vault.putDefinition('my-game', mine);
    mine.name = 'changed by the caller afterwards';
    const handed = vault.definitions()[0]!.definition as { name: string; fields: Array<{ label: string }> };
    expect(() => (handed.name = 'changed behind its back')).toThrow(TypeError);
    expect(() => (handed.fields[0]!.label = 'deep change')).toThrow(TypeError);
    expect(vault.definition('my-game')?.definition).toEqual(DEFINITION);
    vault.lock();
    expect((await failure(() => vault.putDefinition('other', DEFINITION))).code).toBe('locked');
    expect((await failure(() => vault.removeDefinition('nope'))).code).toBe('not_found');
    await vault.removeDefinition('my-game');
    expect(vault.definitions()).toEqual([]);
  });
});
