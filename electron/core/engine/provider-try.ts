import { parseCustomProvider, type CustomProvider } from '../../../shared/custom-provider';
import type { ErrorInfo } from '../../../shared/errors';
import type { ProviderTryResult } from '../../../shared/ipc-contract';
import { toErrorInfo, TokenDeskError } from '../errors';
import { RecordingClient, type RawStep } from '../http/recording-client';
import { CREDENTIAL_HEADER, tokenParts } from '../http/redact-exchange';
import type { HttpClient } from '../http/types';
import { definedProvider } from '../providers/custom/custom';
import { resolveRequest } from '../providers/custom/template';
import { applyDefaults } from '../providers/registry';
import { clipMessage, REDACTED, redactSecrets } from '../redaction';
import type { AccountSecrets, StoredAccount } from '../vault/types';
import { MemoryCache } from './memory-cache';
import { SingleFlight } from './single-flight';
import { foreignOriginError, originGuard, requestOrigins } from './try-origins';

/** A tried answer is clipped to this many characters (the editor shows it whole, not a file's worth). */
export const TRY_ANSWER_CHARS = 16 * 1024;

/** What a try needs of the engine. */
export interface TryDeps {
  http: HttpClient;
  now(): number;
}

/** The account a try runs against, with its secrets (already opened: the vault is unlocked). */
export interface TryAccount {
  account: StoredAccount;
  secrets: AccountSecrets;
  /** The account's own provider definition as stored and signed (null when it does not run): where its secrets may go. */
  own: CustomProvider | null;
}

function clip(text: string): string {
  return text.length <= TRY_ANSWER_CHARS ? text : `${text.slice(0, TRY_ANSWER_CHARS)}… (${text.length - TRY_ANSWER_CHARS} more characters clipped)`;
}

/** The definition, parsed; `invalid_input` starting with the path at fault otherwise. */
export function definitionOrThrow(value: unknown): CustomProvider {
  const parsed = parseCustomProvider(value);
  if (!parsed.ok) throw new TokenDeskError('invalid_input', parsed.problem, { needsUser: true });
  return parsed.definition;
}

/** The request as it would go out when nothing was sent (the URL did not resolve, or a value is missing). */
function previewStep(definition: CustomProvider, fields: Record<string, string>, now: number): Pick<RawStep, 'method' | 'url' | 'requestHeaders' | 'requestBody'> {
  try {
    const integers = new Set(definition.fields.filter((f) => f.kind === 'integer').map((f) => f.name));
    const request = resolveRequest(definition.request, { fields, token: null, now, integers }, `${definition.id}:request`, [], definition.name);
    const body = request.form !== undefined ? new URLSearchParams(request.form).toString() : request.json !== undefined ? JSON.stringify(request.json) : null;
    return { method: request.method, url: request.url, requestHeaders: request.headers ?? {}, requestBody: body };
  } catch {
    return { method: definition.request.method, url: definition.request.url, requestHeaders: definition.request.headers, requestBody: null };
  }
}

function maskedError(info: ErrorInfo, mask: (text: string) => string): ErrorInfo {
  return {
    ...info,
    message: clipMessage(mask(info.message)),
    ...(info.provider ? { provider: { code: mask(info.provider.code), message: mask(info.provider.message) } } : {}),
  };
}

/**
 * Where a try against an account may send: its stored secrets (and token) only to the origins its own
 * definition sends them to (try-origins.ts). Elsewhere every stored secret must be typed over, and the
 * stored token stays home; otherwise `invalid_input` before anything is sent.
 */
function storedSecretsRule(definition: CustomProvider, target: TryAccount, fields: Record<string, string>, values: Record<string, string>, deps: TryDeps): { token: string | null; http: HttpClient } {
  const now = deps.now();
  const { account, secrets, own } = target;
  const ownFields = own ? applyDefaults(definedProvider(own), { ...account.fields, ...secrets.fields }) : {};
  const allowed = new Set(own ? requestOrigins(own, { fields: ownFields, token: secrets.token, now }) : []);
  const storedUsed = Object.entries(secrets.fields).some(([name, value]) => value !== '' && !Object.hasOwn(values, name));
  const foreign = requestOrigins(definition, { fields, token: secrets.token, now }).filter((origin) => !allowed.has(origin));
  if (foreign.length > 0) {
    if (storedUsed) throw foreignOriginError(account.name, foreign, allowed);
    return { token: null, http: deps.http };
  }
  if (!storedUsed && secrets.token === null) return { token: null, http: deps.http };
  return { token: secrets.token, http: originGuard(deps.http, allowed, (origin) => foreignOriginError(account.name, [origin], allowed)) };
}

/**
 * Runs a definition once through the engine's HTTP client (same limits, same-origin rule) and reports
 * the last request and answer with every secret field value and the token masked. Nothing is saved.
 */
export async function tryDefinition(rawDefinition: unknown, target: TryAccount | null, values: Record<string, string>, deps: TryDeps): Promise<ProviderTryResult> {
  const definition = definitionOrThrow(rawDefinition);
  if (target && target.account.provider !== definition.id) {
    throw new TokenDeskError(
      'invalid_input',
      `"${target.account.name}" uses the provider ${target.account.provider}, not ${definition.id}: try a definition with an account of its own provider, or give the values to try with.`,
      { needsUser: true },
    );
  }
  const provider = definedProvider(definition);
  const stored = target ? { ...target.account.fields, ...target.secrets.fields } : {};
  const fields = applyDefaults(provider, { ...stored, ...values });
  const sending = target ? storedSecretsRule(definition, target, fields, values, deps) : { token: null, http: deps.http };
  const { token } = sending;
  const secretNames = new Set(definition.fields.filter((f) => f.secret).map((f) => f.name));
  // The account's stored secrets are masked whatever the tried definition calls secret.
  const secrets: string[] = [
    ...Object.entries(fields).filter(([name]) => secretNames.has(name)).map(([, value]) => value),
    ...Object.values(target?.secrets.fields ?? {}),
    ...tokenParts(token),
  ];
  const http = new RecordingClient(sending.http);
  let extracted: ProviderTryResult['extracted'] = null;
  let error: ErrorInfo | null = null;
  try {
    const result = await provider.exchange(
      { accountId: target?.account.id ?? 'try', fields, token, expiresAt: target?.account.expiresAt ?? null, extras: {}, state: {} },
      // A cache and flights of its own: a try never rides on a credential a real refresh fetched.
      { http, now: deps.now, cache: new MemoryCache(deps.now, new SingleFlight()) },
    );
    secrets.push(...tokenParts(result.token));
    // Never the token's characters, only how long it is (the window words the length).
    extracted = { token: '•••••••', tokenLength: Array.from(result.token).length, expiresAt: result.expiresAt };
  } catch (thrown) {
    if (!(thrown instanceof TokenDeskError)) throw thrown;
    error = toErrorInfo(thrown, deps.now());
  }
  const all = [...new Set(secrets.filter((s) => s.length >= 4))];
  const mask = (text: string): string => redactSecrets(text, all);
  const step = http.steps.at(-1);
  const sent = step ?? previewStep(definition, fields, deps.now());
  const headers = Object.fromEntries(
    Object.entries(sent.requestHeaders).map(([name, value]) => [name, CREDENTIAL_HEADER.test(name) ? REDACTED : mask(value)]),
  );
  return {
    request: { method: sent.method, url: mask(sent.url), headers, body: sent.requestBody === null ? null : clip(mask(sent.requestBody)) },
    status: step?.status ?? null,
    answer: step?.responseBody === undefined || step.responseBody === null ? null : clip(mask(step.responseBody)),
    extracted,
    error: error ? maskedError(error, mask) : null,
  };
}
