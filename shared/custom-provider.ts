import { z } from 'zod';
import { CUSTOM_PROVIDER_ID, isBuiltinProviderId } from './providers';

/**
 * A custom provider: a token API declared as data (docs/custom-providers.md). The engine's
 * generic provider (electron/core/providers/custom/) runs a definition that parsed with this schema.
 */

/** Placeholders every template may use besides the account's field names. */
export const BUILTIN_PLACEHOLDERS = ['token', 'uuid', 'now_ms', 'now_s'] as const;

/** How an expiry value is read. */
export const EXPIRY_UNITS = ['duration-seconds', 'duration-ms', 'epoch-seconds', 'epoch-ms', 'iso8601', 'jwt'] as const;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** A dot path with array indexes: `data.items.0.token`. */
const PathSchema = z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dot path such as data.token or data.items.0.token');

const FieldSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'letters, digits and _, starting with a letter'),
  label: z.string().trim().min(1).max(80),
  /** The label in Chinese; the English one is used when absent. */
  labelZh: z.string().trim().min(1).max(80).optional(),
  help: z.string().max(300).optional(),
  required: z.boolean().default(false),
  secret: z.boolean().default(false),
  kind: z.enum(['text', 'url', 'integer']).default('text'),
  default: z.string().max(2048).optional(),
});

/** A JSON body template: strings may hold placeholders; numbers, booleans, null, arrays and objects are sent as they are. */
type JsonTemplate = string | number | boolean | null | JsonTemplate[] | { [key: string]: JsonTemplate };
const JsonTemplateSchema: z.ZodType<JsonTemplate> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonTemplateSchema), z.record(z.string(), JsonTemplateSchema)]),
);

const RequestSchema = z
  .strictObject({
    method: z.enum(['GET', 'POST']).default('POST'),
    url: z.string().min(1).max(2048),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name'), z.string().max(4096)).default({}),
    json: JsonTemplateSchema.optional(),
    form: z.record(z.string(), z.string()).optional(),
  })
  .refine((r) => r.json === undefined || r.form === undefined, { message: 'give a json body or a form body, not both' })
  .refine((r) => r.method === 'POST' || (r.json === undefined && r.form === undefined), { message: 'a GET request has no body' });

/** A custom provider's definition. */
export const CustomProviderSchema = z
  .strictObject({
    id: z
      .string()
      .regex(CUSTOM_PROVIDER_ID, 'lower-case letters, digits and -, 2 to 40 characters, starting with a letter')
      .refine((id) => !isBuiltinProviderId(id), { message: 'is a built-in provider id; choose another' }),
    name: z.string().trim().min(1).max(80),
    nameZh: z.string().trim().min(1).max(80).optional(),
    description: z.string().max(300).optional(),
    fields: z.array(FieldSchema).min(1).max(30),
    request: RequestSchema,
    /** Used while the token is valid (may use {{token}}); on failure the engine falls back to `request` once. */
    refresh: RequestSchema.optional(),
    /** Absent: any 2xx answer is a success. */
    success: z.strictObject({ path: PathSchema, equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }).optional(),
    token: z.strictObject({ path: PathSchema }),
    /** Absent: the expiry is unknown (or, for a JWT token, use unit `jwt`). */
    expiry: z.strictObject({ path: PathSchema.optional(), unit: z.enum(EXPIRY_UNITS) }).refine((e) => e.unit === 'jwt' || e.path !== undefined, {
      message: 'needs a path unless the unit is jwt',
    }).optional(),
    error: z.strictObject({ codePath: PathSchema.optional(), messagePath: PathSchema.optional() }).optional(),
  })
  .superRefine((def, ctx) => {
    const names = def.fields.map((f) => f.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: `"${name}" is declared twice` });
      if ((BUILTIN_PLACEHOLDERS as readonly string[]).includes(name)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'name'], message: `"${name}" is a built-in placeholder; choose another name` });
    });
    const known = new Set<string>([...names, ...BUILTIN_PLACEHOLDERS]);
    for (const key of ['request', 'refresh'] as const) {
      const request = def[key];
      if (!request) continue;
      for (const [path, text] of templateStrings(request)) {
        for (const match of text.matchAll(PLACEHOLDER)) {
          const name = match[1] ?? '';
          if (!known.has(name)) ctx.addIssue({ code: 'custom', path: [key, ...path], message: `{{${name}}} is neither a field nor one of ${BUILTIN_PLACEHOLDERS.join(', ')}` });
          if (name === 'token' && key === 'request') ctx.addIssue({ code: 'custom', path: [key, ...path], message: '{{token}} belongs in the refresh request: the first request runs before there is a token' });
        }
      }
    }
  });
/** A custom provider's definition (after defaults). */
export type CustomProvider = z.output<typeof CustomProviderSchema>;
/** A custom provider's definition as written. */
export type CustomProviderInput = z.input<typeof CustomProviderSchema>;
/** One request of a definition. */
export type CustomRequest = CustomProvider['request'];

/** Every string of a request template with its path (url, headers, body). */
export function templateStrings(request: z.input<typeof RequestSchema>): Array<[Array<string | number>, string]> {
  const out: Array<[Array<string | number>, string]> = [[['url'], request.url]];
  for (const [name, value] of Object.entries(request.headers ?? {})) out.push([['headers', name], value]);
  for (const [name, value] of Object.entries(request.form ?? {})) out.push([['form', name], value]);
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === 'string') out.push([path, value]);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  if (request.json !== undefined) walk(request.json, ['json']);
  return out;
}

/** The placeholders of one template string, in order. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Replaces each placeholder of `text` with `value(name)`. */
export function fillTemplate(text: string, value: (name: string, index: number) => string): string {
  let index = 0;
  return text.replace(PLACEHOLDER, (_whole, name: string) => value(name, index++));
}

/**
 * Parses a definition; a problem names the field at fault (`request.url: …`), as the CLI and the
 * editor show it.
 */
export function parseCustomProvider(value: unknown): { ok: true; definition: CustomProvider } | { ok: false; problem: string } {
  const parsed = CustomProviderSchema.safeParse(value);
  if (parsed.success) return { ok: true, definition: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'definition';
  return { ok: false, problem: `${where}: ${issue?.message ?? 'is not valid'}` };
}
