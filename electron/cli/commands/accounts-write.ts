import type { Command } from 'commander';
import type { AccountView } from '../../../shared/account';
import type { NextStep } from '../../../shared/next-step';
import { PROVIDER_IDS } from '../../../shared/provider-names';
import { TokenDeskError } from '../../core/errors';
import type { OpenedCore, Provider } from '../../core';
import { collect, findAccount, parseSets, type CliContext } from '../context';
import { resolveFromStart, UsageError } from '../io';
import { cliNextStep } from '../next-step';
import { accountJson, jsonText, table } from '../output';
import { EXIT, type Runner } from '../runner';

interface WriteOptions {
  name?: string;
  env?: string;
  set: string[];
  autoRefresh?: boolean;
  from?: string;
}

/** Re-throws a validation problem of the command line's own values as a usage error (exit 2). */
function asUsage(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof TokenDeskError && error.code === 'invalid_input') throw new UsageError(error.message);
    throw error;
  }
}

/** The provider of a new account: built-in or defined in this vault; a usage error listing them otherwise. */
function providerOf(core: OpenedCore, id: string): Provider {
  const known = core.providers();
  if (!known.some((p) => p.id === id)) {
    throw new UsageError(`Unknown provider "${id}". Valid providers: ${known.map((p) => p.id).join(', ')}. Add a custom one with: tokendesk provider add --file DEF.json`);
  }
  return core.provider(id);
}

/** What a new account needs first: a QR login where the provider has one (SaiNiu), else its first refresh. */
const firstStep = (provider: Provider): NextStep => ({ kind: provider.info.qrLogin === true ? 'login' : 'refresh' });

const autoRefreshOf = (options: WriteOptions): { autoRefresh?: boolean } =>
  options.autoRefresh === undefined ? {} : { autoRefresh: options.autoRefresh };

/** Turning auto-refresh on where it has a cost (OpenIM: each refresh logs the running client out): say why, on stderr. */
function autoRefreshNote(provider: Provider, options: WriteOptions): string {
  const warning = provider.info.autoRefreshWarning;
  return options.autoRefresh === true && warning ? `Note: auto-refresh is on. ${warning.en}\n` : '';
}

/** What to do next with accounts just added: log each in (SaiNiu), or refresh them by what they share. */
function nextForMany(provider: Provider, views: AccountView[]): string {
  if (provider.info.qrLogin === true) return views.map((v) => `Next for "${v.name}": ${cliNextStep({ kind: 'login' }, v.id)}\n`).join('');
  const envs = [...new Set(views.map((v) => v.env))];
  const env = envs.length === 1 && envs[0] ? ` --env ${/^[\w.-]+$/.test(envs[0]) ? envs[0] : JSON.stringify(envs[0])}` : '';
  return `Next: tokendesk refresh --provider ${provider.info.id}${env}\n`;
}

/** `add --from FILE`: every row checked before the passphrase is asked for, then all added or none. */
async function addFromFile(ctx: CliContext, providerId: string, options: WriteOptions): Promise<number> {
  if (options.name !== undefined || options.env !== undefined || options.set.length > 0) {
    throw new UsageError('--from takes each account\'s name, environment and fields from the file: leave out --name, --env and --set.');
  }
  const file = resolveFromStart(ctx.io, options.from ?? '');
  const { readAccountsFile } = await import('../accounts-file');
  const { refusedRowsText } = await import('../../../shared/account-rows');
  const text = await readAccountsFile(file);
  const provider = providerOf(await ctx.core(), providerId);
  const preview = (await ctx.core()).previewAccounts({ provider: provider.info.id, text });
  // A bad file is the command line's own mistake, as a bad --set is (exit 2).
  if (preview.problems.length > 0) throw new UsageError(refusedRowsText(preview.problems));
  const core = await ctx.unlocked();
  const views = await core.createAccounts({ provider: provider.info.id, text, ...autoRefreshOf(options) });
  if (ctx.json) {
    ctx.out(jsonText(views.map(accountJson)));
  } else {
    ctx.out(`Added ${views.length} ${provider.info.displayName.en} account${views.length === 1 ? '' : 's'} from ${file}:\n`);
    ctx.out(table(['ID', 'NAME', 'ENV'], views.map((v) => [v.id.slice(0, 8), v.name, v.env || '—'])));
    ctx.out(nextForMany(provider, views));
  }
  const note = autoRefreshNote(provider, options);
  if (note) ctx.io.err(note);
  return EXIT.ok;
}

/** `add`, `edit` and `remove`: the commands that write the vault (they need the passphrase). */
export function registerAccountWrites(program: Command, run: Runner): void {
  program
    .command('add')
    .description('add an account (needs the passphrase)')
    .argument('<provider>', `one of ${PROVIDER_IDS.join(', ')}, or a custom provider's id (tokendesk provider list)`)
    .option('--name <name>', 'a name for the account (required unless --from)')
    .option('--env <env>', 'environment label, e.g. test or prod')
    .option('--set <key=value>', 'a field value; repeat for each field (see `tokendesk providers`)', collect, [])
    .option('--from <file>', 'add several accounts from a CSV file or a JSON array (see below)')
    .option('--auto-refresh', 'refresh automatically in the app (default: per provider)')
    .option('--no-auto-refresh', 'never refresh automatically')
    .addHelpText(
      'after',
      `
--from FILE adds one account per row: a CSV file whose header row names the columns (name, env and
the provider's fields, e.g. name,env,baseUrl,code), UTF-8 with or without a byte order mark, fields
quoted as RFC 4180 says when they hold commas, quotes or line breaks; or a JSON array of objects with
the same keys. Every row is checked as if it were typed here; one bad row refuses the whole file,
naming its line and column, and nothing is added. Empty cells take the field's default.

Examples:
  $ tokendesk add sud --name "SUD test" --env test --set baseUrl=https://sud.test.example --set code=eyJ...
  $ tokendesk add openim --name "IM admin" --set baseUrl=http://im.example:10002 --set secret=openIM123 --set userID=u1
  $ tokendesk add openim-user-token --name "IM web" --set baseUrl=http://im.example:10002 --set userID=u1 --set secret=...
  $ tokendesk add sud --from qa-users.csv`,
    )
    .action(
      run(async (ctx, providerId: string, options: WriteOptions) => {
        if (options.from !== undefined) return addFromFile(ctx, providerId, options);
        if (options.name === undefined) throw new UsageError("Required option '--name <name>' not specified (or give --from FILE to add several accounts).");
        const values = parseSets(options.set);
        // Custom providers are defined in the vault: it is opened (metadata only) before the passphrase is asked for.
        const provider = providerOf(await ctx.core(), providerId);
        const { checkFieldNames, checkFieldValues } = await import('../../core');
        asUsage(() => checkFieldNames(provider, values));
        asUsage(() => checkFieldValues(provider, values));
        const core = await ctx.unlocked();
        const view = await core.create({
          provider: provider.info.id,
          name: options.name ?? '',
          env: options.env ?? '',
          values,
          ...autoRefreshOf(options),
        });
        if (ctx.json) ctx.out(jsonText(accountJson(view)));
        else ctx.out(`Added "${view.name}" (${view.id}).\nNext: ${cliNextStep(firstStep(provider), view.id)}\n`);
        const note = autoRefreshNote(provider, options);
        if (note) ctx.io.err(note);
      }),
    );

  program
    .command('edit')
    .description('change an account; a secret left out keeps its value (needs the passphrase)')
    .argument('<id>', 'account id, unique id prefix, or name')
    .option('--name <name>', 'a new name')
    .option('--env <env>', 'a new environment label')
    .option('--set <key=value>', 'a new field value; an empty value clears a plain field', collect, [])
    .option('--auto-refresh', 'refresh automatically in the app')
    .option('--no-auto-refresh', 'never refresh automatically')
    .addHelpText(
      'after',
      `
Examples:
  $ tokendesk edit 3f2a9c1e --set code=eyJ...        paste a new SUD code
  $ tokendesk edit "SUD test" --name "SUD staging" --env staging
  $ tokendesk edit "IM web user" --auto-refresh      OpenIM: each refresh logs the user's running client out`,
    )
    .action(
      run(async (ctx, ref: string, options: WriteOptions) => {
        const values = parseSets(options.set);
        const core = await ctx.unlocked();
        const account = findAccount(core.list(), ref);
        if (options.set.length > 0) {
          const { checkFieldNames } = await import('../../core');
          asUsage(() => checkFieldNames(core.provider(account.provider), values));
        }
        const view = await core.update({
          id: account.id,
          ...(options.name !== undefined ? { name: options.name } : {}),
          ...(options.env !== undefined ? { env: options.env } : {}),
          ...(options.set.length > 0 ? { values } : {}),
          ...autoRefreshOf(options),
        });
        if (ctx.json) ctx.out(jsonText(accountJson(view)));
        else ctx.out(`Saved "${view.name}" (${view.id}).\n`);
        const note = core.providers().some((p) => p.id === account.provider) ? autoRefreshNote(core.provider(account.provider), options) : '';
        if (note) ctx.io.err(note);
      }),
    );

  program
    .command('remove')
    .description('remove an account and its secrets (needs the passphrase)')
    .argument('<id>', 'account id, unique id prefix, or name')
    .addHelpText('after', '\nExample:\n  $ tokendesk remove 3f2a9c1e')
    .action(
      run(async (ctx, ref: string) => {
        // The passphrase proves the vault's owner is the one deleting secrets.
        const core = await ctx.unlocked();
        const account = findAccount(core.list(), ref);
        await core.remove(account.id);
        if (ctx.json) ctx.out(jsonText({ removed: account.id }));
        else ctx.out(`Removed "${account.name}" (${account.id}).\n`);
      }),
    );
}
