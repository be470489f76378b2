import { fieldProblemOf, type FieldProblem } from '../../../shared/field-rules';
import type { FieldSpec } from '../../../shared/providers';
import type { Translate } from '../../../shared/i18n';

/** Why one field's value is not acceptable, in the UI language; null when it is fine (rules: shared/field-rules.ts). */
export function fieldProblem(field: FieldSpec, label: string, value: string, secretSaved: boolean, t: Translate): string | null {
  const problem = fieldProblemOf(field, value, { secretSaved });
  return problem ? fieldProblemText(problem, label, t) : null;
}

/** A field problem found by the rules (here or by core, e.g. in a row of "Add several…"), in the UI language. */
export function fieldProblemText(problem: FieldProblem, label: string, t: Translate): string {
  switch (problem.kind) {
    case 'required':
      return t('form.required', { label });
    case 'integer':
      return t('form.integer', { label });
    case 'range': {
      const { min, max } = problem;
      if (min !== undefined && max !== undefined) return t('form.range', { label, min, max });
      return min !== undefined ? t('form.min', { label, min }) : t('form.max', { label, max: max ?? '' });
    }
    case 'url':
    case 'urlScheme':
      return t('form.url', { label });
    case 'urlCredentials':
      return t('form.urlCredentials', { label });
    case 'option':
      return t('form.option', { label });
    case 'datetime':
      return t('form.datetime', { label });
  }
}

/** The initial value of each field: the account's saved non-secret value, else the schema default. */
export function initialValues(fields: readonly FieldSpec[], saved: Readonly<Record<string, string>> | null): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    // Secrets never come back from main: their inputs start empty ("leave empty to keep").
    if (field.secret) values[field.name] = saved ? '' : (field.default ?? '');
    // Core applies defaults at exchange time without storing them, so an absent value shows its default.
    else values[field.name] = saved?.[field.name] ?? field.default ?? '';
  }
  return values;
}
