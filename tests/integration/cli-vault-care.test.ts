import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPassphraseSlot, type PassphraseSlot } from '../../electron/core/vault/slots';
import { startSudServer, type SudServer } from '../servers';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSPHRASE = 'cli care passphrase';
const NEW_PASSPHRASE = 'cli care passphrase, the second';

let dir: string;
let sud: SudServer;
let evil: SudServer;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_DATA_DIR: dir, TOKENDESK_PASSPHRASE: PASSPHRASE, NO_COLOR: '1', ...env };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', ...args], { cwd: ROOT, env: fullEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

type Doc = { slots: { passphrase: PassphraseSlot }; accounts: Record<string, { fields: Record<string, string> }> };
const vaultFile = (name = 'vault.json'): string => path.join(dir, name);
const readDoc = async (name?: string): Promise<Doc> => JSON.parse(await readFile(vaultFile(name), 'utf8')) as Doc;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-cli-care-'));
  sud = await startSudServer();
  evil = await startSudServer();
});

afterAll(async () => {
  await sud.close();
  await evil.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tokendesk confirm and passphrase', { timeout: 180_000 }, () => {
  const ids: string[] = [];

  it('an account changed outside TokenDesk is listed as damaged, sends nothing, and confirm signs it again', async () => {
    expect((await cli(['init'])).code).toBe(0);
    for (const name of ['Kept', 'Tampered']) {
      const added = await cli(['--json', 'add', 'sud', '--name', name, '--set', `baseUrl=${sud.url}`, '--set', `code=${sud.issueCode()}`]);
      ids.push((JSON.parse(added.stdout) as { id: string }).id);
    }
    expect((await cli(['refresh', '--all'])).code).toBe(0);
    const doc = await readDoc();
    doc.accounts[ids[1]!]!.fields.baseUrl = evil.url;
    await writeFile(vaultFile(), JSON.stringify(doc));

    const listed = JSON.parse((await cli(['--json', 'list'])).stdout) as Array<{ id: string; damage: string | null }>;
    expect(listed.map((a) => a.damage)).toEqual([null, 'changed']);
    expect((await cli(['list'])).stdout).toMatch(/Tampered\s.*damaged/);
    expect((await cli(['show', ids[1]!])).stdout).toMatch(/damaged — changed outside TokenDesk/);

    const all = await cli(['--json', 'refresh', '--all']);
    expect(all.code).toBe(1);
    expect((JSON.parse(all.stdout) as Array<{ ok: boolean }>).map((r) => r.ok)).toEqual([true, false]);
    const token = await cli(['token', ids[1]!]);
    expect(token.code).toBe(1);
    expect(token.stderr).toContain('changed outside TokenDesk');
    expect(token.stderr).toContain(`Next: tokendesk confirm ${ids[1]!.slice(0, 8)}`);
    expect(evil.state.requests.total).toBe(0);

    expect((await cli(['confirm', ids[1]!])).code).toBe(0);
    const after = JSON.parse((await cli(['--json', 'list'])).stdout) as Array<{ damage: string | null }>;
    expect(after.map((a) => a.damage)).toEqual([null, null]);
  });

  it('passphrase rotates the key: the old passphrase opens neither vault.json nor its backup', async () => {
    const before = await cli(['token', ids[0]!]);
    const changed = await cli(['passphrase'], { TOKENDESK_NEW_PASSPHRASE: NEW_PASSPHRASE });
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(/rotated/);

    const old = await cli(['token', ids[0]!]);
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/Wrong passphrase/);
    const fresh = await cli(['token', ids[0]!], { TOKENDESK_PASSPHRASE: NEW_PASSPHRASE });
    expect(fresh.stdout).toBe(before.stdout);
    for (const name of ['vault.json', 'vault.json.bak']) {
      const slot = (await readDoc(name)).slots.passphrase;
      expect(await openPassphraseSlot(slot, PASSPHRASE)).toBeNull();
      expect(await openPassphraseSlot(slot, NEW_PASSPHRASE)).not.toBeNull();
    }
  });

  it('passphrase without a new one at hand says where to give it', async () => {
    const run = await cli(['passphrase'], { TOKENDESK_PASSPHRASE: NEW_PASSPHRASE });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TOKENDESK_NEW_PASSPHRASE');
  });
});
