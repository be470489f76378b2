import type { Command } from 'commander';
import { TokenDeskError } from '../../core/errors';
import { findAccount } from '../context';
import { accountJson, jsonText } from '../output';
import { changedPassphrase, withPassphrase } from '../passphrase';
import type { Runner } from '../runner';

/** `confirm` (vouch for an account changed outside TokenDesk) and `passphrase` (change it, rotating the key). */
export function registerVaultCare(program: Command, run: Runner): void {
  program
    .command('confirm')
    .description('vouch for an account marked "changed outside TokenDesk" after checking it (needs the passphrase)')
    .argument('<id>', 'account id, unique id prefix, or name')
    .addHelpText(
      'after',
      `
An account whose saved details (server address, paths, fields) were changed outside TokenDesk is
marked damaged and its secrets are not used. Check its details with \`tokendesk show <id>\`; if
they are right, confirm it to sign it again. If not, remove it or edit it after confirming.

Examples:
  $ tokendesk show 3f2a9c1e
  $ tokendesk confirm 3f2a9c1e`,
    )
    .action(
      run(async (ctx, ref: string) => {
        const core = await ctx.unlocked();
        const account = findAccount(core.list(), ref);
        const view = await core.confirm(account.id);
        if (ctx.json) ctx.out(jsonText(accountJson(view)));
        else ctx.out(`Confirmed "${view.name}" (${view.id}): its details are signed again and its secrets will be used.\n`);
      }),
    );

  program
    .command('passphrase')
    .description('change the passphrase (rotates the data key; the old passphrase then opens nothing)')
    .addHelpText(
      'after',
      `
The current passphrase comes from $TOKENDESK_PASSPHRASE or a prompt; the new one from
$TOKENDESK_NEW_PASSPHRASE or a prompt asked twice. Every secret is sealed again under a new key and
vault.json.bak is rewritten, so old copies of the passphrase open neither file. A running TokenDesk
app asks for the new passphrase.

Examples:
  $ tokendesk passphrase
  $ TOKENDESK_PASSPHRASE=old TOKENDESK_NEW_PASSPHRASE=new tokendesk passphrase`,
    )
    .action(
      run(async (ctx) => {
        const core = await ctx.core();
        const state = core.status().state;
        if (state === 'uninitialized') {
          throw new TokenDeskError('locked', `There is no vault in ${ctx.dataDir} yet. Run \`tokendesk init\` first.`, { needsUser: true });
        }
        // The current passphrase is checked as it is typed, so a mistyped one can be typed again.
        const current = await withPassphrase(ctx.io, async (passphrase) => {
          await core.unlock(passphrase, { endLock: false });
          return passphrase;
        });
        const next = await changedPassphrase(ctx.io);
        const status = await core.setPassphrase(next, current);
        if (ctx.json) ctx.out(jsonText({ dataDir: status.dataDir, passphraseSet: status.passphraseSet, rotated: true }));
        else ctx.out('The passphrase is changed and the vault key rotated; vault.json.bak was rewritten with the new key.\n');
      }),
    );
}
