import type { Command } from 'commander';
import { jsonText, table } from '../output';
import type { Runner } from '../runner';

/** `tokendesk providers`: the providers and their account fields (the `--set` keys). */
export function registerProviders(program: Command, run: Runner): void {
  program
    .command('providers')
    .description('providers and their account fields')
    .addHelpText(
      'after',
      `
The FIELD names are the keys of add/edit's --set. Needs no passphrase.

Examples:
  $ tokendesk providers
  $ tokendesk --json providers`,
    )
    .action(
      run(async (ctx) => {
        const infos = (await ctx.core()).providers();
        if (ctx.json) {
          ctx.out(jsonText(infos));
          return;
        }
        const parts = infos.map((info) => {
          const rows = info.fields.map((f) => [
            f.name,
            f.required ? 'yes' : 'no',
            f.secret ? 'yes' : 'no',
            f.default ?? '',
            f.kind === 'select' && f.options ? `${f.label.en} (${f.options.map((o) => o.value).join('|')})` : f.label.en,
          ]);
          return (
            `${info.id}  ${info.displayName.en}\n  ${info.description.en}\n` +
            table(['FIELD', 'REQUIRED', 'SECRET', 'DEFAULT', 'WHAT'], rows).replace(/^(?=.)/gm, '  ') +
            `  token formats: ${info.formats.join(', ')}; auto-refresh by default: ${info.autoRefreshDefault ? 'yes' : 'no'}\n`
          );
        });
        ctx.out(parts.join('\n'));
      }),
    );
}
