import type { Command } from 'commander';
import { findAccount } from '../context';
import { UsageError } from '../io';
import { historyJson, iso, jsonText, table } from '../output';
import type { Runner } from '../runner';

/** Parses --limit: a whole number from 1 to 10 000. */
function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`--limit takes a whole number from 1 to 10000, not "${text}".`);
  return n;
}

/** `tokendesk history`: the exchange log, newest first; needs no passphrase. */
export function registerHistory(program: Command, run: Runner): void {
  program
    .command('history')
    .description('exchange history, newest first (no passphrase needed)')
    .argument('[id]', 'only this account (id, unique id prefix, or name)')
    .option('--limit <n>', 'at most N entries', '50')
    .addHelpText('after', '\nExamples:\n  $ tokendesk history\n  $ tokendesk --json history 3f2a9c1e --limit 5')
    .action(
      run(async (ctx, ref: string | undefined, options: { limit: string }) => {
        const limit = parseLimit(options.limit);
        const core = await ctx.core();
        const id = ref === undefined ? undefined : findAccount(core.list(), ref).id;
        const entries = await core.history({ ...(id ? { id } : {}), limit });
        if (ctx.json) {
          ctx.out(jsonText(entries.map(historyJson)));
          return;
        }
        if (entries.length === 0) {
          ctx.out('No history yet.\n');
          return;
        }
        const rows = entries.map((e) => [
          iso(e.at) ?? '',
          e.accountName ?? e.accountId.slice(0, 8),
          e.operation,
          e.trigger ?? '',
          e.httpStatus === null ? '—' : String(e.httpStatus),
          `${e.durationMs}ms`,
          e.outcome === 'ok' ? 'ok' : `${e.errorCode ?? 'error'}: ${e.errorMessage ?? ''}`,
        ]);
        ctx.out(table(['AT', 'ACCOUNT', 'OPERATION', 'TRIGGER', 'HTTP', 'TIME', 'OUTCOME'], rows));
      }),
    );
}
