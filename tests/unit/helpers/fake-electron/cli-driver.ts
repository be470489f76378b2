// Starts electron/main/index.ts against the Electron stand-in with the command-line switch in argv, as the
// packaged app is started by the `tokendesk` launcher; the CLI's own output goes to stdout/stderr, then the
// stand-in's log as the last stderr line. Run by tests/unit/main-command-line.test.ts:
//   node --import tsx --import ./register.mjs cli-driver.ts --cli <args>
import process from 'node:process';
import { fakeElectron } from './fake-state';

await import('../../../../electron/main/index');
const fake = fakeElectron();
await fake.quitDone;
process.stderr.write(`\nFAKE_ELECTRON_LOG ${JSON.stringify({ log: fake.log, windows: fake.windows.length, trays: fake.trays.length })}\n`);
