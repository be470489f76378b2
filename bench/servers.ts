import { fork } from 'node:child_process';
import path from 'node:path';

/** The SUD and OpenIM servers running in a child process (servers-process.ts). */
export interface ServersProcess {
  sud: string;
  openim: string;
  /** SUD codes the server accepts, issued for the bench. */
  codes: string[];
  /** The secret the OpenIM server checks. */
  openimSecret: string;
  close(): Promise<void>;
}

/** Starts the provider servers in a child process, each answer held `latencyMs`. */
export function startServersProcess(options: { latencyMs: number; codes?: number }): Promise<ServersProcess> {
  const child = fork(path.join(import.meta.dirname, 'servers-process.ts'), ['--latency', String(options.latencyMs), '--codes', String(options.codes ?? 0)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The provider servers' process ended early (exit ${code}).`)));
    child.once('message', (message) => {
      const { sud, openim, codes } = message as { sud: string; openim: string; codes: string[] };
      resolve({
        sud,
        openim,
        codes,
        openimSecret: 'openIM123',
        close: () => {
          child.disconnect();
          return exited;
        },
      });
    });
  });
}
