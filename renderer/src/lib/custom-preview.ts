import { fillTemplate } from '../../../shared/custom-provider';

/**
 * The editor's live preview: a request template resolved the way the engine resolves it
 * (electron/core/providers/custom/template.ts, http/client.ts), with sample values. Secrets never
 * show: every secret field and `{{token}}` is `••••`, whatever value the sample holds.
 */

/** What a secret or the token shows as. */
export const MASK = '••••';

/** One field as the preview needs it. */
export interface PreviewField {
  name: string;
  secret: boolean;
  default?: string;
  /** `integer`: a JSON body string that is exactly this field's placeholder goes out as a number. */
  kind?: string;
}

/** Where placeholder values come from. */
export interface PreviewSample {
  /** Non-secret values (an account's, or typed in); secret values here are masked all the same. */
  values: Readonly<Record<string, string>>;
  /** The sample `{{uuid}}`. */
  uuid: string;
  /** The sample time (epoch ms) for `{{now_ms}}` and `{{now_s}}`. */
  now: number;
}

/** A request as the engine would send it, for showing. */
export interface PreviewRequest {
  method: string;
  url: string;
  /** Header rows; `implied`: added by the HTTP client (the body's type), not by the definition. */
  headers: Array<{ name: string; value: string; implied: boolean }>;
  body: string | null;
}

/** A request template as written (a definition's `request` or `refresh`). */
export interface RequestTemplate {
  method?: unknown;
  url?: unknown;
  headers?: unknown;
  json?: unknown;
  form?: unknown;
}

const UNRESOLVED = (name: string): string => `{{${name}}}`;
/** A string that is one placeholder and nothing else (as the engine's template.ts reads it). */
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

/** What one placeholder shows as; null when there is no sample value (the placeholder stays as written). */
function sampleValue(name: string, fields: readonly PreviewField[], sample: PreviewSample): string | null {
  switch (name) {
    case 'token':
      return MASK;
    case 'uuid':
      return sample.uuid;
    case 'now_ms':
      return String(sample.now);
    case 'now_s':
      return String(Math.floor(sample.now / 1000));
  }
  const field = fields.find((f) => f.name === name);
  if (!field) return null;
  if (field.secret) return MASK;
  const value = sample.values[name] ?? '';
  if (value !== '') return value;
  return field.default !== undefined && field.default !== '' ? field.default : null;
}

/** Percent-encodes `text` with `encode`, leaving masks and unresolved placeholders readable. */
function encodeKeeping(text: string, encode: (part: string) => string): string {
  return text
    .split(/(••••|\{\{[A-Za-z0-9_]+\}\})/)
    .map((part, i) => (i % 2 === 1 ? part : encode(part)))
    .join('');
}

const formEncode = (part: string): string => new URLSearchParams({ x: part }).toString().slice(2);

const strings = (value: unknown): Array<[string, string]> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')
    : [];

/** The request a template resolves to with the sample; URL parts after the base are encoded as the engine does. */
export function previewRequest(template: RequestTemplate, fields: readonly PreviewField[], sample: PreviewSample): PreviewRequest {
  const fill = (text: string): string => fillTemplate(text, (name) => sampleValue(name, fields, sample) ?? UNRESOLVED(name));
  const urlTemplate = typeof template.url === 'string' ? template.url : '';
  const opensWithBase = urlTemplate.trimStart().startsWith('{{');
  const url = fillTemplate(urlTemplate, (name, index) => {
    const value = sampleValue(name, fields, sample);
    if (value === null) return UNRESOLVED(name);
    // As the engine: the opening placeholder is the base and goes in as it is; later ones are encoded.
    return index === 0 && opensWithBase ? value.trim().replace(/\/+$/, '') : encodeKeeping(value, encodeURIComponent);
  });

  const headers = strings(template.headers).map(([name, value]) => ({ name, value: fill(value), implied: false }));
  const has = (name: string): boolean => headers.some((h) => h.name.toLowerCase() === name.toLowerCase());
  let body: string | null = null;
  let contentType: string | null = null;
  if (template.form !== undefined) {
    body = strings(template.form)
      .map(([name, value]) => `${formEncode(name)}=${encodeKeeping(fill(value), formEncode)}`)
      .join('&');
    contentType = 'application/x-www-form-urlencoded';
  } else if (template.json !== undefined) {
    const walk = (value: unknown): unknown => {
      if (typeof value === 'string') {
        // As the engine: an integer field's placeholder alone is sent as a number.
        const whole = WHOLE_PLACEHOLDER.exec(value)?.[1];
        const field = whole === undefined ? undefined : fields.find((f) => f.name === whole && f.kind === 'integer' && !f.secret);
        const text = field ? sampleValue(field.name, fields, sample)?.trim() : undefined;
        if (text !== undefined && /^-?\d{1,15}$/.test(text)) return Number(text);
        return fill(value);
      }
      if (Array.isArray(value)) return value.map(walk);
      if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
      return value;
    };
    body = JSON.stringify(walk(template.json), null, 2);
    contentType = 'application/json';
  }
  if (contentType !== null && !has('content-type')) headers.push({ name: 'Content-Type', value: contentType, implied: true });
  return { method: template.method === 'GET' ? 'GET' : 'POST', url, headers, body };
}
