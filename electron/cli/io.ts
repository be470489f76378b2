import os from 'node:os';
import path from 'node:path';
import { TokenDeskError } from '../core/errors';
import type { SecretBox } from '../core/platform';

/** Where the CLI reads and writes; the real process in index.ts, anything in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** The folder the person started the command in: relative paths they give resolve from here. */
  cwd: string;
  /** A terminal to prompt on (hidden input), or null when stdin/stderr is not a TTY. */
  terminal: { input: NodeJS.ReadStream; output: NodeJS.WriteStream } | null;
  /**
   * Why no prompt can be shown here, when it is not "no terminal" (the installed app on Windows); said
   * instead of the advice to run the command in a terminal.
   */
  noPrompt?: string;
  /** Handles a signal itself (`watch`, `login`, `exec`'s child): the default stop then leaves it alone. Returns the unsubscribe. */
  onSignal(signal: NodeJS.Signals, listener: () => void): () => void;
  /**
   * Listens for SIGINT/SIGTERM that no command handles itself (see onSignal): the run then closes the
   * vault and ends with 128 + n, as Node's default would end it. Returns the unsubscribe.
   */
  onUnhandledStop?(listener: (signal: StopSignal) => void): () => void;
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

/** How many handlers of each signal the commands hold through onSignal. */
const claimed = new Map<NodeJS.Signals, number>();

function claim(signal: NodeJS.Signals, listener: () => void): () => void {
  process.on(signal, listener);
  claimed.set(signal, (claimed.get(signal) ?? 0) + 1);
  let claimedNow = true;
  return () => {
    if (!claimedNow) return;
    claimedNow = false;
    process.off(signal, listener);
    claimed.set(signal, (claimed.get(signal) ?? 1) - 1);
  };
}

/**
 * The folder the command was started in. `npm run cli` runs it in the checkout's root and tells where the
 * person was in INIT_CWD; only that script of this package is trusted with it (INIT_CWD is inherited by
 * whatever an npm script starts, so elsewhere it may name some other folder).
 */
export function startFolder(env: NodeJS.ProcessEnv, cwd: string): string {
  const viaNpmScript = env.npm_lifecycle_event === 'cli' && env.npm_package_name === 'tokendesk';
  return viaNpmScript && env.INIT_CWD && path.isAbsolute(env.INIT_CWD) ? env.INIT_CWD : cwd;
}

/** A path the person gave, resolved from the folder they started the command in. */
export function resolveFromStart(io: Pick<CliIo, 'cwd'>, given: string): string {
  return path.resolve(io.cwd, given);
}

/** The CliIo of this process. */
export function processIo(): CliIo {
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    platform: process.platform,
    home: os.homedir(),
    cwd: startFolder(process.env, process.cwd()),
    terminal: interactive ? { input: process.stdin, output: process.stderr } : null,
    onSignal: claim,
    onUnhandledStop: (listener) => {
      // Listening at all turns off Node's default (ending at once); a claimed signal is the command's.
      const offs = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
        const handler = (): void => {
          if ((claimed.get(signal) ?? 0) === 0) listener(signal);
        };
        process.on(signal, handler);
        return () => void process.off(signal, handler);
      });
      return () => offs.forEach((off) => off());
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

/** 128 + the signal's number, the status a shell gives a command killed by it. */
export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}
