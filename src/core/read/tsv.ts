// Tab-separated files: split into cells here, read by ./table.ts (header with any column names, or the
// headerless layouts: query/passage, MS MARCO qid/pid/query/passage, pid/passage, query/passage/score).
// Cells are not quoted (MS MARCO texts hold quotes freely); psql's `\N` is an empty value. Backslash
// escapes (`\n`, `\t`, `\\`, octal, hex) are decoded only in a PostgreSQL COPY text export (./copyText.ts):
// a file with a `\N` cell, a `\.` end line or a `COPY ... FROM stdin;` line, and no backslash COPY never
// writes. Elsewhere a backslash is literal; when the file has COPY-like escapes but no such mark, a note
// says which rule applied. The footer psql prints in unaligned mode ("(3 rows)") is dropped with a note.
// TREC runs and qrels are whitespace tables too; index.ts checks for them first.
import type { Diagnostic } from '../types';
import { copyEvidence, decodeCopyCell, type BackslashRule } from './copyText';
import { LineIndex } from './positions';
import { readTableRows, type TableRead, type TableRow } from './table';

export type TsvRead = TableRead;

const PSQL_FOOTER = /^\(\d+ rows?\)$/;
/** A whole cell in quotes with its inner quotes doubled, at least one: only a writer quoting like Excel
 *  makes that (a text merely starting and ending with a quote has no doubled ones). */
const EXCEL_QUOTED = /^"(?:[^"]|"")*""(?:[^"]|"")*"$/;
const COPY_LINE = /^COPY\s+\S.*\s+FROM\s+stdin\s*;?\s*$/i;

export interface TsvOptions {
  file?: string;
  lines?: LineIndex;
  originLineShift?: number;
  /** Backslashes: decoded as COPY text format, or literal; default: decided from the file (see top). */
  backslashes?: BackslashRule;
}

/**
 * Tab-separated: the first line has a tab and so do at least two thirds of the first lines (so a
 * table with a broken row is still read as a table, and the row reported), or nine in ten of them.
 */
export function looksLikeTsv(text: string): boolean {
  // COPY framing (a `COPY ... FROM stdin;` line, the `\.` end line) is not a row.
  const lines = text.split(/\r\n|\r|\n/, 100).filter((l) => l.trim() !== '' && l !== '\\.' && !COPY_LINE.test(l.trim()));
  if (lines.length === 0) return false;
  const tabbed = lines.filter((l) => l.includes('\t')).length;
  return tabbed / lines.length >= 0.9 || (lines[0].includes('\t') && tabbed / lines.length >= 2 / 3);
}

export function readTsv(text: string, opts: TsvOptions = {}): TsvRead {
  const lines = opts.lines ?? new LineIndex(text);
  const rows: TableRow[] = [];
  const notes: Diagnostic[] = [];
  const excelQuoted: number[] = [];
  for (let l = 0; l < lines.lineCount; l++) {
    const start = lines.lineStart(l);
    const raw = text.slice(start, lines.lineEnd(l));
    if (raw.trim() === '') continue;
    let at = start;
    const cells = raw.split('\t').map((value) => {
      const cell = { value, start: at, end: at + value.length };
      at += value.length + 1;
      // Excel's "Unicode Text" / "Text (Tab delimited)" quotes a cell holding a quote: "say ""hi""".
      if (EXCEL_QUOTED.test(value)) {
        excelQuoted.push(l);
        return { value: value.slice(1, -1).replace(/""/g, '"'), start: cell.start + 1, end: cell.end - 1 };
      }
      return cell;
    });
    rows.push({ line: l, cells });
  }
  if (excelQuoted.length > 0) {
    const first = lines.base.line + excelQuoted[0] + 1;
    notes.push({ severity: 'info', message: `${excelQuoted.length} cell${excelQuoted.length === 1 ? '' : 's'} of ${opts.file ?? 'the input'} ${excelQuoted.length === 1 ? 'is' : 'are'} quoted with doubled inner quotes, as Excel writes tab-separated text (first on line ${first}): removed the outer quotes and read "" as ".`, file: opts.file, line: first, column: 1 });
  }
  const last = rows[rows.length - 1];
  if (rows.length > 1 && last.cells.length === 1 && PSQL_FOOTER.test(last.cells[0].value.trim())) {
    rows.pop();
    notes.push({ severity: 'info', message: `Dropped psql's row count footer "${last.cells[0].value.trim()}" (line ${lines.base.line + last.line + 1}).`, file: opts.file, line: lines.base.line + last.line + 1, column: 1 });
  }
  const shown = (row: TableRow) => lines.base.line + row.line + 1;
  const name = opts.file ?? 'The input';
  let copyMark: string | undefined;
  // pg_dump / COPY TO STDOUT framing: `COPY t (a, b) FROM stdin;` before the rows, `\.` after them.
  if (rows.length > 1 && rows[0].cells.length === 1 && COPY_LINE.test(rows[0].cells[0].value.trim())) {
    const first = rows.shift()!;
    copyMark = `the line "${first.cells[0].value.trim()}"`;
    notes.push({ severity: 'info', message: `Skipped line ${shown(first)}${opts.file ? ` of ${opts.file}` : ''}: a COPY command, not data.`, file: opts.file, line: shown(first), column: 1 });
  }
  const end = rows.findIndex((r) => r.cells.length === 1 && r.cells[0].value === '\\.');
  if (end >= 0) {
    copyMark ??= `the end-of-data line \\. (line ${shown(rows[end])})`;
    rows.splice(end);
  }
  const psqlFooter = notes.some((d) => /row count footer/.test(d.message));
  const evidence = copyEvidence(rows.map((r) => ({ line: shown(r) - 1, cells: r.cells.map((c) => c.value) })));
  copyMark ??= evidence.marker;
  let rule: BackslashRule = 'literal';
  if (opts.backslashes) rule = opts.backslashes;
  else if (copyMark && !evidence.foreign && !psqlFooter) {
    rule = 'copy';
    if (evidence.escape) {
      notes.push({ severity: 'info', message: `Read ${name} as a PostgreSQL COPY text export (${copyMark}): decoded its backslash escapes (first: ${evidence.escape}).`, hint: 'COPY writes a newline as \\n, a tab as \\t and a backslash as \\\\; they are decoded back.', file: opts.file });
    }
  } else if (copyMark && evidence.foreign && evidence.escape) {
    notes.push({
      severity: 'warning',
      message: `${name} has ${copyMark} like a PostgreSQL COPY export, but also a backslash COPY never writes (${evidence.foreign}): read every backslash literally (\\n stays a backslash and an n).`,
      hint: 'Export with `\\copy (...) to \'f.csv\' csv header` for a file that needs no escapes.',
      file: opts.file,
    });
  } else if (!copyMark && evidence.escape && !evidence.foreign) {
    notes.push({
      severity: 'info',
      message: `${name} holds backslash escapes like PostgreSQL COPY text format writes (${evidence.escape}), but nothing marks it as a COPY export (no \\N cell, no \\. end line): read backslashes literally, as in any TSV.`,
      hint: 'If it is a COPY / psql \\copy export, export it as CSV instead (`\\copy (...) to \'f.csv\' csv header`), or have COPY escapes decoded: CLI --backslashes copy, VS Code setting rerankLens.tsvBackslashes = "copy".',
      file: opts.file,
    });
  }
  if (rule === 'copy') for (const r of rows) for (const c of r.cells) c.value = decodeCopyCell(c.value);
  const r = readTableRows(rows, { file: opts.file, lines, dialect: 'tsv', originLineShift: opts.originLineShift });
  r.diagnostics.unshift(...notes);
  return r;
}
