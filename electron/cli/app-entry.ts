/**
 * The CLI as the packaged app loads it (`TokenDesk --cli <args>`, see electron/main/command-line.ts): the
 * same program as index.ts, plus the OS keyring slot, which only the Electron process can open. Built to
 * dist-electron/cli/app-entry.js; main imports that file at run time, never this source.
 */
import type { SecretBox } from '../core/platform';
import { processIo } from './io';
import { runCli } from './program';

/** Runs the CLI on `argv` (the arguments after the switch) with the keyring as the vault's `os` slot. */
export function runInApp(argv: string[], keyring: SecretBox): Promise<number> {
  return runCli(argv, { ...processIo(), keyring });
}
