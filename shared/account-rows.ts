import { z } from 'zod';
import type { FieldProblem } from './field-rules';

/**
 * Several new accounts of one provider at once, from a CSV file (a header row of field names plus `name`
 * and `env`) or a JSON array of objects: what `tokendesk add --from` and the window's "Add several…"
 * read. Every row is checked as `add` checks what is typed; one problem refuses the whole file.
 */

/** The largest file of accounts read (characters). */
export const MAX_ROWS_TEXT = 4 * 1024 * 1024;
/** The most accounts one file adds. */
export const MAX_ROWS = 5_000;

/** The columns every file may have besides the provider's fields. */
export const ROW_COLUMNS = ['name', 'env'] as const;

const FieldProblemSchema: z.ZodType<FieldProblem> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('required') }),
  z.object({ kind: z.literal('integer') }),
  z.object({ kind: z.literal('range'), min: z.number().optional(), max: z.number().optional() }),
  z.object({ kind: z.literal('url') }),
  z.object({ kind: z.literal('urlScheme') }),
  z.object({ kind: z.literal('urlCredentials') }),
  z.object({ kind: z.literal('option'), options: z.array(z.string()) }),
  z.object({ kind: z.literal('datetime') }),
]) as z.ZodType<FieldProblem>;

/**
 * Why a row (or the file) is refused. `syntax`: not CSV / JSON as expected; `shape`: a row of another
 * length than the header, or a JSON entry that is not an object; `unknownColumn` / `duplicateColumn`:
 * in the header; `notText`: a JSON value that is not text; `name` / `env`: the account's name or
 * environment as the form refuses it; `nameLikeId`: a name shaped like an account id (refused on add); `value`: a field's value (`field` says why); `crossField`: the
 * provider's rule across fields; `empty`: no rows; `tooMany`: more rows than one file may add.
 */
export const ROW_PROBLEM_KINDS = ['syntax', 'shape', 'unknownColumn', 'duplicateColumn', 'notText', 'name', 'nameLikeId', 'env', 'value', 'crossField', 'empty', 'tooMany'] as const;

/** One problem, where it is: the line (1-based) and the column (null: the row or the file as a whole). */
export const RowProblemSchema = z.object({
  line: z.number().int().min(0),
  column: z.string().max(200).nullable(),
  kind: z.enum(ROW_PROBLEM_KINDS),
  field: FieldProblemSchema.optional(),
  /** In English, as the CLI prints it; never a value of the row. */
  text: z.string().max(2000),
});
/** One problem of a file of accounts. */
export type RowProblem = z.infer<typeof RowProblemSchema>;

/** What the file holds, as a table, and every problem. Secret cells are masked. */
export const AccountRowsPreviewSchema = z.object({
  format: z.enum(['csv', 'json']),
  columns: z.array(z.string().max(200)),
  secretColumns: z.array(z.string().max(200)),
  rows: z.array(z.object({ line: z.number().int(), cells: z.record(z.string(), z.string()) })),
  problems: z.array(RowProblemSchema),
});
/** What a file of accounts holds, and every problem. */
export type AccountRowsPreview = z.infer<typeof AccountRowsPreviewSchema>;

/** A problem as the CLI words it: `line 4, column baseUrl: must be a URL …`. */
export function rowProblemText(problem: RowProblem): string {
  const where = problem.line === 0 ? 'the file' : `line ${problem.line}`;
  return `${where}${problem.column !== null ? `, column ${problem.column}` : ''}: ${problem.text}`;
}

/** How many problems a refusal lists before "and N more". */
const LISTED = 20;

/** Why a file of accounts was refused, every problem by line and column (the first 20). */
export function refusedRowsText(problems: readonly RowProblem[]): string {
  const listed = problems.slice(0, LISTED).map(rowProblemText).join('; ');
  const more = problems.length > LISTED ? ` (and ${problems.length - LISTED} more)` : '';
  return `No account was added: ${listed}${more}. Correct the file and try again.`;
}
