import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer fence of docs/architecture.md, "Layers", as the project's own eslint.config.ts enforces it: probe
 * files (linted as text under a path inside the tree, so relative imports resolve to the real files) import
 * across the fence with the spellings that used to slip through (`../main/…` instead of `electron/main/…`).
 */
const repo = path.resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repo });
});

/** The fence errors (layer zones and raw-IPC rule) a probe at `file` gets for `code`. */
async function fenceErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  const fenceRules = new Set(['import-x/no-restricted-paths', 'no-restricted-imports', 'no-restricted-syntax']);
  return (result?.messages ?? []).filter((m) => m.ruleId !== null && fenceRules.has(m.ruleId)).map((m) => m.message);
}

const probe = (from: string): string => `import * as probe from '${from}';\nexport const used = probe;\n`;

describe('the layer fence holds whatever the spelling of the import', () => {
  it.each([
    ['electron/core/probe.ts', '../main/ipc/dispatch', 'core imports only core and shared'],
    ['electron/core/probe.ts', '../cli/program', 'core imports only core and shared'],
    ['electron/core/probe.ts', '../preload/api', 'core imports only core and shared'],
    ['electron/core/engine/probe.ts', '../../main/lock', 'core imports only core and shared'],
    ['electron/core/engine/probe.ts', '../../../renderer/src/i18n/use-t', 'core imports only core and shared'],
    ['electron/main/probe.ts', '../cli/program', 'never imports the CLI'],
    ['electron/main/ipc/probe.ts', '../../cli/runner', 'never imports the CLI'],
    ['electron/main/probe.ts', '../../renderer/src/lib/rows', 'never imports the CLI'],
    ['electron/main/policies/probe.ts', '../window', 'Policies import only core, shared and other policies'],
    ['electron/main/policies/probe.ts', '../../cli/program', 'never imports the CLI'],
    ['electron/cli/probe.ts', '../main/lock', 'The CLI runs on core and shared'],
    ['electron/cli/commands/probe.ts', '../../main/ipc/dispatch', 'The CLI runs on core and shared'],
    ['electron/cli/probe.ts', '../preload/api', 'The CLI runs on core and shared'],
    ['electron/main/probe.ts', '../core/engine/core', 'main imports core through its one entry'],
    ['electron/main/probe.ts', '../core/errors', 'main imports core through its one entry'],
    ['electron/main/ipc/probe.ts', '../../core/vault', 'main imports core through its one entry'],
    ['electron/main/policies/probe.ts', '../../core/scheduler/policy', 'main imports core through its one entry'],
    ['electron/cli/probe.ts', '../core/engine/core', 'The CLI imports core through its entry'],
    ['electron/cli/commands/probe.ts', '../../core/engine/format-token', 'The CLI imports core through its entry'],
    ['electron/cli/commands/probe.ts', '../../core/vault/types', 'The CLI imports core through its entry'],
    ['electron/preload/probe.ts', '../core', 'The preload imports only electron and shared/'],
    ['electron/preload/probe.ts', '../core/errors', 'The preload imports only electron and shared/'],
    ['electron/preload/probe.ts', '../main/window', 'The preload imports only electron and shared/'],
    ['shared/probe.ts', '../electron/core/errors', 'shared/ imports nothing but shared/'],
    ['shared/probe.ts', '../renderer/src/i18n/use-t', 'shared/ imports nothing but shared/'],
    ['renderer/src/probe.ts', '../../electron/core/errors', 'The renderer imports only renderer/ and shared/'],
    ['renderer/src/lib/probe.ts', '../../../electron/preload/api', 'The renderer imports only renderer/ and shared/'],
  ])('%s importing %s is an error', async (file, from, says) => {
    const errors = await fenceErrors(file, probe(from));
    // `../electron/…` from shared/ or the renderer also trips the "no Electron package" pattern; the zone must be among them.
    expect(errors.filter((e) => e.includes(says))).toHaveLength(1);
  });

  it('a type-only import across the fence is an error too', async () => {
    const errors = await fenceErrors('electron/core/probe.ts', "import type { Handlers } from '../main/ipc/handlers';\nexport type Used = Handlers;\n");
    expect(errors).toHaveLength(1);
  });

  it.each([
    ['electron/core/probe.ts', '../../shared/errors'],
    ['electron/core/engine/probe.ts', '../errors'],
    ['electron/main/probe.ts', '../core'],
    ['electron/main/policies/probe.ts', '../../core'],
    ['electron/main/probe.ts', './policies/account-label'],
    ['electron/main/policies/probe.ts', '../../../shared/i18n'],
    ['electron/main/policies/probe.ts', './account-label'],
    ['electron/cli/probe.ts', '../core/errors'],
    ['electron/cli/probe.ts', '../core'],
    ['electron/cli/commands/probe.ts', '../../core/version'],
    ['electron/preload/probe.ts', '../../shared/ipc-channels'],
    ['renderer/src/probe.ts', '../../shared/jwt'],
    ['renderer/src/probe.ts', '../../shared/i18n'],
    ['shared/probe.ts', './jwt'],
  ])('%s importing %s (allowed) lints clean', async (file, from) => {
    expect(await fenceErrors(file, probe(from))).toEqual([]);
  });

  it('Electron and Node stay out of shared, core, the CLI and the renderer', async () => {
    for (const file of ['shared/probe.ts', 'electron/core/probe.ts', 'electron/cli/probe.ts', 'renderer/src/probe.ts']) {
      expect(await fenceErrors(file, probe('electron')), file).toHaveLength(1);
    }
    for (const file of ['shared/probe.ts', 'renderer/src/probe.ts']) {
      expect(await fenceErrors(file, probe('node:fs')), file).toHaveLength(1);
    }
  });

  it('only the preload and electron/main/ipc/register.ts touch raw IPC', async () => {
    const ipcMain = "import { ipcMain } from 'electron';\nexport const used = ipcMain;\n";
    expect(await fenceErrors('electron/main/probe.ts', ipcMain)).not.toEqual([]);
    expect(await fenceErrors('electron/main/ipc/register.ts', ipcMain)).toEqual([]);
    const ipcRenderer = "import { ipcRenderer } from 'electron';\nexport const used = ipcRenderer;\n";
    expect(await fenceErrors('electron/preload/probe.ts', ipcRenderer)).toEqual([]);
    expect(await fenceErrors('electron/main/window-probe.ts', ipcRenderer)).not.toEqual([]);
  });
});
