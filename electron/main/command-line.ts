import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App } from 'electron';
import { dataDirArgument, toErrorInfo } from '../core';
import type { SecretBox } from '../core';
import { createSafeStorageBox, type SafeStorageLike } from './safe-storage';
import { useDataDir } from './startup';

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
  runInApp(argv: string[], keyring: SecretBox, hooks: { exit(code: number): void; onQuitRequest(listener: () => void): () => void }): Promise<number>;
}

/** The built CLI beside main: dist-electron/cli/app-entry.js (inside app.asar when packaged). */
export function builtCliPath(mainDir: string): string {
  return path.join(mainDir, '../cli/app-entry.js');
}

/** The parts of Electron the command line uses. */
export interface CommandLineDeps {
  app: Pick<App, 'whenReady' | 'exit' | 'setPath' | 'on' | 'setActivationPolicy'>;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Loads the built CLI (tests hand in the source). */
  loadCli(): Promise<BuiltCli>;
  /** Where a failure to load the CLI is reported (stderr). */
  reportError(text: string): void;
  /** stdout and stderr: everything written to them reaches the reader before the process ends. */
  output: readonly NodeJS.WritableStream[];
}

/** Loads the built CLI from `file`. */
export function loadBuiltCli(file: string): () => Promise<BuiltCli> {
  return async () => (await import(pathToFileURL(file).href)) as BuiltCli;
}

/**
 * Resolves once what was written to `stream` has been handed to the OS. app.exit ends the process at
 * once, and on POSIX a pipe is written asynchronously: without this, `tokendesk --json list | jq` could
 * get half a document. A reader that went away (EPIPE) ends the wait too.
 */
export function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    try {
      stream.write('', () => resolve());
    } catch {
      resolve(); // already closed: nothing more can reach the reader
    }
  });
}

/** macOS: a command shows no Dock icon and no menu bar ('prohibited': it opens no window either). */
function hideFromDock(deps: CommandLineDeps): void {
  if (deps.platform !== 'darwin') return;
  try {
    deps.app.setActivationPolicy('prohibited');
  } catch {
    // Only cosmetic: the command runs all the same.
  }
}

/**
 * Runs the CLI on `args` and exits with its status. Before `ready`: the data folder (`--data-dir`, then
 * TOKENDESK_DATA_DIR) becomes userData, as the window does with TOKENDESK_DATA_DIR, because on Windows
 * the keyring's key is kept in `Local State` under userData: the window and the command line must use the
 * same one to open each other's keyring slot. macOS: no Dock icon for a command. Then it waits for
 * `ready` (safeStorage needs it), runs the CLI, drains stdout and stderr, and exits.
 */
export async function runCommandLine(args: string[], deps: CommandLineDeps): Promise<void> {
  const { app } = deps;
  hideFromDock(deps);
  const dataDir = dataDirArgument(args) ?? deps.env.TOKENDESK_DATA_DIR;
  try {
    useDataDir(app, dataDir);
  } catch {
    // A folder that cannot be made: the CLI names it and the reason when it opens the vault.
  }
  let code = 1;
  let finished = false;
  const exit = (status: number): void => {
    if (finished) return;
    finished = true;
    void Promise.all(deps.output.map(drained)).then(() => app.exit(status));
  };
  // Chromium handles SIGINT/SIGTERM/SIGHUP by quitting the app (Browser::Quit), unless Node's handler
  // took the signal over (the CLI listens while it runs). Should that quit come, the command is not cut
  // off with status 0: the CLI stops it (see app-entry.ts).
  const quitRequests = new Set<() => void>();
  app.on('before-quit', (event) => {
    if (finished || quitRequests.size === 0) return;
    event.preventDefault();
    for (const listener of quitRequests) listener();
  });
  const onQuitRequest = (listener: () => void): (() => void) => {
    quitRequests.add(listener);
    return () => void quitRequests.delete(listener);
  };
  try {
    await app.whenReady();
    hideFromDock(deps); // again once launched, in case the early call came before AppKit was up
    const cli = await deps.loadCli();
    code = await cli.runInApp(args, await createSafeStorageBox(deps.safeStorage, deps.platform), { exit, onQuitRequest });
  } catch (error) {
    deps.reportError(`tokendesk: ${toErrorInfo(error).message}\n`);
  }
  exit(code);
}
