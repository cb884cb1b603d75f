// Tab-separated files: split into cells here, read by ./table.ts (header with any column names, or the
// headerless layouts: query/passage, MS MARCO qid/pid/query/passage, pid/passage, query/passage/score).
// Cells are not quoted or escaped (MS MARCO texts hold quotes freely); psql's `\N` is an empty value.
// The footer psql prints in unaligned mode ("(3 rows)") is dropped with a note.
// TREC runs and qrels are whitespace tables too; index.ts checks for them first.
import type { Diagnostic } from '../types';
import { LineIndex } from './positions';
import { readTableRows, type TableRead, type TableRow } from './table';

export type TsvRead = TableRead;

const PSQL_FOOTER = /^\(\d+ rows?\)$/;

/**
 * Tab-separated: the first line has a tab and so do at least two thirds of the first lines (so a
 * table with a broken row is still read as a table, and the row reported), or nine in ten of them.
 */
export function looksLikeTsv(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/, 100).filter((l) => l.trim() !== '');
  if (lines.length === 0) return false;
  const tabbed = lines.filter((l) => l.includes('\t')).length;
  return tabbed / lines.length >= 0.9 || (lines[0].includes('\t') && tabbed / lines.length >= 2 / 3);
}

export function readTsv(text: string, opts: { file?: string; lines?: LineIndex; originLineShift?: number } = {}): TsvRead {
  const lines = opts.lines ?? new LineIndex(text);
  const rows: TableRow[] = [];
  const notes: Diagnostic[] = [];
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
  const last = rows[rows.length - 1];
  if (rows.length > 1 && last.cells.length === 1 && PSQL_FOOTER.test(last.cells[0].value.trim())) {
    rows.pop();
    notes.push({ severity: 'info', message: `Dropped psql's row count footer "${last.cells[0].value.trim()}" (line ${lines.base.line + last.line + 1}).`, file: opts.file, line: lines.base.line + last.line + 1, column: 1 });
  }
  const r = readTableRows(rows, { file: opts.file, lines, dialect: 'tsv', originLineShift: opts.originLineShift });
  r.diagnostics.unshift(...notes);
  return r;
}
