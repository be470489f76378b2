import { z } from 'zod';

/**
 * What importing a bundle would do, and did (README, "Moving a vault"). A bundle adds what this vault
 * lacks; an account or custom provider already here is changed only when the person names it. Its
 * timestamps decide nothing. A difference says what differs without any secret value.
 */

/** The parts of a custom provider's definition or of an account that a difference can name. */
export const DIFFERENCE_PARTS = [
  // A custom provider's definition.
  'displayName',
  'origin',
  'path',
  'method',
  'fields',
  'secretFields',
  'otherParts',
  'unverified',
  // An account.
  'provider',
  'address',
  'field',
  'name',
  'env',
  'secrets',
  'token',
  'autoRefresh',
  'damaged',
] as const;

/**
 * One difference between this vault's copy (`ours`) and the bundle's (`theirs`). `where` names the
 * request (`request`, `refresh`) or the field; `ours`/`theirs` are non-secret text, or null where the
 * value is secret (secrets, token) or absent.
 */
export const ImportDifferenceSchema = z.object({
  part: z.enum(DIFFERENCE_PARTS),
  where: z.string().nullable(),
  ours: z.string().nullable(),
  theirs: z.string().nullable(),
});
/** One difference between this vault's copy and the bundle's. */
export type ImportDifference = z.infer<typeof ImportDifferenceSchema>;

/** An account or a custom provider's definition: which one the person means. */
export const ImportChoiceSchema = z.object({ kind: z.enum(['account', 'provider']), id: z.string().min(1).max(200) });
/** Which item to take from the bundle. */
export type ImportChoice = z.infer<typeof ImportChoiceSchema>;

/**
 * One account or custom provider (`provider` is then its own id) of an opened bundle: `new` (not here),
 * `same` (here and identical), or `differs` (here, different: `differences` says how).
 */
export const ImportItemSchema = ImportChoiceSchema.extend({
  name: z.string(),
  provider: z.string(),
  status: z.enum(['new', 'same', 'differs']),
  differences: z.array(ImportDifferenceSchema),
});
/** One account or custom provider of an opened bundle. */
export type ImportItem = z.infer<typeof ImportItemSchema>;

/**
 * What an import did with one item: `added`, `unchanged` (the same here already), `replaced` (it
 * differed and the person chose the bundle's copy) or `kept` (it differs; this vault's copy stays).
 */
export const ImportOutcomeSchema = ImportChoiceSchema.extend({
  name: z.string(),
  provider: z.string(),
  action: z.enum(['added', 'unchanged', 'replaced', 'kept']),
  differences: z.array(ImportDifferenceSchema),
});
/** What an import did with one item. */
export type ImportOutcome = z.infer<typeof ImportOutcomeSchema>;

/** The account field an `origin` difference comes from (`{{baseUrl}}` → `baseUrl`), or null for a fixed origin. */
export function originField(origin: string | null): string | null {
  return /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/.exec(origin ?? '')?.[1] ?? null;
}

/** The key of an item or choice (an account and a custom provider may share an id's text). */
export function choiceKey(choice: ImportChoice): string {
  return `${choice.kind}:${choice.id}`;
}
