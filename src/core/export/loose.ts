// Split text (selections, .txt) has no shape to keep: JSON { query, chunks: [{ id, text, rerank }] } per
// set, in reranked order.
import { rerankedOrder } from './resolve';
import type { Resolved } from './types';

export function exportLoose(sets: Resolved[]): string {
  const one = (r: Resolved) => ({
    ...(r.set.query !== undefined ? { query: r.set.query } : {}),
    chunks: rerankedOrder(r.fields, r.set.chunks.map((_, i) => i)).map((i) => ({ id: r.set.chunks[i].id, text: r.set.chunks[i].text, rerank: r.fields[i] ?? null })),
  });
  return `${JSON.stringify(sets.length === 1 ? one(sets[0]) : sets.map(one), null, 2)}\n`;
}
