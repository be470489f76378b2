import type { Command } from 'commander';
import type { AccountView } from '../../shared/account';
import type { ProviderInfo } from '../../shared/providers';
import { TokenDeskError } from '../core/errors';
import { collect } from './context';
import { UsageError } from './io';

/** `--env NAME` (repeatable) and `--provider ID`, as `list`, `refresh`, `watch` and `export` take them. */
export interface FilterOptions {
  env: string[];
  provider?: string;
}

/** Which accounts a command works on, from its `--env` and `--provider` options. */
export interface AccountFilter {
  /** False when neither option was given (every account matches). */
  readonly given: boolean;
  matches(view: AccountView): boolean;
  /** The options as typed, for messages: `--env test --provider sud`. */
  readonly text: string;
}

/** Adds `--env` and `--provider` to a command. */
export function withFilterOptions(command: Command, what: string): Command {
  return command
    .option('--env <name>', `only ${what} in this environment; repeat for several (--env "" for none)`, collect, [])
    .option('--provider <id>', `only ${what} of this provider (tokendesk providers lists them)`);
}

const envKey = (env: string): string => env.trim().toLowerCase();

/**
 * The filter of the options. Environments match whatever their letter case; a provider must be one that
 * exists here (built-in, custom, or still named by an account whose definition was removed).
 */
export function accountFilter(options: FilterOptions, providers: readonly ProviderInfo[], views: readonly AccountView[]): AccountFilter {
  const envs = new Set(options.env.map(envKey));
  const provider = options.provider;
  if (provider !== undefined && !providers.some((p) => p.id === provider) && !views.some((v) => v.provider === provider)) {
    throw new UsageError(`Unknown provider "${provider}" in --provider. Valid providers: ${providers.map((p) => p.id).join(', ')}.`);
  }
  const text = [...options.env.map((env) => `--env ${env === '' ? '""' : env}`), ...(provider !== undefined ? [`--provider ${provider}`] : [])].join(' ');
  return {
    given: envs.size > 0 || provider !== undefined,
    text,
    matches: (view) => (envs.size === 0 || envs.has(envKey(view.env))) && (provider === undefined || view.provider === provider),
  };
}

/** The environments in use, for a message that says which exist. */
function environments(views: readonly AccountView[]): string {
  const names = [...new Set(views.map((v) => v.env).filter((env) => env !== ''))].sort();
  return names.length > 0 ? names.join(', ') : 'none yet';
}

/** Why nothing matched: the options and the environments there are. */
export function noMatchText(filter: AccountFilter, views: readonly AccountView[]): string {
  return `No account matches ${filter.text} (environments here: ${environments(views)}).`;
}

/** The matching accounts; `not_found` saying which environments exist when none match. */
export function requireMatches(filter: AccountFilter, views: readonly AccountView[]): AccountView[] {
  const matched = views.filter((v) => filter.matches(v));
  if (matched.length === 0) throw new TokenDeskError('not_found', `${noMatchText(filter, views)} Run \`tokendesk list\` to see every account.`);
  return matched;
}

/** Refuses account names together with filters: one way of choosing at a time. */
export function refsOrFilter(refs: readonly string[], filter: AccountFilter): void {
  if (refs.length > 0 && filter.given) throw new UsageError(`Name accounts or choose them with ${filter.text}, not both.`);
}
