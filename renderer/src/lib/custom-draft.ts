import { EXPIRY_UNITS } from '../../../shared/custom-provider';

/**
 * The custom-provider editor's form model and its two-way mapping to a definition as written
 * (docs/custom-providers.md). The form keeps what a person edits as text (header rows,
 * a JSON body as text, `equals` as text); `draftToDefinition` turns it into the JSON the engine
 * validates, `definitionToDraft` reads any JSON object back (leniently: the schema judges it).
 */

/** One name/value row (headers, form body); `key` is only React's row identity. */
export interface RowDraft {
  key: number;
  name: string;
  value: string;
}

/** One field of the definition. */
export interface FieldDraft {
  key: number;
  name: string;
  label: string;
  labelZh: string;
  help: string;
  required: boolean;
  secret: boolean;
  kind: 'text' | 'url' | 'integer';
  default: string;
}

/** How a request carries its body. */
export type BodyKind = 'none' | 'json' | 'form';

/** One request template. */
export interface RequestDraft {
  method: 'GET' | 'POST';
  url: string;
  headers: RowDraft[];
  bodyKind: BodyKind;
  /** The JSON body as the person wrote it (may hold placeholders in strings). */
  json: string;
  form: RowDraft[];
}

/** An expiry unit, or '' for "no expiry". */
export type ExpiryUnitDraft = (typeof EXPIRY_UNITS)[number] | '';

/** The whole definition as the form holds it. */
export interface ProviderDraft {
  id: string;
  name: string;
  nameZh: string;
  description: string;
  fields: FieldDraft[];
  request: RequestDraft;
  hasRefresh: boolean;
  refresh: RequestDraft;
  successPath: string;
  /** Written as JSON (`0`, `true`, `"ok"`, `null`); text that is not JSON is a string. */
  successEquals: string;
  tokenPath: string;
  expiryPath: string;
  expiryUnit: ExpiryUnitDraft;
  errorCodePath: string;
  errorMessagePath: string;
}

/** A problem the form finds before the schema can (a JSON body that does not parse), by definition path. */
export interface DraftProblem {
  path: string;
  message: string;
}

let nextKey = 1;
/** A fresh row identity. */
export const rowKey = (): number => nextKey++;

/** An empty header/form row. */
export const emptyRow = (): RowDraft => ({ key: rowKey(), name: '', value: '' });

/** An empty field row (a required, non-secret text field). */
export const emptyField = (): FieldDraft => ({ key: rowKey(), name: '', label: '', labelZh: '', help: '', required: true, secret: false, kind: 'text', default: '' });

const emptyRequest = (): RequestDraft => ({ method: 'POST', url: '', headers: [], bodyKind: 'json', json: '{\n}', form: [] });

/** The draft a new definition starts from: a server address field (labelled in both languages) and its URL. */
export function newDraft(addressLabel: { en: string; zh: string } = { en: 'Server address', zh: '' }): ProviderDraft {
  return {
    id: '',
    name: '',
    nameZh: '',
    description: '',
    fields: [{ ...emptyField(), name: 'baseUrl', label: addressLabel.en, labelZh: addressLabel.zh, kind: 'url' }],
    request: { ...emptyRequest(), url: '{{baseUrl}}/' },
    hasRefresh: false,
    refresh: emptyRequest(),
    successPath: '',
    successEquals: '',
    tokenPath: '',
    expiryPath: '',
    expiryUnit: '',
    errorCodePath: '',
    errorMessagePath: '',
  };
}

/** `equals` as the definition holds it: JSON when the text parses to a plain value, else the text. */
export function parseEquals(text: string): string | number | boolean | null {
  const trimmed = text.trim();
  try {
    const value: unknown = JSON.parse(trimmed);
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  } catch {
    // Not JSON: the person means the text itself.
  }
  return text;
}

/** `equals` as the form shows it: a string that would read as another JSON value keeps its quotes. */
export function equalsText(value: unknown): string {
  if (typeof value === 'string') return parseEquals(value) === value ? value : JSON.stringify(value);
  return value === undefined ? '' : JSON.stringify(value);
}

const rows = (rowsOf: readonly RowDraft[]): Record<string, string> => Object.fromEntries(rowsOf.map((r) => [r.name, r.value]));

/** Rows name object keys: a name given twice would silently drop a row, and a form field needs a name. */
function checkRows(rowsOf: readonly RowDraft[], at: string, problems: DraftProblem[], needName: boolean): void {
  rowsOf.forEach((row, i) => {
    if (needName && row.name === '') problems.push({ path: `${at}.`, message: 'needs a name' });
    else if (rowsOf.findIndex((r) => r.name === row.name) !== i) problems.push({ path: `${at}.${row.name}`, message: `"${row.name}" is given twice` });
  });
}

function requestOf(draft: RequestDraft, at: string, problems: DraftProblem[]): Record<string, unknown> {
  const out: Record<string, unknown> = { method: draft.method, url: draft.url };
  checkRows(draft.headers, `${at}.headers`, problems, false);
  if (draft.headers.length > 0) out.headers = rows(draft.headers);
  if (draft.bodyKind === 'form') {
    checkRows(draft.form, `${at}.form`, problems, true);
    out.form = rows(draft.form);
  }
  if (draft.bodyKind === 'json') {
    try {
      out.json = JSON.parse(draft.json) as unknown;
    } catch (error) {
      problems.push({ path: `${at}.json`, message: `is not valid JSON (${error instanceof Error ? error.message : 'parse error'})` });
    }
  }
  return out;
}

const optional = (text: string): string | undefined => (text.trim() === '' ? undefined : text);

/** The definition a draft stands for, and the problems only the form can see (JSON body text). */
export function draftToDefinition(draft: ProviderDraft): { definition: Record<string, unknown>; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const definition: Record<string, unknown> = { id: draft.id.trim(), name: draft.name };
  if (optional(draft.nameZh) !== undefined) definition.nameZh = draft.nameZh;
  if (optional(draft.description) !== undefined) definition.description = draft.description;
  definition.fields = draft.fields.map((f) => ({
    name: f.name,
    label: f.label,
    ...(optional(f.labelZh) !== undefined ? { labelZh: f.labelZh } : {}),
    ...(optional(f.help) !== undefined ? { help: f.help } : {}),
    required: f.required,
    secret: f.secret,
    kind: f.kind,
    ...(f.default !== '' ? { default: f.default } : {}),
  }));
  definition.request = requestOf(draft.request, 'request', problems);
  if (draft.hasRefresh) definition.refresh = requestOf(draft.refresh, 'refresh', problems);
  if (draft.successPath.trim() !== '' || draft.successEquals.trim() !== '') {
    definition.success = { path: draft.successPath.trim(), equals: parseEquals(draft.successEquals) };
  }
  definition.token = { path: draft.tokenPath.trim() };
  if (draft.expiryUnit !== '') {
    definition.expiry = { ...(draft.expiryPath.trim() !== '' ? { path: draft.expiryPath.trim() } : {}), unit: draft.expiryUnit };
  }
  const code = optional(draft.errorCodePath);
  const message = optional(draft.errorMessagePath);
  if (code !== undefined || message !== undefined) {
    definition.error = { ...(code !== undefined ? { codePath: code.trim() } : {}), ...(message !== undefined ? { messagePath: message.trim() } : {}) };
  }
  return { definition, problems };
}

const objectOf = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');
const rowsFrom = (value: unknown): RowDraft[] => Object.entries(objectOf(value)).map(([name, v]) => ({ key: rowKey(), name, value: text(v) }));

function requestFrom(value: unknown): RequestDraft {
  const r = objectOf(value);
  const bodyKind: BodyKind = r.json !== undefined ? 'json' : r.form !== undefined ? 'form' : 'none';
  return {
    method: r.method === 'GET' ? 'GET' : 'POST',
    url: text(r.url),
    headers: rowsFrom(r.headers),
    bodyKind,
    json: r.json !== undefined ? JSON.stringify(r.json, null, 2) : '{\n}',
    form: rowsFrom(r.form),
  };
}

/** A draft from any JSON value (an imported file, the JSON view, a stored definition); what it lacks stays empty. */
export function definitionToDraft(value: unknown): ProviderDraft {
  const d = objectOf(value);
  const success = objectOf(d.success);
  const expiry = objectOf(d.expiry);
  const error = objectOf(d.error);
  const unit = (EXPIRY_UNITS as readonly string[]).includes(text(expiry.unit)) ? (text(expiry.unit) as ExpiryUnitDraft) : '';
  return {
    id: text(d.id),
    name: text(d.name),
    nameZh: text(d.nameZh),
    description: text(d.description),
    fields: (Array.isArray(d.fields) ? d.fields : []).map((raw) => {
      const f = objectOf(raw);
      const kind = f.kind === 'url' || f.kind === 'integer' ? f.kind : 'text';
      return { key: rowKey(), name: text(f.name), label: text(f.label), labelZh: text(f.labelZh), help: text(f.help), required: f.required === true, secret: f.secret === true, kind, default: text(f.default) };
    }),
    request: requestFrom(d.request),
    hasRefresh: d.refresh !== undefined,
    refresh: d.refresh !== undefined ? requestFrom(d.refresh) : emptyRequest(),
    successPath: text(success.path),
    successEquals: d.success !== undefined ? equalsText(success.equals) : '',
    tokenPath: text(objectOf(d.token).path),
    expiryPath: text(expiry.path),
    expiryUnit: unit,
    errorCodePath: text(error.codePath),
    errorMessagePath: text(error.messagePath),
  };
}

/** Moves item `from` of a list to `to` (a new array; out-of-range moves change nothing). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}
