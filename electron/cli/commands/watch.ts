import type { Command } from 'commander';
import type { AccountView } from '../../../shared/account';
import { formatRelativeExpiry, formatShortDuration, parseDuration } from '../../../shared/expiry';
import type { ProviderId } from '../../../shared/providers';
import type { OpenedCore, Scheduler, SchedulerHost, SchedulerRefreshEvent } from '../../core';
import { systemClock } from '../../core/platform';
import { accountFilter, requireMatches, withFilterOptions, type AccountFilter, type FilterOptions } from '../account-filter';
import { autoRefreshOffLines, dueWithAutoRefreshOff } from '../auto-refresh-hint';
import type { CliContext } from '../context';
import { UsageError, type StopSignal } from '../io';
import { nextLine } from '../next-step';
import { errorJson, iso } from '../output';
import { EXIT, type Runner } from '../runner';

/** Exit status after a second Ctrl+C (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

/** Ref'd timer period that keeps the process alive: the scheduler's own timers are unref'd. */
const KEEP_ALIVE_MS = 2 ** 30;

interface Known {
  name: string;
  provider: ProviderId | string;
}

/** Parses `--margin DURATION`: a positive duration such as 90s, 5m or 1h30m. */
export function parseMargin(text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) {
    throw new UsageError(`--margin takes a duration above zero such as 90s, 5m or 1h30m, not "${text}".`);
  }
  return ms;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : /(s|sh|ch|x)$/.test(word) ? 'es' : 's'}`;
const timeOf = (at: number): string => (iso(at) ?? '').replace(/\.\d{3}Z$/, 'Z');

/** One human line per refresh: time, account, provider, outcome, new expiry or error and what follows. */
export function watchLine(event: SchedulerRefreshEvent, known: Known): string {
  const { result, state, at } = event;
  const head = `${timeOf(at)}  ${known.name}  ${known.provider}`;
  if (result.ok) return `${head}  ok     expires ${formatRelativeExpiry(result.expiresAt, at)}\n`;
  // The message already quotes the provider's answer; --json carries it apart as error.provider.
  const error = result.error;
  let next = '';
  if (state.blockedReason !== null) {
    const step = nextLine(error, event.id);
    next = ` Auto-refresh stopped for this account until it is edited.${step ? ` ${step}` : ''}`;
  } else if (state.nextAt !== null) next = ` Next try ${state.nextAt <= at ? 'now' : `in ${formatShortDuration(state.nextAt - at)}`}.`;
  return `${head}  error  ${error?.code ?? 'internal'}: ${error?.message ?? 'no reason given'}${next}\n`;
}

/** One JSON line per refresh: `{ at, id, name, provider, ok, expiresAt, error }`. */
export function watchJson(event: SchedulerRefreshEvent, known: Known): Record<string, unknown> {
  return {
    at: iso(event.at),
    id: event.id,
    name: known.name,
    provider: known.provider,
    ok: event.result.ok,
    expiresAt: iso(event.result.expiresAt),
    error: event.result.error ? errorJson(event.result.error, event.id) : null,
  };
}

/** The startup line: how many accounts, which cannot renew themselves, and when the next refresh is due. */
export function startupLine(views: AccountView[], scheduler: Pick<Scheduler, 'status'>, now: number, marginMs?: number): string {
  const enabled = views.filter((v) => v.autoRefresh.enabled);
  const notes = [
    [views.length - enabled.length, 'with auto-refresh off'],
    [enabled.filter((v) => !v.hasToken).length, 'never refreshed (refresh it once with `tokendesk refresh`)'],
    [enabled.filter((v) => v.hasToken && v.expiresAt === null).length, 'with no known expiry'],
  ] as const;
  let text = `Watching ${plural(views.length, 'account')}`;
  for (const [count, note] of notes) if (count > 0) text += `, ${count} ${note}`;
  let next: { view: AccountView; at: number } | null = null;
  for (const view of enabled) {
    const at = scheduler.status(view.id)?.nextAt ?? null;
    if (at !== null && (next === null || at < next.at)) next = { view, at };
  }
  text += next
    ? `; next refresh: "${next.view.name}" ${next.at <= now ? 'now' : `in ${formatShortDuration(next.at - now)}`}`
    : '; nothing to refresh for now';
  if (marginMs !== undefined) text += ` (margin ${formatShortDuration(marginMs)})`;
  return `${text}. Press Ctrl+C to stop.\n`;
}

/** Resolves on the first SIGINT/SIGTERM; a second one ends the process at once. */
function stopSignals(ctx: CliContext): { requested: Promise<StopSignal>; dispose: () => void } {
  let first: ((signal: StopSignal) => void) | null = null;
  const requested = new Promise<StopSignal>((resolve) => {
    first = resolve;
  });
  const on = (signal: StopSignal) => (): void => {
    if (first) {
      first(signal);
      first = null;
      return;
    }
    ctx.err('tokendesk: stopped at once; a refresh in flight may not have been saved. Run `tokendesk list` to check.\n');
    ctx.io.exitNow(EXIT_INTERRUPTED);
  };
  const offs = (['SIGINT', 'SIGTERM'] as const).map((signal) => ctx.io.onSignal(signal, on(signal)));
  return { requested, dispose: () => offs.forEach((off) => off()) };
}

/** The scheduler's host narrowed to the accounts `--env` / `--provider` choose (as they are at each look). */
function onlyMatching(host: SchedulerHost, core: OpenedCore, filter: AccountFilter): SchedulerHost {
  if (!filter.given) return host;
  return {
    ...host,
    accounts: () => {
      const chosen = new Set(core.list().filter((v) => filter.matches(v)).map((v) => v.id));
      return host.accounts().filter((a) => chosen.has(a.id));
    },
  };
}

async function watch(ctx: CliContext, marginMs: number | undefined, options: FilterOptions): Promise<number> {
  ctx.watchExternalChanges = true;
  const core: OpenedCore = await ctx.unlocked({ sends: true });
  const filter = accountFilter(options, core.providers(), core.list());
  if (filter.given) requireMatches(filter, core.list());
  const watched = (): AccountView[] => core.list().filter((v) => filter.matches(v));
  // Names outlive removals, so a refresh that ends after its account was removed still prints one.
  const known = new Map<string, Known>(core.list().map((v) => [v.id, { name: v.name, provider: v.provider }]));
  const tally = { ok: 0, failed: 0 };
  const onRefreshed = (event: SchedulerRefreshEvent): void => {
    if (event.result.ok) tally.ok += 1;
    else tally.failed += 1;
    const who = known.get(event.id) ?? { name: event.id.slice(0, 8), provider: 'unknown' };
    ctx.out(ctx.json ? `${JSON.stringify(watchJson(event, who))}\n` : watchLine(event, who));
  };
  const { createCoreSchedulerHost, createScheduler } = await import('../../core');
  const scheduler = createScheduler({
    host: onlyMatching(createCoreSchedulerHost(core, () => core.settings(), marginMs), core, filter),
    clock: systemClock,
    onRefreshed,
  });
  const unsubscribe = [
    core.on('accounts:changed', ({ upserted }) => {
      for (const v of upserted) known.set(v.id, { name: v.name, provider: v.provider });
      scheduler.replan();
    }),
    core.on('settings:changed', () => scheduler.replan()),
    core.on('vault:changed', (status) => (status.state === 'unlocked' ? scheduler.resume() : scheduler.pause())),
  ];
  const keepAlive = setInterval(() => undefined, KEEP_ALIVE_MS);
  const signals = stopSignals(ctx);
  try {
    scheduler.start();
    if (!ctx.json) {
      const now = Date.now();
      ctx.err(startupLine(watched(), scheduler, now, marginMs));
      // watch leaves them alone: say which are running out, and how to let TokenDesk renew them.
      ctx.err(autoRefreshOffLines(dueWithAutoRefreshOff(watched(), core.settings(), now), core.providers(), now));
    }
    const signal = await signals.requested;
    if (!ctx.json) {
      const inFlight = core.list().filter((v) => v.refreshing).length;
      const wait = inFlight > 0 ? `waiting for ${plural(inFlight, 'refresh')} in flight to be saved` : 'nothing in flight';
      ctx.err(`${signal === 'SIGINT' ? 'Interrupted' : 'Terminated'}: stopping, ${wait} (press Ctrl+C again to quit at once).\n`);
    }
    await scheduler.stop();
    // Flush the vault while a second Ctrl+C can still cut it short on purpose.
    await ctx.close();
    if (!ctx.json) ctx.err(`Stopped after ${plural(tally.ok + tally.failed, 'refresh')} (${tally.failed} failed).\n`);
    return EXIT.ok;
  } finally {
    clearInterval(keepAlive);
    signals.dispose();
    for (const off of unsubscribe) off();
  }
}

/** `tokendesk watch`: the desktop app's auto-refresh in the foreground, one line per refresh. */
export function registerWatch(program: Command, run: Runner): void {
  withFilterOptions(program.command('watch'), 'accounts')
    .description('keep tokens renewed in the foreground, one line per refresh (needs the passphrase)')
    .option('--margin <duration>', 'refresh this long before expiry (90s, 5m, 1h30m) instead of the settings')
    .addHelpText(
      'after',
      `
Runs the desktop app's auto-refresh scheduler without a desktop, for a test server or a CI box.
Each account refreshes ahead of its expiry by the margin: by default 10% of the token's lifetime,
at least 1 minute and at most 10 minutes (the app's settings); --margin sets a fixed one. The
margin is never more than half the lifetime, so a short-lived token is not renewed the moment it
arrives. Failures are retried with a growing delay (1, 2, 4 ... 30 minutes); an answer only a person
can fix (rejected credentials, an expired SUD code) stops retries for that account until it is edited.
Accounts with auto-refresh off, and accounts never refreshed, are left alone. --env and --provider
watch only the accounts they choose.

Output: one line per refresh on stdout (time, account, provider, ok and the new expiry, or the error).
A startup line on stderr says how many accounts are watched and when the next refresh is due.
With --json, stdout carries JSON Lines instead of one document: one object per refresh,
  {"at", "id", "name", "provider", "ok", "expiresAt", "error"}
with times as ISO 8601 strings and error as { code, message, provider? } or null.

Ctrl+C (or SIGTERM) stops cleanly: no new refresh starts, a refresh in flight finishes and is saved,
exit status 0. A second Ctrl+C quits at once (exit status 130).

Examples:
  $ TOKENDESK_PASSPHRASE='correct horse battery' tokendesk watch
  $ tokendesk watch --margin 5m --json | jq -c 'select(.ok | not)'
  $ tokendesk watch --env test --provider sud`,
    )
    .action(
      run(async (ctx, options: FilterOptions & { margin?: string }) => {
        const marginMs = options.margin === undefined ? undefined : parseMargin(options.margin);
        return watch(ctx, marginMs, options);
      }),
    );
}
