import { editFields } from '../../../shared/next-step';
import { fieldProblemOf, type FieldProblem } from '../../../shared/field-rules';
import type { ProviderId, ProviderInfo } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import { withAnswerChecks } from './answer-checks';
import { oneAccessProvider } from './oneaccess';
import { openImProvider } from './openim';
import { saiNiuProvider } from './sainiu';
import { sudProvider } from './sud';
import type { Provider } from './types';
import { jsonCopy } from '../json';

/** Every provider TokenDesk knows, in display order, each behind the checks of what its answers carry. */
export const providers: readonly Provider[] = [sudProvider, saiNiuProvider, oneAccessProvider, openImProvider].map(withAnswerChecks);

/** The provider with this id; `not_found` naming the known ids otherwise. */
export function getProvider(id: ProviderId | string): Provider {
  const provider = providers.find((p) => p.info.id === id);
  if (!provider) {
    throw new TokenDeskError('not_found', `There is no provider "${id}". Use one of: ${providers.map((p) => p.info.id).join(', ')}.`);
  }
  return provider;
}

/** What the UI and the CLI show of every provider (copies: callers may not change the registry). */
export function providerInfos(): ProviderInfo[] {
  return providers.map((p) => jsonCopy(p.info));
}

/** The values with each field's default filled in where the value is missing or blank. */
export function applyDefaults(provider: Provider, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...values };
  for (const spec of provider.info.fields) {
    if ((out[spec.name] ?? '').trim() === '' && spec.default !== undefined) out[spec.name] = spec.default;
  }
  return out;
}

/** Why a URL with `user:pass@` is refused, and where the credential goes instead. */
export const CREDENTIALS_IN_URL =
  "must not contain a user name or password (user:pass@…): a URL is stored in plain text and shown in views and logs. Remove it from the URL and put the credential in the account's secret fields, which are encrypted";

/** A field problem in English, after the field's name and label ("field port (Port) must be …"). */
function problemText(problem: FieldProblem): string {
  switch (problem.kind) {
    case 'required':
      return 'is required';
    case 'integer':
      return 'must be a whole number';
    case 'range':
      if (problem.min !== undefined && problem.max !== undefined) return `must be between ${problem.min} and ${problem.max}`;
      return problem.min !== undefined ? `must be at least ${problem.min}` : `must be at most ${problem.max}`;
    case 'url':
      return 'must be a URL such as https://api.example.com';
    case 'urlScheme':
      return 'must start with http:// or https://';
    case 'urlCredentials':
      return CREDENTIALS_IN_URL;
    case 'option':
      return `must be one of ${problem.options.join(', ')}`;
    case 'datetime':
      return 'must be an ISO 8601 time with its zone, such as 2026-12-07T09:00:00+08:00';
  }
}

/** One problem of an account's values: the field it is about (null: the values as a whole) and why. */
export type ValuesProblem =
  | { field: string; kind: 'unknown'; text: string }
  | { field: string; kind: 'value'; problem: FieldProblem; /** What is wrong, without the field's name. */ why: string; text: string }
  | { field: null; kind: 'crossField'; text: string };

/**
 * Checks an account's values (defaults applied): unknown names, required fields, integer ranges, URL
 * shape, select options and the provider's own cross-field rule. Every problem, in English, never
 * echoing a value; the rule behind `validateFields` and the check of each row of `add --from`.
 */
export function valuesProblems(provider: Provider, values: Record<string, string>): ValuesProblem[] {
  const known = new Set(provider.info.fields.map((f) => f.name));
  const problems: ValuesProblem[] = Object.keys(values)
    .filter((name) => !known.has(name))
    .map((name) => ({ field: name, kind: 'unknown', text: `there is no field "${name}" (valid: ${[...known].join(', ')})` }));
  const withDefaults = applyDefaults(provider, values);
  for (const spec of provider.info.fields) {
    const problem = fieldProblemOf(spec, withDefaults[spec.name] ?? '');
    if (problem) {
      const why = problemText(problem);
      problems.push({ field: spec.name, kind: 'value', problem, why, text: `field ${spec.name} (${spec.label.en}) ${why}` });
    }
  }
  const crossField = provider.validate?.(withDefaults);
  if (crossField) problems.push({ field: null, kind: 'crossField', text: crossField });
  return problems;
}

/** The problems of `valuesProblems` as one `invalid_input` error naming the fields to edit, or null. */
export function validateFields(provider: Provider, values: Record<string, string>): TokenDeskError | null {
  const problems = valuesProblems(provider, values);
  if (problems.length === 0) return null;
  const fields = problems.flatMap((p) => (p.kind === 'value' ? [p.field] : []));
  return new TokenDeskError('invalid_input', `The ${provider.info.displayName.en} account settings need fixing: ${problems.map((p) => p.text).join('; ')}.`, {
    needsUser: true,
    next: editFields(...fields),
  });
}
