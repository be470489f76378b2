import path from 'node:path';
import type { Command } from 'commander';
import { TokenDeskError } from '../../core/errors';
import type { ImportMode } from '../../core/transfer/transfer';
import { findAccount } from '../context';
import { UsageError } from '../io';
import { jsonText, table } from '../output';
import { bundlePassphrase } from '../passphrase';
import type { Runner } from '../runner';

const ACTION_TEXT = {
  added: 'added',
  replaced: 'replaced (the bundle\'s copy is newer)',
  kept: 'kept this vault\'s copy (as new or newer)',
  skipped: 'skipped (already here)',
} as const;

const PROVIDER_ACTION_TEXT = {
  added: 'added',
  replaced: "replaced (the bundle's definition differs and is newer, or --replace)",
  kept: "kept this vault's definition (the bundle's differs but is older)",
  skipped: "skipped (a different definition of this id is here; --skip)",
} as const;

/** `tokendesk export` and `tokendesk import`: move accounts between vaults in an encrypted bundle. */
export function registerTransfer(program: Command, run: Runner): void {
  program
    .command('export')
    .description('write accounts, secrets and tokens to an encrypted bundle (needs the passphrase)')
    .argument('[ids...]', 'account ids, unique id prefixes, or exact names (default: all)')
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
  $ TOKENDESK_EXPORT_PASSPHRASE='…' tokendesk export --out qa.tdbundle 3f2a9c1e "SUD test"`,
    )
    .action(
      run(async (ctx, refs: string[], options: { out: string; force?: boolean }) => {
        const core = await ctx.unlocked();
        const accounts = core.list();
        const ids = [...new Set(refs.map((ref) => findAccount(accounts, ref).id))];
        if (accounts.length === 0) throw new TokenDeskError('not_found', 'There are no accounts to export yet.');
        const passphrase = await bundlePassphrase(ctx.io, true);
        const file = path.resolve(options.out);
        const { text, count } = await core.exportBundle({ ids, passphrase });
        const { writeBundleFile } = await import('../../core/transfer/bundle-file');
        await writeBundleFile(file, text, options.force === true);
        if (ctx.json) ctx.out(jsonText({ file, count }));
        else ctx.out(`Exported ${count} account${count === 1 ? '' : 's'} to ${file}.\n`);
      }),
    );

  program
    .command('import')
    .description('merge an encrypted bundle into this vault (needs the passphrase)')
    .argument('<file>', 'a bundle written by export')
    .option('--replace', "an account already here takes the bundle's copy")
    .option('--skip', 'an account already here is left as it is')
    .addHelpText(
      'after',
      `
An account already in this vault (same id) keeps whichever copy changed last, unless --replace or
--skip says otherwise. A wrong bundle passphrase or a changed file is refused and nothing is imported.
The bundle passphrase comes from $TOKENDESK_EXPORT_PASSPHRASE, else a prompt.

Examples:
  $ tokendesk import ~/tokendesk-backup.tdbundle
  $ tokendesk --json import qa.tdbundle --replace`,
    )
    .action(
      run(async (ctx, file: string, options: { replace?: boolean; skip?: boolean }) => {
        if (options.replace && options.skip) throw new UsageError('Give --replace or --skip, not both.');
        const mode: ImportMode = options.replace ? 'replace' : options.skip ? 'skip' : 'newer';
        const { readBundleFile } = await import('../../core/transfer/bundle-file');
        const text = await readBundleFile(path.resolve(file));
        const core = await ctx.unlocked();
        const passphrase = await bundlePassphrase(ctx.io, false);
        const outcomes = await core.importBundle({ text, passphrase, mode });
        if (ctx.json) {
          ctx.out(jsonText(outcomes));
        } else if (outcomes.length === 0) {
          ctx.out('The bundle holds no accounts.\n');
        } else {
          const providers = outcomes.filter((o) => o.kind === 'provider');
          const accounts = outcomes.filter((o) => o.kind !== 'provider');
          const parts: string[] = [];
          if (providers.length > 0) parts.push(table(['CUSTOM PROVIDER', 'NAME', 'RESULT'], providers.map((o) => [o.id, o.name, PROVIDER_ACTION_TEXT[o.action]])));
          if (accounts.length > 0) parts.push(table(['ID', 'NAME', 'PROVIDER', 'RESULT'], accounts.map((o) => [o.id.slice(0, 8), o.name, o.provider, ACTION_TEXT[o.action]])));
          ctx.out(parts.join('\n'));
        }
      }),
    );
}
