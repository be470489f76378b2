// Boots electron/main/index.ts against the Electron stand-in where starting must fail (a data folder that
// cannot be made, a vault that cannot be read), waits for main to give up, and prints one JSON report on
// stdout: what main asked of the stand-in (its error box included) and the exit status.
// Run by tests/unit/main-startup-errors.test.ts:
//   node --import tsx --import ./register.mjs startup-driver.ts
import process from 'node:process';
import { fakeElectron } from './fake-state';

await import('../../../../electron/main/index');
const fake = fakeElectron();
await fake.quitDone;
process.stdout.write(`${JSON.stringify({ log: fake.log, exitCode: process.exitCode ?? 0, windows: fake.windows.length })}\n`);
process.exit(0);
