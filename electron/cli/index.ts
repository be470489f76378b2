/**
 * The `tokendesk` command in plain Node: `npm run cli -- <args>` in a checkout (tsx), or the built
 * dist-electron/cli/index.js (`node dist-electron/cli/index.js <args>`). The packaged app runs app-entry.ts.
 */
import { processIo } from './io';
import { oneShotSchemas, runCli } from './program';

oneShotSchemas();
process.exitCode = await runCli(process.argv.slice(2), processIo());
