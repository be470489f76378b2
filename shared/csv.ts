/**
 * CSV as RFC 4180 writes it: comma-separated fields, a field in double quotes may hold commas, line
 * breaks and doubled quotes (""), records end at CRLF or LF. A UTF-8 byte order mark before the first
 * record is dropped (spreadsheets write one). Small and without dependencies: it reads a file of
 * accounts (`tokendesk add --from`, the window's "Add several…"), not arbitrary data.
 */

/** One record and the line (1-based) it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The records, or where and why the text is not CSV. */
export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; problem: string };

/** Drops a leading byte order mark. */
export const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Parses `text`; lines with nothing on them are skipped (a trailing newline, a blank line between rows). */
export function parseCsv(text: string): CsvResult {
  const source = withoutBom(text);
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < source.length) {
    const start = line;
    const cells: string[] = [];
    let blank = true;
    // One record: fields until a line break outside quotes, or the end.
    for (;;) {
      let cell = '';
      if (source[i] === '"') {
        blank = false;
        const opened = line;
        i += 1;
        for (;;) {
          if (i >= source.length) return { ok: false, line: opened, problem: 'a quoted field is never closed (a " is missing)' };
          const ch = source[i] as string;
          if (ch === '"') {
            if (source[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (ch === '\n' || (ch === '\r' && source[i + 1] !== '\n')) line += 1;
          cell += ch;
          i += 1;
        }
        const after = source[i];
        if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
          return { ok: false, line, problem: 'after a closing quote only a comma or the end of the line may follow (write a quote inside a quoted field as "")' };
        }
      } else {
        while (i < source.length && source[i] !== ',' && source[i] !== '\n' && source[i] !== '\r') {
          cell += source[i];
          i += 1;
        }
        if (cell !== '') blank = false;
      }
      cells.push(cell);
      if (source[i] === ',') {
        blank = false;
        i += 1;
        continue;
      }
      break;
    }
    // The line break that ends the record: CRLF, LF or a lone CR.
    if (source[i] === '\r') i += source[i + 1] === '\n' ? 2 : 1;
    else if (source[i] === '\n') i += 1;
    line += 1;
    if (!blank) records.push({ line: start, cells });
  }
  return { ok: true, records };
}
