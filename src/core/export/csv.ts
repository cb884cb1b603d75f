// CSV (RFC 4180): every record gains the six rerank columns (the header too), records are reordered
// within their query like TSV rows, and each record is written back from its cells, quoted where a
// field needs it (a comma, a quote, a line break), so records spanning lines stay whole.
import { LineIndex } from '../read/positions';
import { parseCsv } from '../read/csv';
import { RERANK_COLUMNS, rerankCells, rerankedOrder } from './resolve';
import type { Resolved } from './types';

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** undefined when the text no longer parses as CSV (the caller falls back to a JSON list). */
export function exportCsv(text: string, sets: Resolved[], header: boolean): string | undefined {
  const lines = new LineIndex(text);
  const parsed = parseCsv(text, lines);
  if (!parsed.ok) return undefined;
  const records = parsed.rows.map((r) => r.cells.map((c) => field(c.value)).join(','));
  const out = [...records];
  if (header && out.length > 0) out[0] = [records[0], ...RERANK_COLUMNS].join(',');
  const recordAtLine = new Map(parsed.rows.map((r, k) => [r.line, k]));
  for (const r of sets) {
    const rows = r.set.chunks
      .map((c, i) => ({ i, k: c.origin?.line !== undefined ? recordAtLine.get(c.origin.line) : undefined }))
      .filter((x): x is { i: number; k: number } => x.k !== undefined);
    const withCols = new Map(rows.map(({ i, k }) => [i, [records[k], ...rerankCells(r.fields[i], r.set.chunks[i].originalRank)].join(',')]));
    const slots = rows.map((x) => x.k).sort((a, b) => a - b);
    const order = rerankedOrder(r.fields, rows.map((x) => x.i));
    slots.forEach((slot, n) => {
      out[slot] = withCols.get(order[n])!;
    });
  }
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  return `${out.join(eol)}${eol}`;
}
