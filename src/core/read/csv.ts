// Comma-separated files (RFC 4180): fields in double quotes may hold commas, line breaks and "" for a
// quote; records end at CRLF, LF or CR. psql's `\copy (...) to 'f.csv' csv header` and spreadsheet
// exports write this (a semicolon instead of the comma when the header has no comma: Excel and DBeaver
// in decimal-comma locales, whose numbers are then read with a decimal comma). A quote left open or text after a closing quote is an error naming the line
// and column; then ./table.ts reads the cells (any header; the headerless layouts of TSV too).
import type { Diagnostic } from '../types';
import { LineIndex } from './positions';
import { hasTextColumn, isHeaderRow, readTableRows, type Cell, type TableRead, type TableRow } from './table';

export type CsvParse = { ok: true; rows: TableRow[] } | { ok: false; diagnostic: Diagnostic };

/** Splits CSV into rows of cells with their offsets; stops at `maxRows` (for sniffing). */
export function parseCsv(text: string, lines: LineIndex, opts: { file?: string; maxRows?: number; delimiter?: string } = {}): CsvParse {
  const d = opts.delimiter ?? ',';
  const rows: TableRow[] = [];
  const maxRows = opts.maxRows ?? Infinity;
  let i = 0;
  const n = text.length;
  const fail = (offset: number, what: string): CsvParse => {
    const at = lines.human(offset);
    return {
      ok: false,
      diagnostic: {
        severity: 'error',
        message: `${opts.file ?? 'The input'} is not valid CSV at line ${at.line}, column ${at.column}: ${what}.`,
        hint: 'Fields holding commas, quotes or line breaks must be in double quotes, with each quote inside doubled ("say ""hi""").',
        file: opts.file, line: at.line, column: at.column,
      },
    };
  };
  while (i < n && rows.length < maxRows) {
    const rowStart = i;
    const cells: Cell[] = [];
    for (;;) {
      if (text[i] === '"') {
        const open = i;
        let value = '';
        let from = i + 1;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) return fail(open, 'a quoted field is never closed (expected a closing double quote)');
          if (text[q + 1] === '"') {
            value += text.slice(from, q + 1);
            i = q + 2;
            from = i;
            continue;
          }
          value += text.slice(from, q);
          cells.push({ value, start: open + 1, end: q });
          i = q + 1;
          break;
        }
        const c = text[i];
        if (i < n && c !== d && c !== '\n' && c !== '\r') return fail(i, `expected "${d}" or the end of the line after a closing quote, found ${JSON.stringify(c)}`);
      } else {
        let j = i;
        while (j < n && text[j] !== d && text[j] !== '\n' && text[j] !== '\r') j++;
        cells.push({ value: text.slice(i, j), start: i, end: j });
        i = j;
      }
      if (i < n && text[i] === d) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (i < n) i++;
    // Blank lines are not records.
    if (!(cells.length === 1 && cells[0].value.trim() === '' && text[rowStart] !== '"')) rows.push({ line: lines.lineOf(rowStart), cells });
  }
  return { ok: true, rows };
}

/**
 * CSV without a .csv name (standard input, .txt): the first record is a header of two or more
 * identifiers (as psql and most tools write), nine in ten of the next records have as many fields, and
 * one column is a text (by name, or sentences).
 */
export function looksLikeCsv(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  const firstLine = head.split(/\r\n|\r|\n/, 1)[0];
  const delimiter = sniffDelimiter(head);
  if (!firstLine.includes(delimiter)) return false;
  const parsed = parseCsv(head, new LineIndex(head), { maxRows: 51, delimiter });
  if (!parsed.ok || parsed.rows.length < 2) return false;
  const [header, ...rest] = parsed.rows;
  if (!isHeaderRow(header.cells.map((c) => c.value), parsed.rows.length, true)) return false;
  const sample = rest.slice(0, rest.length === 50 ? 49 : rest.length); // the 51st may be cut by the 64 KB slice
  if (sample.filter((r) => r.cells.length === header.cells.length).length / Math.max(1, sample.length) < 0.9) return false;
  // A table without texts (name,age) is not retrieval results: left to the text reader.
  return hasTextColumn(header.cells.map((c) => c.value), sample);
}

/** Separators outside quotes on the first line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The separator: a comma, or a semicolon when the header has semicolons and no comma outside quotes
 * (Excel and DBeaver in locales whose decimal mark is a comma write `id;content;0,42`).
 */
export function sniffDelimiter(text: string): ',' | ';' {
  const first = text.slice(0, 64 * 1024).split(/\r\n|\r|\n/, 1)[0];
  return countOutsideQuotes(first, ';') > 0 && countOutsideQuotes(first, ',') === 0 ? ';' : ',';
}

const DECIMAL_COMMA = /^\s*-?\d+,\d+\s*$/;

export function readCsv(text: string, opts: { file?: string; lines?: LineIndex; originLineShift?: number } = {}): TableRead {
  const lines = opts.lines ?? new LineIndex(text);
  const delimiter = sniffDelimiter(text);
  const parsed = parseCsv(text, lines, { file: opts.file, delimiter });
  if (!parsed.ok) return { sets: [], diagnostics: [parsed.diagnostic] };
  const notes: Diagnostic[] = [];
  if (delimiter === ';') {
    // Numbers there have a decimal comma: 0,1351 is 0.1351.
    let decimals = 0;
    for (const r of parsed.rows.slice(1)) {
      for (const c of r.cells) {
        if (DECIMAL_COMMA.test(c.value)) {
          c.value = c.value.replace(',', '.');
          decimals++;
        }
      }
    }
    notes.push({
      severity: 'info',
      message: `${opts.file ?? 'The input'} separates its fields with semicolons (its header has no comma)${decimals > 0 ? `; read ${decimals} number${decimals === 1 ? '' : 's'} with a decimal comma (0,5 = 0.5)` : ''}.`,
      file: opts.file,
    });
  }
  const r = readTableRows(parsed.rows, { file: opts.file, lines, dialect: 'csv', originLineShift: opts.originLineShift });
  r.diagnostics.unshift(...notes);
  return r;
}
