// Starts electron/main/index.ts against the Electron stand-in with the command-line switch in argv, as the
// packaged app is started by the `tokendesk` launcher; the CLI's own output goes to stdout/stderr, then the
// stand-in's log as the last stderr line. app.exit ends the process at once, as Electron's does, and SIGINT,
// SIGTERM and SIGHUP go to Chromium's quit unless Node took them over (FAKE_ELECTRON_SIGNALS, app.ts).
// OS_PLATFORM plays another OS. Run by tests/unit/main-command-line.test.ts:
//   node --import tsx --import ./register.mjs cli-driver.ts --cli <args>
import { writeSync } from 'node:fs';
import process from 'node:process';
import { fakeElectron } from './fake-state';

process.env.FAKE_ELECTRON_EXIT = 'immediate';
process.env.FAKE_ELECTRON_SIGNALS ??= 'chromium';
if (process.env.OS_PLATFORM) Object.defineProperty(process, 'platform', { value: process.env.OS_PLATFORM });
process.on('exit', () => {
  const fake = fakeElectron();
  const report = { log: fake.log, windows: fake.windows.length, trays: fake.trays.length, userData: fake.app.getPath('userData') };
  writeSync(2, `\nFAKE_ELECTRON_LOG ${JSON.stringify(report)}\n`);
});

await import('../../../../electron/main/index');
