import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { toErrorInfo } from '../core/errors';
import { TOKENDESK_VERSION } from '../core/version';
import { registerAccountReads } from './commands/accounts-read';
import { registerAccountWrites } from './commands/accounts-write';
import { registerCustomProviders } from './commands/custom-providers';
import { registerExec } from './commands/exec';
import { registerHistory } from './commands/history';
import { registerInit } from './commands/init';
import { registerLogin } from './commands/login';
import { registerProviders } from './commands/providers';
import { registerRefresh } from './commands/refresh';
import { registerToken } from './commands/token';
import { registerTransfer } from './commands/transfer';
import { registerVaultCare } from './commands/vault-care';
import { registerWatch } from './commands/watch';
import { CliContext, parseTimeout, type GlobalOptions } from './context';
import { signalStatus, UsageError, type CliIo } from './io';
import { errorJson, jsonText, terminalText } from './output';
import { nextLine } from './next-step';
import { EXIT, type Runner } from './runner';

const GLOBAL_HELP = `
Data directory: --data-dir, else $TOKENDESK_DATA_DIR, else the desktop app's own folder
(so the CLI and the app share one vault). Relative paths resolve from the folder the command
is started in (also through \`npm run cli\`).
Passphrase: $TOKENDESK_PASSPHRASE, else a hidden prompt on a terminal (a mistyped one may be
typed again, twice). Only init, add, edit, remove, refresh, login, token, watch, exec, export,
import, confirm, passphrase, provider add and provider remove need it; list, show, history, providers, provider list and provider show read
metadata, which is not secret, and work without it (with it, show masks secrets, and list and
show say which accounts are damaged).

Exit status: 0 success, 1 an operation failed (one failed refresh among several counts),
2 usage error.

Examples:
  $ export TOKENDESK_DATA_DIR=~/tokendesk TOKENDESK_PASSPHRASE='correct horse battery'
  $ tokendesk init
  $ tokendesk add sud --name "SUD test" --env test --set baseUrl=https://sud.test.example --set code=eyJ...
  $ tokendesk add sud --from qa-users.csv
  $ tokendesk provider add --file examples/openim-user-token.json
  $ tokendesk refresh --all --if-expiring-within 15m
  $ tokendesk refresh --env test --provider sud
  $ tokendesk watch --margin 5m
  $ tokendesk --json list
  $ tokendesk exec --env SS_TOKEN="SUD test" -- ./run-suite.sh
  $ curl -H "$(tokendesk token "SUD test" --format header --if-expiring-within 5m)" https://sud.test.example/api`;

function buildProgram(io: CliIo, exit: { code: number }, open: Set<CliContext>): Command {
  const program = new Command('tokendesk')
    .description('TokenDesk: keeps short-lived work tokens alive, encrypted and at hand.')
    .version(TOKENDESK_VERSION, '-V, --version', 'print the version')
    .option('--data-dir <dir>', 'the data directory (default: $TOKENDESK_DATA_DIR, else the app folder)')
    .option('--json', 'print exactly one JSON document on stdout (watch: one JSON line per refresh)')
    .option('--timeout <seconds>', 'HTTP timeout of each exchange, in seconds', (value: string) => {
      try {
        return parseTimeout(value);
      } catch (error) {
        throw new InvalidArgumentError(toErrorInfo(error).message);
      }
    })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: () => undefined, // runCli reports usage errors itself (as JSON with --json)
    })
    .addHelpText('after', GLOBAL_HELP)
    .showSuggestionAfterError(true);

  const run: Runner = (body) => async (...args) => {
    const command = args[args.length - 1] as Command;
    const ctx = new CliContext(io, command.optsWithGlobals<GlobalOptions>());
    open.add(ctx);
    try {
      exit.code = (await body(ctx, ...(args as never))) ?? EXIT.ok;
    } finally {
      open.delete(ctx);
      await ctx.close();
    }
  };

  registerInit(program, run);
  registerProviders(program, run);
  registerCustomProviders(program, run);
  registerAccountWrites(program, run);
  registerAccountReads(program, run);
  registerRefresh(program, run);
  registerLogin(program, run);
  registerToken(program, run);
  registerHistory(program, run);
  registerWatch(program, run);
  registerExec(program, run);
  registerTransfer(program, run);
  registerVaultCare(program, run);
  return program;
}

function report(io: CliIo, json: boolean, error: unknown, usage: boolean): void {
  const info = toErrorInfo(error);
  if (json) {
    io.out(jsonText({ error: errorJson(info) }));
    return;
  }
  const provider = info.provider ? ` (the provider said: ${info.provider.code} ${info.provider.message})` : '';
  const next = nextLine(info);
  io.err(terminalText(`tokendesk: ${info.message}${provider}\n${next ? `${next}\n` : ''}`));
  if (usage) io.err('Run `tokendesk --help` (or `tokendesk <command> --help`) for usage.\n');
}

/**
 * Ctrl+C or SIGTERM that no command handles itself: close the vault (core waits a bounded time for a
 * refresh in flight, so a token the provider already rotated is saved), then end with 128 + n, the
 * status Node's default gives. A second signal ends at once.
 */
function stopOnSignal(io: CliIo, open: Set<CliContext>, stopped: { status: number | null }): () => void {
  return (
    io.onUnhandledStop?.((signal) => {
      const status = signalStatus(signal);
      if (stopped.status !== null) return io.exitNow(status);
      // Also the status of a command that finishes while the vault closes.
      stopped.status = status;
      void Promise.allSettled([...open].map((ctx) => ctx.close())).then(() => io.exitNow(status));
    }) ?? (() => undefined)
  );
}

/**
 * For the process that runs one command and exits: zod then checks without compiling a fast path per
 * schema (`new Function`), which costs a command more than it saves, even on a 10,000-account `list`.
 * The app's main process, which checks the same schemas all day, keeps the compiled paths.
 */
export function oneShotSchemas(): void {
  z.config({ jitless: true });
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const exit = { code: EXIT.ok as number };
  // Only TokenDesk's own arguments count: `exec -- cmd --json` passes --json on to cmd.
  const end = argv.indexOf('--');
  const json = (end < 0 ? argv : argv.slice(0, end)).includes('--json');
  const open = new Set<CliContext>();
  const stopped = { status: null as number | null };
  const stopWatching = stopOnSignal(io, open, stopped);
  try {
    await buildProgram(io, exit, open).parseAsync(argv, { from: 'user' });
    return stopped.status ?? exit.code;
  } catch (error) {
    // Stopped by a signal: what failed afterwards is the stop's doing (the vault closed under it).
    if (stopped.status !== null) return stopped.status;
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      const message = error.code === 'commander.help' ? 'No command given.' : error.message.replace(/^error:\s*/i, '');
      report(io, json, new UsageError(message.charAt(0).toUpperCase() + message.slice(1)), true);
      return EXIT.usage;
    }
    const usage = error instanceof UsageError;
    report(io, json, error, usage);
    return usage ? EXIT.usage : EXIT.failed;
  } finally {
    stopWatching();
  }
}
