import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { TokenDeskError } from '../../core/errors';
import { resolveFromStart, UsageError } from '../io';
import { jsonText, table } from '../output';
import type { Runner } from '../runner';

/** A definition file is small; anything larger is not one (and is not read whole into memory). */
const MAX_DEFINITION_BYTES = 256 * 1024;

/** The JSON of a definition file; a usage error (exit 2) saying what is wrong with the file otherwise. */
async function readDefinition(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `There is no file ${file}. Give the path of a definition file (JSON).` : `${file} cannot be read (${code ?? 'error'}).`);
  }
  if (text.length > MAX_DEFINITION_BYTES) throw new UsageError(`${file} is larger than a definition can be (${MAX_DEFINITION_BYTES / 1024} KB).`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${path.basename(file)} is not valid JSON: ${(error as Error).message}. Fix it and try again.`);
  }
}

/** Runs a core call whose `invalid_input` is the command line's own mistake (exit 2). */
async function asUsage<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TokenDeskError && error.code === 'invalid_input') throw new UsageError(error.message);
    throw error;
  }
}

/** `tokendesk provider add|list|show|remove`: custom providers, declared as JSON (see docs/custom-providers.md). */
export function registerCustomProviders(program: Command, run: Runner): void {
  const provider = program
    .command('provider')
    .description('custom providers: add, list, show, remove (a token API declared as JSON)')
    .addHelpText(
      'after',
      `
A custom provider is a token API declared as a JSON definition (fields, request, where the token
and its expiry are in the answer); see docs/custom-providers.md and examples/ for the format.

Examples:
  $ tokendesk provider add --file examples/openim-user-token.json
  $ tokendesk add openim-user-token --name "IM web" --set baseUrl=http://im.example:10002 --set userID=u1 --set secret=...
  $ tokendesk provider list
  $ tokendesk provider show openim-user-token > openim-user-token.json
  $ tokendesk provider remove openim-user-token`,
    );

  provider
    .command('add')
    .description('add a custom provider from a definition file (needs the passphrase); prints its id')
    .requiredOption('--file <file>', 'the definition (JSON)')
    .option('--replace', 'replace a custom provider of the same id (its accounts stay)')
    .addHelpText(
      'after',
      `
A definition that does not validate exits with status 2 and names the field at fault, e.g.
"request.url: Too small: expected string to have >=1 characters".

Examples:
  $ tokendesk provider add --file examples/openim-user-token.json
  $ tokendesk provider add --file my-game.json --replace`,
    )
    .action(
      run(async (ctx, options: { file: string; replace?: boolean }) => {
        const raw = await readDefinition(resolveFromStart(ctx.io, options.file));
        // Checked before the passphrase is asked for: a bad file is the command line's mistake.
        const { parseCustomProvider } = await import('../../../shared/custom-provider');
        const parsed = parseCustomProvider(raw);
        if (!parsed.ok) throw new UsageError(`${path.basename(options.file)}: ${parsed.problem}`);
        const core = await ctx.unlocked();
        const info = await asUsage(() => core.defineProvider(raw, { replace: options.replace === true }));
        if (ctx.json) {
          ctx.out(jsonText(info));
          return;
        }
        ctx.out(`${info.id}\n`);
        const sets = info.fields.filter((f) => f.required && f.default === undefined).map((f) => ` --set ${f.name}=…`).join('');
        ctx.err(`Added custom provider "${info.displayName.en}". Next: tokendesk add ${info.id} --name NAME${sets}\n`);
      }),
    );

  provider
    .command('list')
    .description('built-in and custom providers (no passphrase needed)')
    .addHelpText('after', '\nExamples:\n  $ tokendesk provider list\n  $ tokendesk provider list --json\n  $ tokendesk providers            the fields of each provider')
    .action(
      run(async (ctx) => {
        // With the passphrase at hand, a definition changed outside TokenDesk is reported too.
        const core = await ctx.unlockedIfGiven();
        const infos = core.providers();
        if (ctx.json) {
          ctx.out(jsonText(infos));
          return;
        }
        const rows = infos.map((info) => [
          info.id,
          info.custom ? 'custom' : 'built-in',
          info.displayName.en,
          info.fields.map((f) => (f.secret ? `${f.name}*` : f.name)).join(', '),
          info.problem ? 'cannot run (see provider show)' : 'ok',
        ]);
        ctx.out(table(['ID', 'KIND', 'NAME', 'FIELDS (* secret)', 'STATE'], rows));
        for (const info of infos) if (info.problem) ctx.err(`tokendesk: ${info.id}: ${info.problem}\n`);
      }),
    );

  provider
    .command('show')
    .description("a custom provider's definition as JSON, as stored (to export or edit it)")
    .argument('<id>', 'the custom provider id')
    .addHelpText('after', '\nExamples:\n  $ tokendesk provider show openim-user-token\n  $ tokendesk provider show openim-user-token > def.json   edit, then provider add --file def.json --replace')
    .action(
      run(async (ctx, id: string) => {
        const core = await ctx.core();
        ctx.out(jsonText(core.providerDefinition(id).definition));
      }),
    );

  provider
    .command('remove')
    .description('remove a custom provider; refused while accounts use it unless --force (needs the passphrase)')
    .argument('<id>', 'the custom provider id')
    .option('--force', 'remove it anyway: its accounts are kept and shown as "provider missing" until it is added again')
    .addHelpText('after', '\nExamples:\n  $ tokendesk provider remove openim-user-token\n  $ tokendesk provider remove openim-user-token --force')
    .action(
      run(async (ctx, id: string, options: { force?: boolean }) => {
        const core = await ctx.unlocked();
        const { orphaned } = await asUsage(() => core.removeProvider(id, { force: options.force === true }));
        if (ctx.json) {
          ctx.out(jsonText({ removed: id, orphaned }));
          return;
        }
        ctx.out(`Removed custom provider ${id}.\n`);
        if (orphaned > 0) {
          ctx.err(`${orphaned === 1 ? '1 account keeps' : `${orphaned} accounts keep`} the provider ${id} and cannot refresh until it is added again (tokendesk provider add --file DEF.json).\n`);
        }
      }),
    );
}
