// TSV: every row gains six columns (rerank_score, rerank_probability, rerank_logit, rerank_rank,
// original_rank, kept), the header too when there is one; rows are reordered within their query (scored by rank, then
// unscored), everything else stays byte for byte.
import { joinLines, RERANK_COLUMNS, rerankCells, rerankedOrder, splitLines } from './resolve';
import type { Resolved } from './types';

export function exportTsv(text: string, sets: Resolved[], header: boolean): string {
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
