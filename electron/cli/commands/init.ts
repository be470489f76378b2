import type { Command } from 'commander';
import { TokenDeskError } from '../../core/errors';
import { jsonText } from '../output';
import { newPassphrase } from '../passphrase';
import type { Runner } from '../runner';

/** `tokendesk init`: creates the vault with a passphrase slot. */
export function registerInit(program: Command, run: Runner): void {
  program
    .command('init')
    .description('create a vault with a passphrase slot')
    .option('--unlock-with-keyring', 'let the desktop app unlock with the system keyring at start (default: it asks for the passphrase)')
    .addHelpText(
      'after',
      `
The passphrase comes from $TOKENDESK_PASSPHRASE, or is asked twice on a terminal (at least 8
characters). init refuses to touch an existing vault. By default the desktop app asks for the
passphrase at each start; --unlock-with-keyring lets it open silently with the system keyring
(a lock by hand, idle or screen lock still holds until the passphrase is given).

Examples:
  $ tokendesk init
  $ TOKENDESK_PASSPHRASE='correct horse battery' tokendesk --data-dir ./vault init`,
    )
    .action(
      run(async (ctx, options: { unlockWithKeyring?: boolean }) => {
        const core = await ctx.core();
        if (core.status().state !== 'uninitialized') {
          throw new TokenDeskError(
            'invalid_input',
            `A vault already exists in ${ctx.dataDir}; nothing was changed. Use it as it is, or choose another --data-dir.`,
          );
        }
        const status = await core.initialize(await newPassphrase(ctx.io));
        if (options.unlockWithKeyring) await core.updateSettings({ unlockWithKeyringAtStart: true });
        if (ctx.json) {
          ctx.out(jsonText({ dataDir: status.dataDir, state: status.state, passphraseSet: status.passphraseSet }));
        } else {
          ctx.out(`Created a vault in ${status.dataDir}, protected by your passphrase.\n`);
          ctx.out('Next: tokendesk providers, then tokendesk add <provider> --name NAME --set key=value ...\n');
        }
      }),
    );
}
