import { parseIsoInstant } from '../../../shared/datetime';
import type { FieldSpec } from '../../../shared/providers';
import type { Translate } from '../i18n';

/** Why one field's value is not acceptable, in the UI language; null when it is fine. */
export function fieldProblem(field: FieldSpec, label: string, value: string, secretSaved: boolean, t: Translate): string | null {
  const v = value.trim();
  if (v === '') return field.required && !(field.secret && secretSaved) ? t('form.required', { label }) : null;
  switch (field.kind) {
    case 'integer': {
      if (!/^-?\d+$/.test(v)) return t('form.integer', { label });
      const n = Number(v);
      const min = field.min ?? -Infinity;
      const max = field.max ?? Infinity;
      if (n < min || n > max) {
        if (Number.isFinite(min) && Number.isFinite(max)) return t('form.range', { label, min, max });
        return Number.isFinite(min) ? t('form.min', { label, min }) : t('form.max', { label, max });
      }
      return null;
    }
    case 'url': {
      try {
        const url = new URL(v);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') return t('form.url', { label });
        // A user:pass@ in the address would be stored in plain text; it belongs in a secret field.
        return url.username || url.password ? t('form.urlCredentials', { label }) : null;
      } catch {
        return t('form.url', { label });
      }
    }
    case 'select':
      return field.options && !field.options.some((o) => o.value === v) ? t('form.option', { label }) : null;
    case 'datetime':
      return parseIsoInstant(v) === null ? t('form.datetime', { label }) : null;
    case 'text':
      return null;
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
