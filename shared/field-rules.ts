import { z } from 'zod';
import { parseIsoInstant } from './datetime';
import type { FieldSpec } from './providers';

/**
 * Why a field's value is not acceptable, as data: the engine (electron/core/providers/registry.ts)
 * words it in English for errors and the CLI, the window (renderer/src/lib/validate-form.ts) in the UI
 * language. One set of rules, so the form never accepts what the engine refuses, or the reverse.
 */
export type FieldProblem =
  | { kind: 'required' }
  | { kind: 'integer' }
  | { kind: 'range'; min: number | undefined; max: number | undefined }
  | { kind: 'url' }
  | { kind: 'urlScheme' }
  | { kind: 'urlCredentials' }
  | { kind: 'option'; options: string[] }
  | { kind: 'datetime' };

/** Any absolute URL (zod's check, the same in Node and the browser). */
const AnyUrl = z.url();
/** A user name or password before the host: `scheme://user:pass@host`. */
const USER_INFO = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

/** The first problem of a value for `spec` (trimmed here), or null when it is acceptable. */
export function fieldProblemOf(spec: FieldSpec, value: string, options: { secretSaved?: boolean } = {}): FieldProblem | null {
  return problemOf(spec, value.trim(), options.secretSaved === true);
}

function problemOf(spec: FieldSpec, value: string, secretSaved: boolean): FieldProblem | null {
  // A secret left empty while editing keeps its saved value.
  if (value === '') return spec.required && !(spec.secret && secretSaved) ? { kind: 'required' } : null;
  switch (spec.kind) {
    case 'integer': {
      if (!/^-?\d+$/.test(value)) return { kind: 'integer' };
      const n = Number(value);
      return (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max) ? { kind: 'range', min: spec.min, max: spec.max } : null;
    }
    case 'url': {
      if (!AnyUrl.safeParse(value).success) return { kind: 'url' };
      if (!/^https?:\/\//i.test(value)) return { kind: 'urlScheme' };
      // A user:pass@ in the address would be stored in plain text; it belongs in a secret field.
      return USER_INFO.test(value) ? { kind: 'urlCredentials' } : null;
    }
    case 'select': {
      const values = spec.options?.map((o) => o.value) ?? [];
      return values.length === 0 || values.includes(value) ? null : { kind: 'option', options: values };
    }
    case 'datetime':
      return parseIsoInstant(value) === null ? { kind: 'datetime' } : null;
    case 'text':
      return null;
  }
}
