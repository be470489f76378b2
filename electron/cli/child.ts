import { spawn } from 'node:child_process';
import { signalStatus } from './io';

/** How a child command ended, as a shell would report it. */
export interface ChildExit {
  /** The status to exit with: the child's own, 128 + n for a signal, 126/127 when it could not start. */
  status: number;
  /** Why it could not start (not found, not executable), or null when it ran. */
  startError: string | null;
}

/**
 * Signals passed on to the child. SIGINT from a terminal already reaches the whole foreground process
 * group, child included, so it is passed on only when no terminal sent it (a second SIGINT would make
 * many programs abort their own clean stop).
 */
const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGINT'];

/** Takes over a signal for as long as the child runs (CliIo.onSignal); returns the release. */
export type SignalClaim = (signal: NodeJS.Signals, listener: () => void) => () => void;

/**
 * Runs `command args` with inherited stdin/stdout/stderr and `env`, forwards stop signals to it, and
 * resolves once it has ended. Nothing of the child's output passes through TokenDesk.
 */
export function runChild(command: string, args: string[], env: NodeJS.ProcessEnv, onSignal: SignalClaim, cwd?: string): Promise<ChildExit> {
  return new Promise((resolve) => {
    // In the folder the person started tokendesk in (`npm run cli` itself runs in the checkout's root).
    const child = spawn(command, args, { stdio: 'inherit', env, ...(cwd !== undefined ? { cwd } : {}) });
    const fromTerminal = process.stdin.isTTY === true;
    const handlers = FORWARDED.filter((s) => !(s === 'SIGINT' && fromTerminal) && !(process.platform === 'win32' && s !== 'SIGINT')).map(
      (signal) => onSignal(signal, () => void child.kill(signal)),
    );
    // A terminal's Ctrl+C reaches the child itself; TokenDesk only has to outlive it.
    if (fromTerminal) handlers.push(onSignal('SIGINT', () => undefined));
    let ended = false;
    const done = (exit: ChildExit): void => {
      if (ended) return;
      ended = true;
      for (const off of handlers) off();
      resolve(exit);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      const notFound = error.code === 'ENOENT';
      done({
        status: notFound ? 127 : 126,
        startError: notFound ? `Command not found: ${command}. Check its name and your PATH.` : `Cannot run ${command}: ${error.code ?? error.message}.`,
      });
    });
    child.once('exit', (code, signal) => {
      done({ status: signal ? signalStatus(signal) : (code ?? 1), startError: null });
    });
  });
}
