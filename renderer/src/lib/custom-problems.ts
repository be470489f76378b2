import { CustomProviderSchema } from '../../../shared/custom-provider';
import type { Translate } from '../../../shared/i18n';
import type { DraftProblem } from './custom-draft';

/**
 * Every problem of a definition, each at its path (`request.headers.operationID`), so the editor
 * shows each beside its own input. parseCustomProvider names the first only; the editor wants all.
 */

/** The problems the window words in its own language; `other` shows the schema's (English) words. */
export type ProblemKind =
  | 'required'
  | 'tooLong'
  | 'headerName'
  | 'path'
  | 'fieldName'
  | 'providerId'
  | 'builtinId'
  | 'expiryPath'
  | 'declaredTwice'
  | 'builtinPlaceholder'
  | 'unknownPlaceholder'
  | 'tokenInRequest'
  | 'badJson'
  | 'needsName'
  | 'givenTwice'
  | 'other';

/** One problem: where (a dot path into the definition) and what, with a kind the window words itself. */
export interface DefinitionProblem {
  path: string;
  /** The schema's own words (English), shown when `kind` is `other`. */
  message: string;
  kind: ProblemKind;
  max?: number;
  /** The name or detail the words need (a field or placeholder name, a JSON parse error). */
  detail?: string;
}

/**
 * The schema's (shared/custom-provider.ts) and the form's own messages, by their stable openings. A
 * message that matches none is shown as it is; the unit tests run each rule through the real schema.
 */
const RULES: ReadonlyArray<readonly [RegExp, ProblemKind]> = [
  [/^a dot path/, 'path'],
  [/^letters, digits and _, starting with a letter/, 'fieldName'],
  [/^lower-case letters, digits and -/, 'providerId'],
  [/^is a built-in provider id/, 'builtinId'],
  [/^needs a path unless the unit is jwt/, 'expiryPath'],
  [/^"(.*)" is declared twice/, 'declaredTwice'],
  [/^"(.*)" is a built-in placeholder/, 'builtinPlaceholder'],
  [/^\{\{(.*?)\}\} is neither a field/, 'unknownPlaceholder'],
  [/^\{\{token\}\} belongs in the refresh request/, 'tokenInRequest'],
  [/^is not valid JSON \((.*)\)$/, 'badJson'],
  [/^needs a name$/, 'needsName'],
  [/^"(.*)" is given twice$/, 'givenTwice'],
];

function classified(path: string, message: string): DefinitionProblem {
  for (const [pattern, kind] of RULES) {
    const match = pattern.exec(message);
    if (match) return { path, message, kind, ...(match[1] !== undefined ? { detail: match[1] } : {}) };
  }
  return { path, message, kind: 'other' };
}

/** A problem in the UI language. */
export function problemText(problem: DefinitionProblem, t: Translate): string {
  if (problem.kind === 'other') return problem.message;
  if (problem.kind === 'tooLong') return t('custom.problem.tooLong', { max: problem.max ?? 0 });
  return t(`custom.problem.${problem.kind}`, { name: problem.detail ?? '', detail: problem.detail ?? '' });
}

/** All problems of `value` as a definition, after the form's own (a JSON body that does not parse). */
export function definitionProblems(value: unknown, before: readonly DraftProblem[] = []): DefinitionProblem[] {
  const out: DefinitionProblem[] = before.map((p) => classified(p.path, p.message));
  const parsed = CustomProviderSchema.safeParse(value);
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    const path = issue.path.length > 0 ? issue.path.join('.') : 'definition';
    // A body that did not parse is reported once, by the form.
    if (out.some((p) => p.path === path)) continue;
    if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) out.push({ path, message: issue.message, kind: 'required' });
    else if (issue.code === 'too_small' && issue.origin === 'array' && path === 'fields') out.push({ path, message: issue.message, kind: 'required' });
    else if (issue.code === 'too_big' && issue.origin === 'string') out.push({ path, message: issue.message, kind: 'tooLong', max: Number(issue.maximum) });
    else if (issue.code === 'invalid_key') out.push({ path, message: issue.message, kind: 'headerName' });
    else out.push(classified(path, issue.message));
  }
  return out;
}

/** The first problem at `path` exactly, or (with `within`) at or anywhere under it. */
export function problemAt(problems: readonly DefinitionProblem[], path: string, within = false): DefinitionProblem | undefined {
  return problems.find((p) => p.path === path || (within && p.path.startsWith(`${path}.`)));
}
