import type { CustomProvider, CustomRequest } from '../../../../shared/custom-provider';
import type { FieldSpec, ProviderInfo } from '../../../../shared/providers';
import { TokenDeskError } from '../../errors';
import { badResponseError, httpStatusError } from '../../http/describe';
import type { HttpResponse } from '../../http/types';
import { withAnswerChecks } from '../answer-checks';
import { jwtExtras, rejected, secretValues, toText } from '../common';
import type { ExchangeContext, ExchangeInput, ExchangeResult, Provider } from '../types';
import { expiryOf, isSuccess, valueAt } from './extract';
import { resolveRequest } from './template';

/** What the UI and CLI know of a custom provider: a built-in's info, with a free-form id. */
export type CustomProviderInfo = Omit<ProviderInfo, 'id'> & { id: string; custom: true };

/** A provider module run from a definition, behind the same interface as the built-in ones. */
export type DefinedProvider = Omit<Provider, 'info'> & { info: CustomProviderInfo; definition: CustomProvider };

/** What is listed of a custom provider whose stored definition does not run: its id, no fields. */
export function undefinedProviderInfo(id: string): CustomProviderInfo {
  return {
    id,
    custom: true,
    displayName: { en: id, zh: id },
    description: { en: `Custom provider ${id}`, zh: `自定义服务商 ${id}` },
    fields: [],
    autoRefreshDefault: false,
    formats: ['raw'],
  };
}

/** Errors after which a failed refresh request falls back to the first request once (as SUD's update does). */
const FALLBACK_CODES = new Set(['provider_rejected', 'http_error', 'bad_response']);

function fieldSpecs(definition: CustomProvider): FieldSpec[] {
  return definition.fields.map((f) => ({
    name: f.name,
    label: { en: f.label, zh: f.labelZh ?? f.label },
    help: { en: f.help ?? '', zh: f.help ?? '' },
    required: f.required,
    secret: f.secret,
    kind: f.kind,
    ...(f.default !== undefined ? { default: f.default } : {}),
  }));
}

const shown = (value: unknown): string =>
  value === undefined ? 'nothing' : typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);

/** The error a failed answer means: the provider's own code and message where the definition says where they are. */
function failure(definition: CustomProvider, response: HttpResponse, secrets: string[], step: string): TokenDeskError {
  const who = definition.name;
  const body = response.json;
  const code = definition.error?.codePath ? valueAt(body, definition.error.codePath) : undefined;
  const message = definition.error?.messagePath ? valueAt(body, definition.error.messagePath) : undefined;
  const known = (v: unknown): boolean => v !== undefined && v !== null && v !== '';
  if (known(code) || known(message)) {
    const text = known(message) ? shown(message) : `code ${shown(code)}`;
    return rejected(`${who} refused the ${step}: ${text}. Check the account's settings.`, { code: known(code) ? shown(code) : '', message: known(message) ? shown(message) : '' }, secrets, {
      status: response.status,
    });
  }
  if (response.status < 200 || response.status >= 300) return httpStatusError(who, response, secrets);
  if (body === undefined) return badResponseError(who, response, 'a JSON answer', secrets);
  const success = definition.success;
  const actual = success ? valueAt(body, success.path) : undefined;
  return rejected(
    `${who} answered ${success?.path ?? 'the request'} = ${shown(actual)}, not ${shown(success?.equals)}, so the ${step} failed.`,
    { code: shown(actual), message: '' },
    secrets,
    { status: response.status },
  );
}

/**
 * The generic provider: runs a validated definition with every rule the built-in providers follow (the
 * engine's HTTP client and its limits, redaction of every secret field and token, errors from the closed set
 * carrying the provider's own code and message). A refresh request, when declared, is used while the token
 * is valid; when it fails the first request runs once.
 */
export function definedProvider(definition: CustomProvider): DefinedProvider {
  const info: CustomProviderInfo = {
    id: definition.id,
    custom: true,
    displayName: { en: definition.name, zh: definition.nameZh ?? definition.name },
    description: { en: definition.description ?? `Custom provider ${definition.id}`, zh: definition.description ?? `自定义服务商 ${definition.id}` },
    fields: fieldSpecs(definition),
    autoRefreshDefault: true,
    formats: ['raw', 'header', 'env', 'json', 'curl'],
  };
  const integers: ReadonlySet<string> = new Set(definition.fields.filter((f) => f.kind === 'integer').map((f) => f.name));

  async function run(template: CustomRequest, step: 'request' | 'refresh', input: ExchangeInput, ctx: ExchangeContext): Promise<ExchangeResult> {
    const secrets = secretValues(info.fields, input);
    const now = ctx.now();
    const request = resolveRequest(template, { fields: input.fields, token: input.token, now, integers }, `${definition.id}:${step}`, secrets, definition.name);
    const response = await ctx.http.request(request);
    if (!isSuccess(definition, response.status, response.json)) throw failure(definition, response, secrets, step);
    const token = toText(valueAt(response.json, definition.token.path)).trim();
    if (!token) throw badResponseError(definition.name, response, `a token at ${definition.token.path}`, secrets);
    return { token, expiresAt: expiryOf(definition.expiry, response.json, token, now), extras: { lastOperation: step, ...jwtExtras(token) } };
  }

  return withAnswerChecks({
    info,
    definition,
    async exchange(input, ctx) {
      if (definition.refresh && input.token && (input.expiresAt === null || input.expiresAt > ctx.now())) {
        try {
          return await run(definition.refresh, 'refresh', input, ctx);
        } catch (error) {
          // Network trouble would fail the first request too; only a refused refresh falls back.
          if (!(error instanceof TokenDeskError) || !FALLBACK_CODES.has(error.code)) throw error;
        }
      }
      return run(definition.request, 'request', input, ctx);
    },
  });
}
