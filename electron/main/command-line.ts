import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { toErrorInfo } from '../core/errors';
import type { SecretBox } from '../core/platform';
import { createSafeStorageBox, type SafeStorageLike } from './safe-storage';

/**
 * The packaged app doubles as the `tokendesk` command: `TokenDesk --cli <args>` (the launchers the
 * installers put on PATH pass the switch) runs the CLI instead of the window. Electron's fuses forbid
 * ELECTRON_RUN_AS_NODE, so the switch is the way in; it is read before anything else in main, so the
 * command line never takes the single-instance lock, opens a window or a tray.
 */
export const CLI_SWITCH = '--cli';

/** The CLI's arguments when the app was started as the command line, else null. */
export function commandLineArgs(argv: readonly string[]): string[] | null {
  // argv[0] is the executable; in an unpackaged run argv[1] is the app folder. The switch comes first after them.
  const at = argv.indexOf(CLI_SWITCH);
  return at < 0 ? null : argv.slice(at + 1);
}

/** The built CLI's entry for the app (electron/cli/app-entry.ts); main never imports the CLI's source. */
export interface BuiltCli {
  runInApp(argv: string[], keyring: SecretBox): Promise<number>;
}

/** The built CLI beside main: dist-electron/cli/app-entry.js (inside app.asar when packaged). */
export function builtCliPath(mainDir: string): string {
  return path.join(mainDir, '../cli/app-entry.js');
}

/** The parts of Electron the command line uses. */
export interface CommandLineDeps {
  app: { whenReady(): Promise<unknown>; exit(code: number): void };
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /** Loads the built CLI (tests hand in the source). */
  loadCli(): Promise<BuiltCli>;
  /** Where a failure to load the CLI is reported (stderr). */
  reportError(text: string): void;
}

/** Loads the built CLI from `file`. */
export function loadBuiltCli(file: string): () => Promise<BuiltCli> {
  return async () => (await import(pathToFileURL(file).href)) as BuiltCli;
}

/**
 * Runs the CLI on `args` and exits with its status. Waits for `ready` first: safeStorage (the keyring
 * slot that lets a packaged CLI unlock without a passphrase where the keyring is secure) needs it.
 */
export async function runCommandLine(args: string[], deps: CommandLineDeps): Promise<void> {
  let code = 1;
  try {
    await deps.app.whenReady();
    const cli = await deps.loadCli();
    code = await cli.runInApp(args, await createSafeStorageBox(deps.safeStorage, deps.platform));
  } catch (error) {
    deps.reportError(`tokendesk: ${toErrorInfo(error).message}\n`);
  }
  deps.app.exit(code);
}
