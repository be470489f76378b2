/** The `tokendesk` command: `npm run cli -- <args>`, or electron/cli/bin.js (the package "bin"). */
import { processIo } from './io';
import { runCli } from './program';

process.exitCode = await runCli(process.argv.slice(2), processIo());
