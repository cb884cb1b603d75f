// TSV: every row gains six columns (rerank_score, rerank_probability, rerank_logit, rerank_rank,
// original_rank, kept), the header too when there is one; rows are reordered within their query (scored by
// rank, then unscored). Three dialects, as ../read/tsv.ts reads them:
//   plain and COPY text (backslash escapes kept as written): one row per line, every line stays byte for
//     byte, the columns appended to it;
//   quoted cells (Excel, LibreOffice, pandas to_csv(sep='\t'): a cell holding a tab, a line break or a
//     quote is in double quotes, "" inside): each record is written whole from its cells, quoted exactly
//     where that dialect needs it, so a row spanning lines moves as one and the export reads back with
//     quoted cells. What lies between records (line breaks as they were, blank lines) stays.
import { LineIndex } from '../read/positions';
import { quotedTsvRecords } from '../read/tsv';
import type { TableRow } from '../read/table';
import { joinLines, RERANK_COLUMNS, rerankCells, rerankedOrder, splitLines } from './resolve';
import type { Resolved } from './types';

export function exportTsv(text: string, sets: Resolved[], header: boolean): string {
  return exportQuotedTsv(text, sets, header) ?? exportLines(text, sets, header);
}

function exportLines(text: string, sets: Resolved[], header: boolean): string {
  const { lines, breaks } = splitLines(text);
  const out = [...lines];
  if (header) {
    const h = lines.findIndex((l) => l.trim() !== '');
    if (h >= 0) out[h] = [lines[h], ...RERANK_COLUMNS].join('\t');
  }
  for (const r of sets) {
    const rows = r.set.chunks.map((c, i) => ({ i, line: c.origin?.line })).filter((x): x is { i: number; line: number } => x.line !== undefined);
    const withCols = new Map<number, string>();
    for (const { i, line } of rows) {
      const f = r.fields[i];
      withCols.set(i, [lines[line], ...rerankCells(f, r.set.chunks[i].originalRank)].join('\t'));
    }
    const slots = rows.map((x) => x.line).sort((a, b) => a - b);
    const order = rerankedOrder(r.fields, rows.map((x) => x.i));
    slots.forEach((line, k) => {
      out[line] = withCols.get(order[k])!;
    });
  }
  return joinLines(out, breaks);
}

/** How far up a selection's table may start (a `Query:` line and blank lines above it). */
const MAX_LEAD_LINES = 20;

/** A cell as Excel, LibreOffice and Python's csv module write tab-separated text: in quotes, "" inside,
 *  when it holds a tab, a line break or a quote; as it is otherwise. */
export const quoteTsvCell = (v: string): string => (/[\t\r\n"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The quoted-cell dialect, written from the records; undefined when the reader reads the text line by
 * line (plain, COPY), or when its records do not start where the chunks' rows do (read with COPY escapes
 * on request, or a table under a selection's `Query:` line that is not found).
 */
function exportQuotedTsv(text: string, sets: Resolved[], header: boolean): string | undefined {
  const originLines = sets.flatMap((r) => r.set.chunks.map((c) => c.origin?.line)).filter((l): l is number => l !== undefined);
  if (originLines.length === 0 || !/(^|\t)"/m.test(text)) return undefined;
  const all = new LineIndex(text);
  // A file's table starts on its first line; a selection's may start below a `Query:` line (the chunks'
  // lines count from the selection's start).
  const firstRow = originLines.reduce((a, b) => Math.min(a, b), Infinity);
  for (let lead = 0; lead <= Math.min(firstRow, MAX_LEAD_LINES); lead++) {
    if (lead > 0 && text.slice(all.lineStart(lead - 1), all.lineEnd(lead - 1)).includes('\t')) break;
    const from = all.lineStart(lead);
    const table = text.slice(from);
    const lines = new LineIndex(table);
    const records = quotedTsvRecords(table, lines);
    if (!records) continue;
    const starts = new Set(records.map((r) => r.line + lead));
    if (!originLines.every((l) => starts.has(l))) continue;
    return text.slice(0, from) + writeRecords(table, lines, records, lead, sets, header);
  }
  return undefined;
}

function writeRecords(table: string, lines: LineIndex, records: TableRow[], lead: number, sets: Resolved[], header: boolean): string {
  const cells = records.map((r) => r.cells.map((c) => quoteTsvCell(c.value)));
  // Every record gains six cells (a quoted TSV is read with its quotes only when all rows line up): the
  // header the column names, a chunk's row its rerank values, any other row (a skipped empty text) none.
  const out = cells.map((c, k) => [...c, ...(header && k === 0 ? RERANK_COLUMNS : RERANK_COLUMNS.map(() => ''))].join('\t'));
  const recordAt = new Map(records.map((r, k) => [r.line + lead, k]));
  for (const r of sets) {
    const rows = r.set.chunks
      .map((c, i) => ({ i, k: c.origin?.line !== undefined ? recordAt.get(c.origin.line) : undefined }))
      .filter((x): x is { i: number; k: number } => x.k !== undefined);
    const withCols = new Map(rows.map(({ i, k }) => [i, [...cells[k], ...rerankCells(r.fields[i], r.set.chunks[i].originalRank)].join('\t')]));
    const slots = rows.map((x) => x.k).sort((a, b) => a - b);
    const order = rerankedOrder(r.fields, rows.map((x) => x.i));
    slots.forEach((slot, n) => {
      out[slot] = withCols.get(order[n])!;
    });
  }
  // Each record's text (line start to its last cell, closing quote included) is replaced; the line
  // breaks after it and anything between records stay as they were.
  let at = 0;
  let written = '';
  records.forEach((r, k) => {
    const start = lines.lineStart(r.line);
    const last = r.cells[r.cells.length - 1];
    const end = last.start > 0 && table[last.start - 1] === '"' ? last.end + 1 : last.end;
    written += table.slice(at, start) + out[k];
    at = end;
  });
  return written + table.slice(at);
}
