import os from 'node:os';
import { TokenDeskError } from '../core/errors';
import type { SecretBox } from '../core/platform';

/** Where the CLI reads and writes; the real process in index.ts, anything in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** A terminal to prompt on (hidden input), or null when stdin/stderr is not a TTY. */
  terminal: { input: NodeJS.ReadStream; output: NodeJS.WriteStream } | null;
  /** Listens for a stop signal (`watch`); returns the unsubscribe. */
  onSignal(signal: StopSignal, listener: () => void): () => void;
  /** Ends the process at once with this status (a second Ctrl+C during `watch`). */
  exitNow(code: number): void;
  /**
   * The OS keyring as the vault's `os` key slot: only when the packaged app runs the CLI (Electron's
   * safeStorage); plain Node has none, so there the passphrase unlocks.
   */
  keyring?: SecretBox;
}

/** The signals that ask a long-running command to stop. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The CliIo of this process. */
export function processIo(): CliIo {
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    terminal: interactive ? { input: process.stdin, output: process.stderr } : null,
    onSignal: (signal, listener) => {
      process.on(signal, listener);
      return () => void process.off(signal, listener);
    },
    exitNow: (code) => process.exit(code),
  };
}

/** A mistake in the command line itself (exit status 2), as opposed to an operation that failed (1). */
export class UsageError extends TokenDeskError {
  constructor(message: string) {
    super('invalid_input', message);
    this.name = 'UsageError';
  }
}
