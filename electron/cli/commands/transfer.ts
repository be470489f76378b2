import type { Command } from 'commander';
import type { ImportChoice } from '../../../shared/import-plan';
import { TokenDeskError } from '../../core/errors';
import { accountFilter, refsOrFilter, requireMatches, withFilterOptions, type FilterOptions } from '../account-filter';
import { collect, findAccount } from '../context';
import { resolveFromStart, UsageError } from '../io';
import { jsonText } from '../output';
import { bundlePassphrase } from '../passphrase';
import type { Runner } from '../runner';
import { importReportText, resolveReplace } from './import-report';

/** `tokendesk export` and `tokendesk import`: move accounts between vaults in an encrypted bundle. */
export function registerTransfer(program: Command, run: Runner): void {
  withFilterOptions(program.command('export'), 'accounts')
    .description('write accounts, secrets and tokens to an encrypted bundle (needs the passphrase)')
    .argument('[ids...]', 'account ids, unique id prefixes, or names (default: all)')
    .requiredOption('--out <file>', 'the bundle file to write')
    .option('--force', 'replace --out when it exists')
    .addHelpText(
      'after',
      `
The bundle is sealed under a passphrase of its own: $TOKENDESK_EXPORT_PASSPHRASE, else asked twice.
It holds the chosen accounts with their secrets and tokens; keep it like a password. The file is
authenticated as a whole: a changed byte or a wrong passphrase makes import refuse it.

Examples:
  $ tokendesk export --out ~/tokendesk-backup.tdbundle
  $ TOKENDESK_EXPORT_PASSPHRASE='…' tokendesk export --out qa.tdbundle 3f2a9c1e "SUD test"
  $ tokendesk export --out test-accounts.tdbundle --env test`,
    )
    .action(
      run(async (ctx, refs: string[], options: FilterOptions & { out: string; force?: boolean }) => {
        const core = await ctx.unlocked();
        const accounts = core.list();
        if (accounts.length === 0) throw new TokenDeskError('not_found', 'There are no accounts to export yet.');
        const filter = accountFilter(options, core.providers(), accounts);
        refsOrFilter(refs, filter);
        const ids = filter.given ? requireMatches(filter, accounts).map((a) => a.id) : [...new Set(refs.map((ref) => findAccount(accounts, ref).id))];
        const passphrase = await bundlePassphrase(ctx.io, true);
        const file = resolveFromStart(ctx.io, options.out);
        const { text, count } = await core.exportBundle({ ids, passphrase });
        const { writeBundleFile } = await import('../../core');
        await writeBundleFile(file, text, options.force === true);
        if (ctx.json) ctx.out(jsonText({ file, count }));
        else ctx.out(`Exported ${count} account${count === 1 ? '' : 's'} to ${file}.\n`);
      }),
    );

  program
    .command('import')
    .description('merge an encrypted bundle into this vault (needs the passphrase)')
    .argument('<file>', 'a bundle written by export')
    .option('--replace [id-or-name]', "take the bundle's copy of this account (id, id prefix or name) or custom provider (id); repeat for several", collect, [])
    .addHelpText(
      'after',
      `
Accounts and custom providers that are not in this vault are added. One that is already here (same
id) is never changed by a plain import, whatever the bundle's timestamps say: when the bundle's copy
differs, this vault's copy is kept and the report says what differs (addresses, request origins and
paths, secret fields, whether secrets or the token differ; never a secret value). To take the bundle's
copy of such an item, import again naming it with --replace (there is no "replace all", and no --skip:
keeping this vault's copy is what happens by default).

Accounts whose id is not a TokenDesk id, names shaped like an id, and unsafe addresses are refused,
and then nothing is imported; so is a wrong bundle passphrase or a changed file. The bundle passphrase
comes from $TOKENDESK_EXPORT_PASSPHRASE, else a prompt.

Examples:
  $ tokendesk import ~/tokendesk-backup.tdbundle
  $ tokendesk import qa.tdbundle --replace 3f2a9c1e --replace my-game
  $ tokendesk --json import qa.tdbundle`,
    )
    .action(
      run(async (ctx, file: string, options: { replace: string[] | true }) => {
        const refs = options.replace;
        if (refs === true) {
          throw new UsageError('--replace needs the item to take from the bundle: an account id (or its first 8 characters), an account name, or a custom provider id, e.g. --replace 3f2a9c1e. Repeat it for several. Import without --replace first to see which items differ.');
        }
        const { readBundleFile } = await import('../../core');
        const text = await readBundleFile(resolveFromStart(ctx.io, file));
        const core = await ctx.unlocked();
        const passphrase = await bundlePassphrase(ctx.io, false);
        const { ticket, items } = await core.openBundle({ text, passphrase });
        let replace: ImportChoice[];
        try {
          replace = resolveReplace(items, refs).map(({ kind, id }) => ({ kind, id }));
        } catch (error) {
          core.discardBundle(ticket);
          throw error;
        }
        const outcomes = await core.importOpened({ ticket, replace });
        ctx.out(ctx.json ? jsonText(outcomes) : importReportText(outcomes, file));
      }),
    );
}
