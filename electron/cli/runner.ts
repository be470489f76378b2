import type { CliContext } from './context';

/** Exit statuses of docs/architecture.md, "The command line". */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Wraps a command body: builds its context, closes core afterwards, records the exit status.
 * Lives apart from program.ts so the commands depend on this contract, not on the program that registers them.
 */
export type Runner = <A extends unknown[]>(
  body: (ctx: CliContext, ...args: A) => Promise<number | void>,
) => (...args: unknown[]) => Promise<void>;
