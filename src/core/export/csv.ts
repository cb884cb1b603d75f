// CSV (RFC 4180): every record gains the six rerank columns (the header too), records are reordered
// within their query like TSV rows, and each record is written back from its cells, quoted where a
// field needs it (the separator, a quote, a line break), so records spanning lines stay whole. A file
// separated by semicolons (Excel / DBeaver in decimal-comma locales, read by core/read/csv.ts) is
// written back with semicolons, and with decimal commas in the rerank numbers when its own numbers
// have them, so it opens in the same spreadsheet the same way.
import { LineIndex } from '../read/positions';
import { parseCsv, sniffDelimiter } from '../read/csv';
import { RERANK_COLUMNS, rerankCells, rerankedOrder } from './resolve';
import type { Resolved } from './types';

/** undefined when the text no longer parses as CSV (the caller falls back to a JSON list). */
export function exportCsv(text: string, sets: Resolved[], header: boolean): string | undefined {
  const lines = new LineIndex(text);
  const sep = sniffDelimiter(text);
  const parsed = parseCsv(text, lines, { delimiter: sep });
  if (!parsed.ok) return undefined;
  const needsQuotes = sep === ';' ? /[";\r\n]/ : /[",\r\n]/;
  const field = (v: string): string => (needsQuotes.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const decimalComma = sep === ';' && parsed.rows.some((r) => r.cells.some((c) => /^-?\d+,\d+$/.test(c.value.trim())));
  const cells = (f: Parameters<typeof rerankCells>[0], rank: number): string[] => rerankCells(f, rank).map((v) => (decimalComma ? v.replace('.', ',') : v)).map(field);
  const records = parsed.rows.map((r) => r.cells.map((c) => field(c.value)).join(sep));
  const out = [...records];
  if (header && out.length > 0) out[0] = [records[0], ...RERANK_COLUMNS].join(sep);
  const recordAtLine = new Map(parsed.rows.map((r, k) => [r.line, k]));
  for (const r of sets) {
    const rows = r.set.chunks
      .map((c, i) => ({ i, k: c.origin?.line !== undefined ? recordAtLine.get(c.origin.line) : undefined }))
      .filter((x): x is { i: number; k: number } => x.k !== undefined);
    const withCols = new Map(rows.map(({ i, k }) => [i, [records[k], ...cells(r.fields[i], r.set.chunks[i].originalRank)].join(sep)]));
    const slots = rows.map((x) => x.k).sort((a, b) => a - b);
    const order = rerankedOrder(r.fields, rows.map((x) => x.i));
    slots.forEach((slot, n) => {
      out[slot] = withCols.get(order[n])!;
    });
  }
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  return `${out.join(eol)}${eol}`;
}
