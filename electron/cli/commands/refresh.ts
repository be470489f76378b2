import type { Command } from 'commander';
import { formatRelativeExpiry, parseDuration } from '../../../shared/expiry';
import { findAccount } from '../context';
import { UsageError } from '../io';
import { jsonText, refreshJson, table } from '../output';
import { EXIT, type Runner } from '../runner';

interface RefreshOptions {
  all?: boolean;
  ifExpiringWithin?: string;
}

/** `tokendesk refresh`: exchanges tokens now; exit 1 when any refresh failed. */
export function registerRefresh(program: Command, run: Runner): void {
  program
    .command('refresh')
    .description('refresh tokens now (needs the passphrase)')
    .argument('[ids...]', 'account ids, unique id prefixes, or names')
    .option('--all', 'refresh every account')
    .option(
      '--if-expiring-within <duration>',
      'only accounts never refreshed, expired, or expiring within DURATION (90s, 10m, 1h30m, 2d)',
    )
    .addHelpText(
      'after',
      `
With --if-expiring-within, an account that has a token but no known expiry is skipped.
Exit status 1 when any refresh failed; the others are still done and saved.

Examples:
  $ tokendesk refresh 3f2a9c1e
  $ tokendesk refresh --all
  $ tokendesk --json refresh --all --if-expiring-within 15m`,
    )
    .action(
      run(async (ctx, refs: string[], options: RefreshOptions) => {
        if (options.all && refs.length > 0) throw new UsageError('Give account ids or --all, not both.');
        if (!options.all && refs.length === 0) throw new UsageError('Name the accounts to refresh, or use --all.');
        let windowMs: number | undefined;
        if (options.ifExpiringWithin !== undefined) {
          const parsed = parseDuration(options.ifExpiringWithin);
          if (parsed === null) {
            throw new UsageError(`--if-expiring-within takes a duration such as 90s, 10m, 1h30m or 2d, not "${options.ifExpiringWithin}".`);
          }
          windowMs = parsed;
        }
        const core = await ctx.unlocked();
        const accounts = core.list();
        const ids = options.all ? undefined : [...new Set(refs.map((ref) => findAccount(accounts, ref).id))];
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
          // A SaiNiu session that ended needs a person: say which command does that.
          const { needsQrLogin } = await import('../../../shared/qr-login');
          const views = new Map(core.list().map((a) => [a.id, a]));
          for (const r of results) {
            const view = views.get(r.id);
            if (!r.ok && view && needsQrLogin(view)) ctx.io.err(`tokendesk: "${view.name}" needs a new QR login: run \`tokendesk login ${r.id.slice(0, 8)}\`.\n`);
          }
        }
        return results.every((r) => r.ok) ? EXIT.ok : EXIT.failed;
      }),
    );
}
