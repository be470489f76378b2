import { MAX_ROWS, refusedRowsText, ROW_COLUMNS, type AccountRowsPreview, type RowProblem } from '../../../shared/account-rows';
import { idShapedNameProblem, looksLikeAccountId } from '../../../shared/account-names';
import { parseCsv, withoutBom } from '../../../shared/csv';
import { AccountCreateSchema } from '../../../shared/account-input';
import { TokenDeskError } from '../errors';
import { valuesProblems } from '../providers/registry';
import type { Provider } from '../providers/types';
import type { CreateInput } from './account-input';

/** A file of accounts read as a table: column names, and each row's cells with the line it starts on. */
interface Table {
  format: 'csv' | 'json';
  columns: string[];
  /** Where each column is first named: the header (CSV), or the first entry with that key (JSON). */
  columnLines: Record<string, number>;
  rows: Array<{ line: number; cells: Record<string, string> }>;
  problems: RowProblem[];
}

const problem = (line: number, column: string | null, kind: RowProblem['kind'], text: string): RowProblem => ({ line, column, kind, text });

function readCsv(text: string): Table {
  const table: Table = { format: 'csv', columns: [], columnLines: {}, rows: [], problems: [] };
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    table.problems.push(problem(parsed.line, null, 'syntax', `not CSV as expected: ${parsed.problem}`));
    return table;
  }
  const [header, ...records] = parsed.records;
  if (!header) return table;
  table.columns = header.cells.map((cell) => cell.trim());
  for (const column of table.columns) table.columnLines[column] ??= header.line;
  for (const record of records) {
    if (record.cells.length !== table.columns.length) {
      table.problems.push(problem(record.line, null, 'shape', `the row has ${record.cells.length} cells but the header names ${table.columns.length} columns`));
      continue;
    }
    table.rows.push({ line: record.line, cells: Object.fromEntries(table.columns.map((column, i) => [column, record.cells[i] ?? ''])) });
  }
  return table;
}

/** The line (1-based) each top-level element of a JSON array starts on; JSON.parse does not say. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectElement = false;
  for (const ch of text) {
    if (ch === '\n') line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') continue;
    if (depth === 1 && ch === ',') {
      expectElement = true;
      continue;
    }
    if (depth === 1 && expectElement && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth += 1;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth -= 1;
  }
  return lines;
}

function readJson(text: string): Table {
  const table: Table = { format: 'json', columns: [], columnLines: {}, rows: [], problems: [] };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    table.problems.push(problem(0, null, 'syntax', `not valid JSON: ${(error as Error).message}`));
    return table;
  }
  if (!Array.isArray(value)) {
    table.problems.push(problem(0, null, 'syntax', 'a JSON file of accounts must be an array of objects, [{"name": …}, …]'));
    return table;
  }
  const lines = elementLines(text);
  value.forEach((entry: unknown, index) => {
    const line = lines[index] ?? 0;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      table.problems.push(problem(line, null, 'shape', `entry ${index + 1} is not an object of field names and values`));
      return;
    }
    const cells: Record<string, string> = {};
    for (const [key, raw] of Object.entries(entry)) {
      if (!table.columns.includes(key)) {
        table.columns.push(key);
        table.columnLines[key] = line;
      }
      if (typeof raw === 'string') cells[key] = raw;
      else if (typeof raw === 'number' && Number.isFinite(raw)) cells[key] = String(raw);
      else if (raw === null) cells[key] = '';
      else table.problems.push(problem(line, key, 'notText', 'must be text (or a number)'));
    }
    table.rows.push({ line, cells });
  });
  return table;
}

/** The file as a table: a JSON array when it starts with `[`, else CSV. */
function readTable(text: string): Table {
  const source = withoutBom(text);
  return source.trimStart().startsWith('[') ? readJson(source) : readCsv(source);
}

/** Header problems: a column that is neither `name`, `env` nor one of the provider's fields, or twice. */
function columnProblems(provider: Provider, table: Table): RowProblem[] {
  const known = [...ROW_COLUMNS, ...provider.info.fields.map((f) => f.name)];
  const problems: RowProblem[] = [];
  table.columns.forEach((column, i) => {
    const line = table.columnLines[column] ?? 0;
    if (table.columns.indexOf(column) !== i) problems.push(problem(line, column, 'duplicateColumn', 'this column is named twice'));
    else if (!known.includes(column)) {
      problems.push(problem(line, column, 'unknownColumn', `${provider.info.displayName.en} accounts have no field "${column}" (columns: ${known.join(', ')})`));
    }
  });
  if (table.columns.length > 0 && !table.columns.includes('name')) {
    problems.push(problem(table.format === 'csv' ? 1 : 0, null, 'name', 'a column "name" is needed: every account has a name'));
  }
  return problems;
}

/** One row as `add` would receive it: name, environment and the field values that are set. */
function rowInput(provider: Provider, cells: Record<string, string>, autoRefresh: boolean | undefined): CreateInput {
  const fields = new Set(provider.info.fields.map((f) => f.name));
  const values = Object.fromEntries(Object.entries(cells).filter(([column, value]) => fields.has(column) && value !== ''));
  return { provider: provider.info.id, name: cells.name ?? '', env: cells.env ?? '', values, autoRefresh };
}

/** A row checked as `add` checks what is typed: the create schema (name, environment), then the field rules. */
function rowProblems(provider: Provider, line: number, input: CreateInput): RowProblem[] {
  const problems: RowProblem[] = [];
  const parsed = AccountCreateSchema.safeParse(input);
  // The rule `create` applies after the schema (account-input.ts checkAccountName).
  if (parsed.success && looksLikeAccountId(parsed.data.name)) problems.push(problem(line, 'name', 'nameLikeId', idShapedNameProblem(parsed.data.name)));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, key] = issue.path;
      if (head === 'name' || head === 'env') problems.push(problem(line, head, head, issue.message));
      else problems.push(problem(line, typeof key === 'string' ? key : null, 'value', issue.message));
    }
  }
  for (const found of valuesProblems(provider, input.values)) {
    if (found.kind === 'value') problems.push({ line, column: found.field, kind: 'value', field: found.problem, text: found.why });
    else if (found.kind === 'crossField') problems.push(problem(line, null, 'crossField', found.text));
  }
  return problems;
}

/** Reads and checks every row: the accounts to create, and every problem (by line). */
function checkRows(provider: Provider, text: string, autoRefresh?: boolean): { table: Table; inputs: CreateInput[]; problems: RowProblem[] } {
  const table = readTable(text);
  const problems = [...table.problems];
  const inputs: CreateInput[] = [];
  if (problems.some((p) => p.kind === 'syntax')) return { table, inputs, problems };
  problems.push(...columnProblems(provider, table));
  if (table.rows.length === 0 && problems.length === 0) problems.push(problem(0, null, 'empty', 'there are no accounts in it (a header row, then one row per account)'));
  if (table.rows.length > MAX_ROWS) problems.push(problem(0, null, 'tooMany', `it holds ${table.rows.length} accounts; one file adds at most ${MAX_ROWS}`));
  for (const row of table.rows) {
    const input = rowInput(provider, row.cells, autoRefresh);
    problems.push(...rowProblems(provider, row.line, input));
    inputs.push(input);
  }
  problems.sort((a, b) => a.line - b.line);
  return { table, inputs, problems };
}

const MASK = '••••••';

/** What the file holds (secret cells masked) and every problem, for the window's preview. */
export function previewRows(provider: Provider, text: string): AccountRowsPreview {
  const { table, problems } = checkRows(provider, text);
  const secret = new Set(provider.info.fields.filter((f) => f.secret).map((f) => f.name));
  return {
    format: table.format,
    columns: table.columns,
    secretColumns: table.columns.filter((c) => secret.has(c)),
    rows: table.rows.map((row) => ({
      line: row.line,
      cells: Object.fromEntries(Object.entries(row.cells).map(([column, value]) => [column, secret.has(column) && value !== '' ? MASK : value])),
    })),
    problems,
  };
}

/** The accounts of a file whose every row passes; else `invalid_input` naming each problem's line and column. */
export function acceptedRows(provider: Provider, text: string, autoRefresh?: boolean): CreateInput[] {
  const { inputs, problems } = checkRows(provider, text, autoRefresh);
  if (problems.length === 0) return inputs;
  throw new TokenDeskError('invalid_input', refusedRowsText(problems));
}
