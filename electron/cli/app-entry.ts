/**
 * The CLI as the packaged app loads it (`TokenDesk --cli <args>`, see electron/main/command-line.ts): the
 * same program as index.ts, plus the OS keyring slot, which only the Electron process can open. Built to
 * dist-electron/cli/app-entry.js; main imports that file at run time, never this source.
 */
import type { SecretBox } from '../core/platform';
import { processIo } from './io';
import { oneShotSchemas, runCli } from './program';

/**
 * TokenDesk.exe is a windowed (GUI subsystem) program: started from tokendesk.cmd it has no console to
 * read a hidden passphrase from, so it never tries (a prompt there could wait for input that never comes).
 */
const WINDOWS_NO_PROMPT = 'The installed TokenDesk is a windowed program and cannot ask for a passphrase in a Windows terminal.';

/** What main hands the CLI beside the keyring. */
export interface AppHooks {
  /** Ends the process (main drains stdout and stderr first); the CLI calls it when a signal stops it. */
  exit(code: number): void;
  /** Called when Electron asks the app to quit (Chromium's own handling of a signal); returns the unsubscribe. */
  onQuitRequest(listener: () => void): () => void;
}

/** Runs the CLI on `argv` (the arguments after the switch) with the keyring as the vault's `os` slot. */
export function runInApp(argv: string[], keyring: SecretBox, hooks: AppHooks): Promise<number> {
  oneShotSchemas();
  const io = processIo();
  const windows = io.platform === 'win32';
  return runCli(argv, {
    ...io,
    keyring,
    exitNow: hooks.exit,
    // A quit Electron asks for while a command runs comes from a signal Chromium took: it stops the
    // command as SIGTERM would (which signal it was is not known there).
    onUnhandledStop: (listener) => {
      const offSignals = io.onUnhandledStop?.(listener);
      const offQuit = hooks.onQuitRequest(() => listener('SIGTERM'));
      return () => {
        offSignals?.();
        offQuit();
      };
    },
    ...(windows ? { terminal: null, noPrompt: WINDOWS_NO_PROMPT } : {}),
  });
}
