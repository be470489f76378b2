import { Option, type Command } from 'commander';
import { TOKEN_FORMATS } from '../../../shared/provider-names';
import type { TokenFormat } from '../../../shared/providers';
import { toErrorInfo, TokenDeskError } from '../../core/errors';
import type { OpenedCore } from '../../core';
import { findAccount } from '../context';
import { IF_EXPIRING_WITHIN, parseExpiringWithin } from '../expiring-within';
import { UsageError } from '../io';
import { jsonText } from '../output';
import type { Runner } from '../runner';

/** Renews the token first when `refresh --if-expiring-within` would; a failed renewal throws its error. */
async function renewIfExpiring(core: OpenedCore, id: string, windowMs: number): Promise<void> {
  const [result] = await core.refreshAll({ ids: [id], ifExpiringWithinMs: windowMs, trigger: 'cli' });
  if (!result || result.ok) return;
  const info = result.error ?? toErrorInfo(null);
  // The stored token may still be printed by a plain `token`; here the caller asked for a fresh one.
  throw new TokenDeskError(info.code, `The token was not renewed, so it is not printed: ${info.message}`, {
    ...(info.provider ? { provider: info.provider } : {}),
    ...(info.next ? { next: info.next } : {}),
    account: id,
  });
}

/** `tokendesk token`: prints the current token (a secret) in one of the formats. */
export function registerToken(program: Command, run: Runner): void {
  program
    .command('token')
    .description('print the current token, a secret (needs the passphrase)')
    .argument('<id>', 'account id, unique id prefix, or name')
    .addOption(new Option('--format <format>', 'how to print it').choices([...TOKEN_FORMATS]).default('raw'))
    .option(IF_EXPIRING_WITHIN.flags, `renew it first ${IF_EXPIRING_WITHIN.description.replace(/^only /, '')}`)
    .addHelpText(
      'after',
      `
Formats: raw (the token), header (Authorization: Bearer …), cookie (Cookie: …, SaiNiu),
env (TOKENDESK_<NAME>_TOKEN=…), json ({"token", "expiresAt", …}), curl (a curl command).
With --json the output is the json format (or {"format", "value"} for the others).
With --if-expiring-within, the token is renewed first when there is none yet, it has expired, or it
ends within the duration (as \`refresh --if-expiring-within\` decides); when that renewal fails,
nothing is printed on stdout, the error goes to stderr and the exit status is 1.

Examples:
  $ tokendesk token 3f2a9c1e
  $ eval "$(tokendesk token "SUD test" --format env)"
  $ curl -H "$(tokendesk token 3f2a9c1e --format header)" https://api.example.com/me
  $ curl -H "$(tokendesk token 3f2a9c1e --format header --if-expiring-within 5m)" https://api.example.com/me`,
    )
    .action(
      run(async (ctx, ref: string, options: { format: TokenFormat; ifExpiringWithin?: string }) => {
        const windowMs = parseExpiringWithin(options.ifExpiringWithin);
        const core = await ctx.unlocked();
        const account = findAccount(core.list(), ref);
        // An account whose custom provider is missing still gives its token as it is.
        const defined = core.providers().some((p) => p.id === account.provider);
        const { supportedFormats } = await import('../../core');
        const supported = defined ? supportedFormats(core.provider(account.provider)) : (['raw'] as TokenFormat[]);
        if (!supported.includes(options.format)) {
          throw new UsageError(`${account.provider} tokens cannot be printed as "${options.format}". Use one of: ${supported.join(', ')}.`);
        }
        if (windowMs !== undefined) await renewIfExpiring(core, account.id, windowMs);
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
