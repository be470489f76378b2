import { performance } from 'node:perf_hooks';
import type { RefreshResult } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import { toErrorInfo, TokenDeskError } from '../errors';
import type { HistoryLog } from '../history/history-log';
import { storedText } from '../redaction';
import { RecordingClient, type RawStep } from '../http/recording-client';
import { redactSteps, tokenParts, type RedactedStep } from '../http/redact-exchange';
import type { HttpClient } from '../http/types';
import type { Clock } from '../platform';
import type { ExchangeInput, ExchangeResult, Provider, ProviderCache } from '../providers/types';
import type { AccountSecrets, StoredAccount, Vault } from '../vault/types';
import { applyDefaults } from '../providers/registry';
import { editFields } from '../../../shared/next-step';
import type { DiagnosticStore, ExchangeDiagnostic } from './diagnostics';
import { historyEntry } from './history-entry';
import type { RefreshTrigger } from './types';

/** What one refresh needs from the core around it. */
export interface RefreshDeps {
  vault: Vault;
  clock: Clock;
  http(): HttpClient;
  cache: ProviderCache;
  history: HistoryLog;
  provider(account: StoredAccount): Provider;
  /** A history line could not be written; the refresh itself still counts. */
  onHistoryError(error: unknown): void;
  /** Where the redacted last exchange of each account is kept (memory only). */
  diagnostics: DiagnosticStore;
}

/** The exchange input of an account: every field value (defaults applied), token and provider memory. */
export function exchangeInput(provider: Provider, account: StoredAccount, secrets: AccountSecrets): ExchangeInput {
  return {
    accountId: account.id,
    fields: applyDefaults(provider, { ...account.fields, ...secrets.fields }),
    token: secrets.token,
    expiresAt: account.expiresAt,
    extras: account.extras,
    state: account.providerState,
  };
}

/** The account after a successful exchange: its new expiry, extras and provider memory, and no last error. */
export function afterExchange(account: Readonly<StoredAccount>, result: ExchangeResult, now: number): StoredAccount {
  return {
    ...account,
    expiresAt: result.expiresAt,
    issuedAt: result.issuedAt ?? now,
    lastRefreshAt: now,
    lastError: null,
    extras: result.extras,
    providerState: result.state ?? account.providerState,
  };
}

/**
 * Refuses, before any request, an account whose provider requires a secret it has not stored (dropped when
 * the account's definition moved it to another server): the request would go out without it.
 */
function requireStoredSecrets(provider: Provider, account: StoredAccount, secrets: AccountSecrets): void {
  const missing = provider.info.fields.filter((field) => field.required && field.secret && !secrets.fields[field.name]).map((field) => field.name);
  if (missing.length === 0) return;
  throw new TokenDeskError(
    'invalid_input',
    `"${account.name}" has no ${missing.join(', ')} stored, so nothing was sent. Type ${missing.join(', ')} in the account, then refresh.`,
    { needsUser: true, next: editFields(...missing) },
  );
}

/** Every secret value an error message must never show. */
function secretValues(secrets: AccountSecrets, extra: Array<string | null | undefined>): string[] {
  return [...Object.values(secrets.fields), secrets.token, ...extra].filter((s): s is string => !!s);
}


/** An error as it is stored (last error, history): no secret in any form, and no longer than a screenful. */
function redactInfo(info: ErrorInfo, secrets: string[]): ErrorInfo {
  return {
    ...info,
    message: storedText(info.message, secrets),
    ...(info.provider
      ? { provider: { code: storedText(info.provider.code, secrets), message: storedText(info.provider.message, secrets) } }
      : {}),
  };
}

/** The secrets of one refresh, for redacting its diagnostic: what it opened, what it rotated, what it got. */
interface RefreshSecrets {
  plain: AccountSecrets;
  rotated: string[];
  newToken: string | null;
}

/**
 * A diagnostic whose steps are redacted when first read, not on every refresh: the list of values to
 * mask (with each token's pieces) is made then too, from the secrets captured at the refresh, and the
 * raw record is dropped.
 */
function unreadDiagnostic(facts: Omit<ExchangeDiagnostic, 'steps'>, raw: { steps: RawStep[]; secrets: RefreshSecrets } | null): ExchangeDiagnostic {
  let redacted: RedactedStep[] = [];
  return {
    ...facts,
    get steps(): RedactedStep[] {
      if (raw) {
        const { plain, rotated, newToken } = raw.secrets;
        const known = secretValues(plain, [...rotated, ...tokenParts(newToken), ...tokenParts(plain.token)]);
        redacted = redactSteps(raw.steps, known);
        raw = null;
        known.fill('');
      }
      return redacted;
    },
  };
}

/**
 * The stored account as it is NOW (a user may have edited or removed it while the exchange ran). Read
 * in place, not copied: callers only spread it into the next put, which stores a copy of its own.
 */
function latest(vault: Vault, id: string): Readonly<StoredAccount> {
  const account = vault.peekAccount(id);
  if (!account) throw removedError();
  return account;
}

function removedError(): TokenDeskError {
  return new TokenDeskError('not_found', 'The account was removed while it was being refreshed; nothing was saved.');
}

/**
 * Stores values a provider rotated mid-exchange (secret ones sealed, '' clears a field), on the account
 * as it is now. Not a person's edit, so `updatedAt` stays.
 */
async function saveRotated(vault: Vault, provider: Provider, id: string, values: Record<string, string>): Promise<void> {
  const current = latest(vault, id);
  const secrets = vault.secrets(id);
  const fields = { ...current.fields };
  const secretFields = { ...secrets.fields };
  for (const [name, value] of Object.entries(values)) {
    const spec = provider.info.fields.find((f) => f.name === name);
    if (!spec) throw new TokenDeskError('internal', `The ${provider.info.displayName.en} provider tried to store an unknown field; nothing was saved.`);
    const target = spec.secret ? secretFields : fields;
    if (value === '') delete target[name];
    else target[name] = value;
  }
  await vault.put({ ...current, fields }, { fields: secretFields, token: secrets.token });
}

/**
 * One refresh attempt: exchange, then persist (the promise resolves only once the result is on
 * disk), then one history line. Persisting happens outside the exchange, so in a bulk refresh the
 * next exchanges run while results wait for their shared (group-committed) write; the history lines
 * of the results one write carries then go out together in one append. A success seals only the new
 * token (the secret fields stay sealed as they are). A provider failure leaves token and expiry
 * untouched and is stored as the account's last error. Throws only `locked` / `not_found` (vault
 * locked or account removed).
 */
export async function runRefresh(
  deps: RefreshDeps,
  id: string,
  trigger: RefreshTrigger,
  /** Called once the HTTP exchange is over (before persisting): a bulk refresh frees its slot here. */
  onExchanged: () => void,
): Promise<RefreshResult> {
  const { vault, clock } = deps;
  const ticket = deps.diagnostics.begin();
  // A copy: the provider gets its extras and state, and must not be able to change memory through them.
  const account = vault.get(id);
  if (!account) throw removedError();
  const secrets = vault.secrets(id);
  const provider = deps.provider(account);
  const http = new RecordingClient(deps.http());
  const rotated: string[] = [];
  const saveFields = async (values: Record<string, string>): Promise<void> => {
    rotated.push(...Object.values(values));
    await saveRotated(vault, provider, id, values);
  };
  const startedAt = clock.now();
  const started = performance.now();

  let result: RefreshResult;
  let newToken: string | null = null;
  let durationMs = 0;
  try {
    requireStoredSecrets(provider, account, secrets);
    const exchanged = await provider
      .exchange(exchangeInput(provider, account, secrets), { http, now: () => clock.now(), cache: deps.cache, saveFields })
      .finally(() => {
        durationMs = Math.round(performance.now() - started);
        onExchanged();
      });
    newToken = exchanged.token;
    await vault.put(afterExchange(latest(vault, id), exchanged, clock.now()), { token: exchanged.token });
    result = { id, ok: true, expiresAt: exchanged.expiresAt, error: null };
  } catch (error) {
    if (error instanceof TokenDeskError && (error.code === 'locked' || error.code === 'not_found')) throw error;
    const info = redactInfo(toErrorInfo(error, clock.now()), secretValues(secrets, [newToken, ...rotated]));
    const current = latest(vault, id);
    await vault.put({ ...current, lastError: info });
    result = { id, ok: false, expiresAt: current.expiresAt, error: info };
  }

  const outcome = result.ok ? 'ok' : 'error';
  // Every secret of this refresh is captured now; the steps are redacted on first read and the raw record
  // dropped then (the store forgets it on lock or at the account's next exchange).
  deps.diagnostics.set(id, unreadDiagnostic(
    { at: startedAt, accountName: account.name, provider: account.provider, outcome, error: result.error },
    { steps: http.steps, secrets: { plain: secrets, rotated, newToken } },
  ), ticket);

  try {
    const operation = http.operations.length > 0 ? http.operations.join('>') : 'exchange';
    await deps.history.append(historyEntry(account, { at: startedAt, accountId: id, operation, trigger, httpStatus: http.lastStatus, durationMs, outcome, error: result.error }));
  } catch (error) {
    deps.onHistoryError(error);
  }
  return result;
}
