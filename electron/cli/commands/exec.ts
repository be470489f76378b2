import type { Command } from 'commander';
import type { AccountView } from '../../../shared/account';
import { accountMargin, marginsFromSettings } from '../../../shared/refresh-margin';
import { TokenDeskError } from '../../core/errors';
import { collect, findAccount } from '../context';
import { UsageError } from '../io';
import { EXIT, type Runner } from '../runner';
import { parseMargin } from './watch';

interface ExecOptions {
  env: string[];
  account: string[];
  margin?: string;
}

/** One variable the command gets: its name and the account whose token it holds. */
interface Binding {
  variable: string;
  account: AccountView;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Variables of TokenDesk's own that the command does not inherit: it gets the tokens it asked for,
 * not the key to every other one.
 */
const WITHHELD = ['TOKENDESK_PASSPHRASE', 'TOKENDESK_NEW_PASSPHRASE', 'TOKENDESK_EXPORT_PASSPHRASE'];

async function bindings(accounts: AccountView[], options: ExecOptions): Promise<Binding[]> {
  const { envSlug } = await import('../../core');
  const result: Binding[] = [];
  for (const pair of options.env) {
    const eq = pair.indexOf('=');
    const variable = eq > 0 ? pair.slice(0, eq) : '';
    if (!VARIABLE.test(variable) || eq === pair.length - 1) {
      throw new UsageError(`--env takes VAR=<account>, a variable name of letters, digits and _ (for example --env API_TOKEN=3f2a9c1e), not "${pair}".`);
    }
    result.push({ variable, account: findAccount(accounts, pair.slice(eq + 1)) });
  }
  for (const ref of options.account) {
    const account = findAccount(accounts, ref);
    const slug = envSlug(account.name) || account.provider.toUpperCase();
    result.push({ variable: `TOKENDESK_${slug}_TOKEN`, account });
  }
  const seen = new Map<string, string>();
  for (const { variable, account } of result) {
    const other = seen.get(variable);
    if (other !== undefined && other !== account.id) {
      throw new UsageError(`Two accounts would both set ${variable}. Name one of them with --env OTHER_NAME=<account>.`);
    }
    seen.set(variable, account.id);
  }
  if (result.length === 0) throw new UsageError('Name at least one account with --env VAR=<account> or --account <account>.');
  return result;
}

/** Whether the account's token must be renewed before the command runs. */
function isDue(account: AccountView, now: number, marginMs: (a: AccountView) => number): boolean {
  if (!account.hasToken) return true;
  if (account.expiresAt === null) return false; // no known expiry: the token is used as it is
  return account.expiresAt - now <= marginMs(account);
}

async function exec(ctx: Parameters<Parameters<Runner>[0]>[0], command: string, args: string[], options: ExecOptions): Promise<number> {
  const core = await ctx.unlocked({ sends: true });
  const wanted = await bindings(core.list(), options);
  const fixedMargin = options.margin === undefined ? undefined : parseMargin(options.margin);
  const margins = marginsFromSettings(core.settings());
  const marginOf = (a: AccountView): number => fixedMargin ?? accountMargin(a, margins);

  const now = Date.now();
  const due = [...new Set(wanted.filter((b) => isDue(b.account, now, marginOf)).map((b) => b.account.id))];
  if (due.length > 0) {
    const results = await core.refreshAll({ ids: due, trigger: 'cli' });
    const failed = results.find((r) => !r.ok);
    if (failed) {
      const name = wanted.find((b) => b.account.id === failed.id)?.account.name ?? failed.id;
      const info = failed.error;
      throw new TokenDeskError(info?.code ?? 'internal', `Refreshing "${name}" failed, so ${command} was not run: ${info?.message ?? 'unknown error'}`, {
        ...(info?.provider ? { provider: info.provider } : {}),
        ...(info?.next ? { next: info.next } : {}),
        account: failed.id,
      });
    }
  }

  const env: NodeJS.ProcessEnv = { ...ctx.io.env };
  for (const name of WITHHELD) delete env[name];
  for (const { variable, account } of wanted) env[variable] = core.token(account.id);
  // The data key leaves memory before the command starts; it may run for hours.
  await ctx.close();

  // Loaded here, like the engine: the other commands never start a child process.
  const { runChild } = await import('../child');
  const exit = await runChild(command, args, env, ctx.io.onSignal, ctx.io.cwd);
  if (exit.startError) ctx.err(`tokendesk: ${exit.startError}\n`);
  return exit.status;
}

/** `tokendesk exec`: renews what is about to expire, then runs a command with the tokens in its environment. */
export function registerExec(program: Command, run: Runner): void {
  program
    .command('exec')
    .description('run a command with fresh tokens in its environment (needs the passphrase)')
    .argument('<command>', 'the command to run (after --)')
    .argument('[args...]', 'its arguments')
    .option('--env <VAR=account>', 'set VAR to this account\'s token (repeatable)', collect, [])
    .option('--account <account>', 'set TOKENDESK_<NAME>_TOKEN to this account\'s token (repeatable)', collect, [])
    .option('--margin <duration>', 'renew tokens expiring within DURATION (default: the auto-refresh margin)')
    .addHelpText(
      'after',
      `
Everything after -- is the command and its arguments, passed as they are.
Each named account whose token expires within the margin (or that has none yet) is refreshed first;
when a refresh fails the command is not run and the exit status is 1. The command then runs with
stdin, stdout and stderr as they are, and TokenDesk exits with its status (128+n when a signal
ended it). The tokens are in the command's environment only: never printed, never in the history.
The command does not inherit TOKENDESK_PASSPHRASE.

Run from the installed app (the tokendesk launcher, TokenDesk --cli), TokenDesk cannot pass on
NODE_OPTIONS or NODE_EXTRA_CA_CERTS: the app's Electron removes both from its environment at start
(a security setting of the installed app), so the command does not get them either. Set them for
the command itself, after --:
  $ tokendesk exec --account "SUD test" -- env NODE_OPTIONS=--max-old-space-size=4096 npm test

Examples:
  $ tokendesk exec --env API_TOKEN=3f2a9c1e -- sh -c 'curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com'
  $ tokendesk exec --account "SUD test" --margin 15m -- npm test
  $ tokendesk exec --env SS_TOKEN="SUD test" --env IM_TOKEN=openim-qa -- ./run-suite.sh --fast`,
    )
    .action(
      run(async (ctx, command: string, args: string[], options: ExecOptions) => {
        if (ctx.json) throw new UsageError('exec passes the command\'s own output through; it takes no --json.');
        const status = await exec(ctx, command, args, options);
        return status === 0 ? EXIT.ok : status;
      }),
    );
}
