import { Option, type Command } from 'commander';
import { TOKEN_FORMATS } from '../../../shared/provider-names';
import type { TokenFormat } from '../../../shared/providers';
import { findAccount } from '../context';
import { UsageError } from '../io';
import { jsonText } from '../output';
import type { Runner } from '../runner';

/** `tokendesk token`: prints the current token (a secret) in one of the formats. */
export function registerToken(program: Command, run: Runner): void {
  program
    .command('token')
    .description('print the current token, a secret (needs the passphrase)')
    .argument('<id>', 'account id, unique id prefix, or name')
    .addOption(new Option('--format <format>', 'how to print it').choices([...TOKEN_FORMATS]).default('raw'))
    .addHelpText(
      'after',
      `
Formats: raw (the token), header (Authorization: Bearer …), cookie (Cookie: …, SaiNiu),
env (TOKENDESK_<NAME>_TOKEN=…), json ({"token", "expiresAt", …}), curl (a curl command).
With --json the output is the json format (or {"format", "value"} for the others).

Examples:
  $ tokendesk token 3f2a9c1e
  $ eval "$(tokendesk token "SUD test" --format env)"
  $ curl -H "$(tokendesk token 3f2a9c1e --format header)" https://api.example.com/me`,
    )
    .action(
      run(async (ctx, ref: string, options: { format: TokenFormat }) => {
        const core = await ctx.unlocked();
        const account = findAccount(core.list(), ref);
        // An account whose custom provider is missing still gives its token as it is.
        const defined = core.providers().some((p) => p.id === account.provider);
        const { supportedFormats } = await import('../../core/engine/format-token');
        const supported = defined ? supportedFormats(core.provider(account.provider)) : (['raw'] as TokenFormat[]);
        if (!supported.includes(options.format)) {
          throw new UsageError(`${account.provider} tokens cannot be printed as "${options.format}". Use one of: ${supported.join(', ')}.`);
        }
        if (!ctx.json) {
          // The credential itself, to pipe on: altering it would break it, so it is printed exactly.
          ctx.outExact(`${core.formatToken(account.id, options.format)}\n`);
        } else if (options.format === 'raw' || options.format === 'json') {
          ctx.out(`${core.formatToken(account.id, 'json')}\n`);
        } else {
          ctx.out(jsonText({ format: options.format, value: core.formatToken(account.id, options.format) }));
        }
      }),
    );
}
