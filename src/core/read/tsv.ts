// Tab-separated files: split into cells here, read by ./table.ts (header with any column names, or the
// headerless layouts: query/passage, MS MARCO qid/pid/query/passage, pid/passage, query/passage/score).
// Cells are not quoted (MS MARCO texts hold quotes freely), except in files written the way Excel,
// LibreOffice and pandas to_csv(sep='\t') quote a cell holding a tab, a line break or a quote ("a ""b""",
// over several lines too): that reading is taken only on evidence (split at every tab and line break
// the rows do not line up, with the quotes they do), never in a COPY export (COPY never quotes), and a
// note says which reading was taken when both were possible. Such files keep the `tsv-*` format ids of
// any TSV; the same-shape export (../export/tsv.ts) finds their records again with quotedTsvRecords and
// writes each row whole from its cells. psql's `\N` is an empty value. Backslash
// escapes (`\n`, `\t`, `\\`, octal, hex) are decoded only in a PostgreSQL COPY text export (./copyText.ts):
// a file with a `\N` cell, a `\.` end line or a `COPY ... FROM stdin;` line, and no backslash COPY never
// writes. Elsewhere a backslash is literal; when the file has COPY-like escapes but no such mark, a note
// says which rule applied. The footer psql prints in unaligned mode ("(3 rows)") is dropped with a note.
// TREC runs and qrels are whitespace tables too; index.ts checks for them first.
import type { Diagnostic } from '../types';
import { copyEvidence, decodeCopyCell, type BackslashRule } from './copyText';
import { parseCsv } from './csv';
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
  if (tabbed / lines.length >= 0.9 || (lines[0].includes('\t') && tabbed / lines.length >= 2 / 3)) return true;
  // Quoted cells with line breaks (Excel, pandas to_csv(sep='\t')): lines without tabs inside them.
  if (!lines[0].includes('\t') || !/(^|\t)"/m.test(text.slice(0, 64 * 1024))) return false;
  const head = text.slice(0, 64 * 1024);
  const parsed = parseCsv(head, new LineIndex(head), { delimiter: '\t', maxRows: 50 });
  return parsed.ok && parsed.rows.length >= 2 && parsed.rows[0].cells.length >= 2 && parsed.rows.every((r) => r.cells.length === parsed.rows[0].cells.length);
}

/** A cell of the plain reading that starts with a double quote: a writer may have quoted it. */
const startsQuoted = (rows: readonly TableRow[]): boolean => rows.some((r) => r.cells.some((c) => c.value.startsWith('"')));

/** Whether every row has the first row's cell count (a footer or COPY framing line aside). */
function consistent(rows: readonly TableRow[]): boolean {
  const framing = (r: TableRow) => r.cells.length === 1 && (PSQL_FOOTER.test(r.cells[0].value.trim()) || r.cells[0].value === '\\.' || COPY_LINE.test(r.cells[0].value.trim()));
  const body = rows.filter((r) => !framing(r));
  return body.length > 0 && body.every((r) => r.cells.length === body[0].cells.length);
}

interface QuotedReading {
  rows: TableRow[];
  /** Cells that were in quotes. */
  quoted: number;
  /** Quoted cells holding what only quoting can carry in a TSV: a tab or a line break. */
  structural: { count: number; firstLine: number; tabs: number; breaks: number; doubled: number };
  /** Records that span more than one line. */
  multiline: number;
}

/** The file read as Excel, LibreOffice and Python's csv module (pandas to_csv(sep='\t')) write tab-separated
 *  text: a cell starting with " runs to the next lone ", may hold tabs and line breaks, "" is a quote. */
function quotedReading(text: string, lines: LineIndex): QuotedReading | undefined {
  const parsed = parseCsv(text, lines, { delimiter: '\t' });
  if (!parsed.ok) return undefined;
  const rows = parsed.rows.filter((r) => r.cells.some((c) => c.value.trim() !== '' || text[c.start - 1] === '"'));
  const out: QuotedReading = { rows, quoted: 0, structural: { count: 0, firstLine: -1, tabs: 0, breaks: 0, doubled: 0 }, multiline: 0 };
  for (const r of rows) {
    const last = r.cells[r.cells.length - 1];
    if (lines.lineOf(last.end) !== r.line) out.multiline++;
    for (const c of r.cells) {
      if (c.start === 0 || text[c.start - 1] !== '"') continue;
      out.quoted++;
      const raw = text.slice(c.start, c.end);
      const tab = raw.includes('\t');
      const brk = /[\r\n]/.test(raw);
      if (raw.includes('""')) out.structural.doubled++;
      if (!tab && !brk) continue;
      if (tab) out.structural.tabs++;
      if (brk) out.structural.breaks++;
      out.structural.count++;
      if (out.structural.firstLine < 0) out.structural.firstLine = r.line;
    }
  }
  return out;
}

/** The plain reading: one row per line, cells split at every tab, quotes are text. */
function plainRows(text: string, lines: LineIndex): TableRow[] {
  const rows: TableRow[] = [];
  for (let l = 0; l < lines.lineCount; l++) {
    const start = lines.lineStart(l);
    const raw = text.slice(start, lines.lineEnd(l));
    if (raw.trim() === '') continue;
    let at = start;
    const cells = raw.split('\t').map((value) => {
      const cell = { value, start: at, end: at + value.length };
      at += value.length + 1;
      return cell;
    });
    rows.push({ line: l, cells });
  }
  return rows;
}

/** COPY text format never quotes (a " is a character there): a file marked as a COPY export keeps its quotes. */
const copyMarks = (rows: readonly TableRow[]): boolean => rows.some((r) => r.cells.some((c) => c.value === '\\N' || (r.cells.length === 1 && (c.value === '\\.' || COPY_LINE.test(c.value.trim())))));

type Reading =
  /** Split at every tab and line break the rows do not line up; with the quotes they do. */
  | { kind: 'quoted'; q: QuotedReading; broken: number }
  /** Both readings line up: the quotes are read as text (a note says so). */
  | { kind: 'both'; q: QuotedReading };

/** Which reading the evidence takes for a file that may hold quoted cells (see top); undefined: plain,
 *  nothing to say. `rows` is the plain reading. */
function chooseReading(text: string, lines: LineIndex, rows: readonly TableRow[]): Reading | undefined {
  if (!startsQuoted(rows)) return undefined;
  const q = quotedReading(text, lines);
  if (!q || q.structural.count === 0 || !consistent(q.rows)) return undefined;
  if (!consistent(rows)) return { kind: 'quoted', q, broken: rows.filter((r) => r.cells.length !== q.rows[0].cells.length).length };
  return { kind: 'both', q };
}

/**
 * The records of a TSV that readTsv reads with quoted cells (Excel, LibreOffice, pandas), each with
 * its start line and cells (values unquoted, offsets inside the quotes); undefined when it reads the
 * file line by line. For the same-shape export, which must write such rows whole. Only the file's own
 * COPY marks count here (a reader told to decode COPY escapes reads every line as a row): the export
 * checks the records against the chunks' lines before it uses them.
 */
export function quotedTsvRecords(text: string, lines: LineIndex = new LineIndex(text)): TableRow[] | undefined {
  const rows = plainRows(text, lines);
  if (copyMarks(rows)) return undefined;
  const reading = chooseReading(text, lines, rows);
  return reading?.kind === 'quoted' ? reading.q.rows : undefined;
}

export function readTsv(text: string, opts: TsvOptions = {}): TsvRead {
  const lines = opts.lines ?? new LineIndex(text);
  let rows = plainRows(text, lines);
  const notes: Diagnostic[] = [];
  const name = opts.file ?? 'The input';
  // COPY text format never quotes (a " is a character there): a file marked as a COPY export, or read
  // with COPY escapes on request, keeps its quotes.
  const copyMarked = opts.backslashes === 'copy' || copyMarks(rows);
  let cellQuoting = !copyMarked;
  const reading = copyMarked ? undefined : chooseReading(text, lines, rows);
  if (reading) {
    const { q } = reading;
    const shown = lines.base.line + q.structural.firstLine + 1;
    const holds = [q.structural.breaks > 0 ? 'line breaks' : '', q.structural.tabs > 0 ? 'tabs' : ''].filter(Boolean).join(' and ');
    if (reading.kind === 'quoted') {
      const { broken } = reading;
      rows = q.rows;
      cellQuoting = false;
      notes.push({
        severity: 'info',
        message: `Read ${opts.file ?? 'the input'} as tab-separated text with quoted cells, as Excel, LibreOffice and pandas to_csv(sep='\\t') write it: ${q.structural.count} quoted cell${q.structural.count === 1 ? ' holds' : 's hold'} ${holds} (first on line ${shown}); read ${q.quoted === 1 ? 'it' : `the ${q.quoted} quoted cells`} without the outer quotes${q.structural.doubled > 0 ? ', "" as "' : ''}. Split at every tab and line break, ${broken} line${broken === 1 ? '' : 's'} would have the wrong number of columns.`,
        hint: q.multiline > 0 ? `${q.multiline} row${q.multiline === 1 ? ' spans' : 's span'} several lines; a same-shape export writes each row whole from its cells, quoted the same way, so it reads back with quoted cells too (tools that read a TSV line by line would not).` : undefined,
        file: opts.file, line: shown, column: 1,
      });
    } else {
      // Both readings line up: quotes no writer would need are more likely text than quoting.
      notes.push({
        severity: 'info',
        message: `${name} could be read with quoted cells (a cell on line ${shown} would run in quotes over ${holds}), but every line has the same number of tab-separated columns as written: read the double quotes as text.`,
        hint: 'If the file was written with quoted cells (Excel, pandas to_csv), save it as CSV instead, or as JSON.',
        file: opts.file, line: shown, column: 1,
      });
    }
  }
  const excelQuoted: number[] = [];
  if (copyMarked) {
    const looksQuoted = rows.find((r) => r.cells.some((c) => EXCEL_QUOTED.test(c.value)));
    if (looksQuoted) {
      const at = lines.base.line + looksQuoted.line + 1;
      notes.push({ severity: 'info', message: `A cell on line ${at}${opts.file ? ` of ${opts.file}` : ''} is in double quotes with doubled quotes inside, as Excel quotes cells, but the file is a PostgreSQL COPY text export, which never quotes: kept the quotes as text.`, file: opts.file, line: at, column: 1 });
    }
  }
  if (cellQuoting) {
    for (const r of rows) {
      r.cells = r.cells.map((cell) => {
        // Excel's "Unicode Text" / "Text (Tab delimited)" quotes a cell holding a quote: "say ""hi""".
        if (!EXCEL_QUOTED.test(cell.value)) return cell;
        excelQuoted.push(r.line);
        return { value: cell.value.slice(1, -1).replace(/""/g, '"'), start: cell.start + 1, end: cell.end - 1 };
      });
    }
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
