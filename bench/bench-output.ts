import { loadavg } from 'node:os';

/**
 * What every bench shares: its command-line options and its `--json` line. With `--json` a bench
 * still prints its figures as text, then one JSON object as the LAST line, for scripts to read.
 */

/** The value after `name` on the command line (`--rounds 5`), or undefined. */
export function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** True when the flag is on the command line. */
export function hasFlag(name: string): boolean {
  return process.argv.includes(name);
}

/** The median (upper median of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The 1-minute load average: printed beside every figure, since the machine may be shared. */
export function loadAverage(): number {
  return Math.round(loadavg()[0]! * 10) / 10;
}

/** Prints the figures as the last line when `--json` was given. */
export function printJson(figures: Record<string, number | string | boolean>): void {
  if (hasFlag('--json')) console.log(JSON.stringify(figures));
}
