/** The `tokendesk` command: `npm run cli -- <args>`, or bin/tokendesk.js. */
import { processIo } from './io';
import { runCli } from './program';

process.exitCode = await runCli(process.argv.slice(2), processIo());
