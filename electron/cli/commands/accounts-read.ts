import type { Command } from 'commander';
import type { AccountView } from '../../../shared/account';
import { formatRelativeExpiry, formatShortDuration } from '../../../shared/expiry';
import type { MaskedSecrets, OpenedCore, Provider } from '../../core';
import { TokenDeskError } from '../../core/errors';
import { findAccount } from '../context';
import { accountFilter, noMatchText, withFilterOptions, type FilterOptions } from '../account-filter';
import { autoRefreshOffLines, dueWithAutoRefreshOff } from '../auto-refresh-hint';
import { accountJson, iso, jsonText, keyValues, table } from '../output';
import { cliNextStep, nextLine } from '../next-step';
import { presentedText } from '../presented';
import type { Runner } from '../runner';

/** "3m ago", or "never". */
export function ago(at: number | null, now: number): string {
  return at === null ? 'never' : `${formatShortDuration(now - at)} ago`;
}

const when = (at: number | null, now: number): string =>
  at === null ? '—' : `${iso(at)} (${at > now ? formatRelativeExpiry(at, now) : ago(at, now)})`;

/** What a damaged account's status says, and what to do. */
export const DAMAGE_TEXT = {
  changed: 'changed outside TokenDesk; check it, then `tokendesk confirm <id>` or remove it',
  unreadable: 'a stored secret failed its integrity check; edit it and enter the secret again',
} as const;

/** The account's provider, or null when its custom provider is not defined (the account is still shown). */
function providerOrNull(core: OpenedCore, id: string): Provider | null {
  try {
    return core.provider(id);
  } catch (error) {
    if (error instanceof TokenDeskError) return null;
    throw error;
  }
}

/** `on`, `off`, or, once the token is inside the renewal margin, `off` with the command that turns it on. */
function autoRefreshText(view: AccountView, info: Provider['info'] | undefined, due: boolean): string {
  if (view.autoRefresh.enabled) return info?.autoRefreshWarning ? `on (${info.autoRefreshWarning.en})` : 'on';
  if (!due) return 'off';
  const warning = info?.autoRefreshWarning ? ` (${info.autoRefreshWarning.en})` : '';
  return `off, and the token is due for renewal. Turn it on: ${cliNextStep({ kind: 'autoRefresh' }, view.id)}${warning}`;
}

async function showText(view: AccountView, found: Provider | null, masked: MaskedSecrets | null, now: number, due: boolean): Promise<string> {
  const { presentationOf } = await import('../../../shared/presentation');
  const info = found?.info;
  const pairs: Array<[string, string]> = [
    ['ID', view.id],
    ['Name', view.name],
    ['Provider', info ? `${info.displayName.en} (${view.provider})` : `${view.provider} — not defined; add the definition again (tokendesk provider add --file DEF.json)`],
    ['Environment', view.env || '—'],
    ['Status', view.damage ? `damaged — ${DAMAGE_TEXT[view.damage]}` : view.status],
    ['Expires', view.expiresAt === null ? 'unknown' : `${iso(view.expiresAt)} (${formatRelativeExpiry(view.expiresAt, now)})`],
    ['Issued', when(view.issuedAt, now)],
    ['Last refresh', when(view.lastRefreshAt, now)],
    ['Last error', view.lastError ? [`${view.lastError.code}: ${view.lastError.message}`, nextLine(view.lastError, view.id)].filter(Boolean).join(' ') : '—'],
    ['Auto-refresh', autoRefreshText(view, info, due)],
    ['Token', masked ? (masked.token ?? 'none yet') : view.hasToken ? 'set (give the passphrase to see a masked preview)' : 'none yet'],
  ];
  // Without its provider the field specs are unknown: the plain values as stored, the secrets by name.
  const specs = info?.fields ?? [
    ...Object.keys(view.fields).map((name) => ({ name, secret: false, default: undefined, placeholder: undefined })),
    ...view.secretsSet.filter((name) => !(name in view.fields)).map((name) => ({ name, secret: true, default: undefined, placeholder: undefined })),
  ];
  const fields: Array<[string, string]> = specs.map((spec) => {
    if (!spec.secret) {
      const fallback = spec.default !== undefined ? `${spec.default} (default)` : spec.placeholder !== undefined ? `${spec.placeholder} (this machine)` : '—';
      return [spec.name, view.fields[spec.name] ?? fallback];
    }
    // While locked the vault cannot tell which secrets hold a value.
    if (!masked) return [spec.name, 'secret (give the passphrase to see a masked preview)'];
    return [spec.name, masked.fields[spec.name] ?? 'not set'];
  });
  return keyValues(pairs) + `Fields:\n${keyValues(fields, '  ')}` + presentedText(presentationOf(view.provider).sections(view, { provider: info }));
}

/** Masked previews, or null when a secret does not open (the account is then marked damaged). */
function maskedOrNull(core: OpenedCore, id: string): MaskedSecrets | null {
  try {
    return core.maskedSecrets(id);
  } catch (error) {
    if (error instanceof TokenDeskError) return null;
    throw error;
  }
}

/** `list` and `show`: read metadata only, so they need no passphrase. */
export function registerAccountReads(program: Command, run: Runner): void {
  withFilterOptions(program.command('list'), 'accounts')
    .description('accounts, no secrets (no passphrase needed)')
    .addHelpText('after', '\nExamples:\n  $ tokendesk list\n  $ tokendesk list --env test --env staging\n  $ tokendesk --json list --provider sainiu')
    .action(
      run(async (ctx, options: FilterOptions) => {
        // With the passphrase at hand, the list also says which accounts are damaged.
        const core = await ctx.unlockedIfGiven();
        const all = core.list();
        const filter = accountFilter(options, core.providers(), all);
        const views = all.filter((v) => filter.matches(v));
        if (ctx.json) {
          ctx.out(jsonText(views.map(accountJson)));
          return;
        }
        if (views.length === 0) {
          ctx.out(all.length === 0 ? 'No accounts yet. Add one with: tokendesk add <provider> --name NAME --set key=value ...\n' : `${noMatchText(filter, all)}\n`);
          return;
        }
        const now = Date.now();
        const due = dueWithAutoRefreshOff(views, core.settings(), now);
        const offAndDue = new Set(due.map((v) => v.id));
        const rows = views.map((v) => [
          v.id.slice(0, 8),
          v.name,
          v.provider,
          v.env || '—',
          v.damage ? 'damaged' : offAndDue.has(v.id) ? `${v.status}, auto-refresh off` : v.status,
          formatRelativeExpiry(v.expiresAt, now),
          ago(v.lastRefreshAt, now),
        ]);
        ctx.out(table(['ID', 'NAME', 'PROVIDER', 'ENV', 'STATUS', 'EXPIRES', 'REFRESHED'], rows));
        if (due.length > 0) ctx.out(`\n${autoRefreshOffLines(due, core.providers(), now)}`);
      }),
    );

  program
    .command('show')
    .description('one account, secrets masked (masked previews only when the passphrase is given)')
    .argument('<id>', 'account id, unique id prefix, or name')
    .addHelpText(
      'after',
      `
Without $TOKENDESK_PASSPHRASE it shows only which secrets are set; with it, masked previews such
as "abcd…wxyz (64 chars)". It never prints a whole secret: use \`tokendesk token\` for the token.

Examples:
  $ tokendesk show 3f2a9c1e
  $ tokendesk --json show "SUD test"`,
    )
    .action(
      run(async (ctx, ref: string) => {
        const core = await ctx.unlockedIfGiven();
        const view = findAccount(core.list(), ref);
        // A damaged account is still shown (that is how a person inspects it), without masked previews.
        const masked = core.status().state === 'unlocked' && !view.damage ? maskedOrNull(core, view.id) : null;
        const shown = core.get(view.id);
        if (ctx.json) {
          ctx.out(
            jsonText({
              ...accountJson(shown),
              fields: shown.fields,
              hasToken: shown.hasToken,
              ...(masked ? { secretsSet: shown.secretsSet, masked } : {}),
            }),
          );
        } else {
          const now = Date.now();
          const due = dueWithAutoRefreshOff([shown], core.settings(), now).length > 0;
          ctx.out(await showText(shown, providerOrNull(core, shown.provider), masked, now, due));
        }
      }),
    );
}
