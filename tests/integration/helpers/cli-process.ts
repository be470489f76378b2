import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** What one run of the real CLI printed, and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Variables added to (or, when undefined, removed from) this process's environment. */
  env?: Record<string, string | undefined>;
  /** The folder it starts in (default the checkout). */
  cwd?: string;
  /** The program and its leading arguments (default `node electron/cli/bin.js`, the package's `bin`). */
  command?: string[];
  /** Sees stdout + stderr as they arrive (e.g. to act once a prompt is shown). */
  onOutput?: (text: string) => void;
}

/** Runs the real `tokendesk` as a separate process, stdin closed, and collects what it printed. */
export function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const [program = process.execPath, ...lead] = options.command ?? [process.execPath, path.join(ROOT, 'electron/cli/bin.js')];
  return new Promise((resolve) => {
    const child = spawn(program, [...lead, ...args], { cwd: options.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      options.onOutput?.(stdout + stderr);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      options.onOutput?.(stdout + stderr);
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
