import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run dev` for real (launcher --check, then Vite's dev server and vite-plugin-electron's build and
// spawn), with a stub standing in for the Electron binary through ELECTRON_OVERRIDE_DIST_PATH: the stub
// records the folder and arguments it was started with, and exits, which ends the dev server.
const repo = path.resolve(import.meta.dirname, '../..');
let stubDir: string;
let record: string;

beforeAll(async () => {
  stubDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-dev-electron-'));
  record = path.join(stubDir, 'started.txt');
  const script = [
    '#!/bin/sh',
    `{ echo "cwd=$(pwd)"; for a in "$@"; do echo "arg=$a"; done; echo "url=\${VITE_DEV_SERVER_URL:-}"; echo "run-as-node=\${ELECTRON_RUN_AS_NODE:-unset}"; } > "${record}"`,
    'exit 0',
    '',
  ].join('\n');
  // The name require('electron') (node_modules/electron/index.js) and the launcher's --check both use here.
  await writeFile(path.join(stubDir, 'electron'), script);
  await chmod(path.join(stubDir, 'electron'), 0o755);
});

afterAll(() => rm(stubDir, { recursive: true, force: true }));

function npmRunDev(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'dev', '--', '--port', '0', '--clearScreen', 'false'], {
      cwd: repo,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: stubDir, ELECTRON_RUN_AS_NODE: '1', BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`npm run dev did not end after the stub Electron exited:\n${output}`));
    }, 110_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm run dev', () => {
  it('starts Electron on the project folder (not renderer/), with the dev server URL and without ELECTRON_RUN_AS_NODE', async () => {
    const { output } = await npmRunDev();
    const lines = (await readFile(record, 'utf8').catch(() => `(the stub was never started)\n${output}`)).trim().split('\n');

    expect(lines, output).toContain(`cwd=${repo}`);
    expect(lines.filter((line) => line.startsWith('arg='))).toEqual([`arg=${repo}`]);
    expect(lines.find((line) => line.startsWith('url='))).toMatch(/^url=http:\/\/(localhost|127\.0\.0\.1|\[::1\]):\d+\/$/);
    expect(lines).toContain('run-as-node=unset');
  }, 120_000);
});
