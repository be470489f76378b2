import type { Command } from 'commander';
import { formatRelativeExpiry } from '../../../shared/expiry';
import { findAccount } from '../context';
import { accountFilter, refsOrFilter, requireMatches, withFilterOptions, type FilterOptions } from '../account-filter';
import { IF_EXPIRING_WITHIN, parseExpiringWithin } from '../expiring-within';
import { UsageError } from '../io';
import { nextLine } from '../next-step';
import { jsonText, refreshJson, table } from '../output';
import { EXIT, type Runner } from '../runner';

interface RefreshOptions extends FilterOptions {
  all?: boolean;
  ifExpiringWithin?: string;
}

/** `tokendesk refresh`: exchanges tokens now; exit 1 when any refresh failed. */
export function registerRefresh(program: Command, run: Runner): void {
  withFilterOptions(program.command('refresh'), 'accounts')
    .description('refresh tokens now (needs the passphrase)')
    .argument('[ids...]', 'account ids, unique id prefixes, or names')
    .option('--all', 'refresh every account (or every one --env / --provider choose)')
    .option(IF_EXPIRING_WITHIN.flags, IF_EXPIRING_WITHIN.description)
    .addHelpText(
      'after',
      `
--env and --provider choose the accounts instead of naming them (with or without --all).
With --if-expiring-within, an account that has a token but no known expiry is skipped.
Exit status 1 when any refresh failed; the others are still done and saved.

Examples:
  $ tokendesk refresh 3f2a9c1e
  $ tokendesk refresh --all
  $ tokendesk refresh --env test --provider sud
  $ tokendesk --json refresh --all --if-expiring-within 15m`,
    )
    .action(
      run(async (ctx, refs: string[], options: RefreshOptions) => {
        if (options.all && refs.length > 0) throw new UsageError('Give account ids or --all, not both.');
        const filtering = options.env.length > 0 || options.provider !== undefined;
        if (!options.all && !filtering && refs.length === 0) throw new UsageError('Name the accounts to refresh, or use --all (or --env / --provider).');
        const windowMs = parseExpiringWithin(options.ifExpiringWithin);
        const core = await ctx.unlocked({ sends: true });
        const accounts = core.list();
        const filter = accountFilter(options, core.providers(), accounts);
        refsOrFilter(refs, filter);
        const ids = filter.given
          ? requireMatches(filter, accounts).map((a) => a.id)
          : options.all
            ? undefined
            : [...new Set(refs.map((ref) => findAccount(accounts, ref).id))];
        const results = await core.refreshAll({
          ...(ids ? { ids } : {}),
          ...(windowMs !== undefined ? { ifExpiringWithinMs: windowMs } : {}),
          trigger: 'cli',
        });
        if (ctx.json) {
          ctx.out(jsonText(results.map(refreshJson)));
        } else if (results.length === 0) {
          ctx.out('Nothing to refresh.\n');
        } else {
          const names = new Map(core.list().map((a) => [a.id, a.name]));
          const now = Date.now();
          const rows = results.map((r) => [
            r.id.slice(0, 8),
            names.get(r.id) ?? '—',
            r.ok ? 'ok' : `failed: ${r.error?.code ?? 'internal'}`,
            r.ok ? formatRelativeExpiry(r.expiresAt, now) : (r.error?.message ?? ''),
          ]);
          ctx.out(table(['ID', 'NAME', 'RESULT', 'EXPIRES / ERROR'], rows));
          // What a person must do for each failure that needs one (a new code, a new QR login): the command.
          for (const r of results) {
            const step = r.ok ? '' : nextLine(r.error, r.id);
            if (step) ctx.err(`tokendesk: "${names.get(r.id) ?? r.id}": ${step}\n`);
          }
        }
        return results.every((r) => r.ok) ? EXIT.ok : EXIT.failed;
      }),
    );
}
