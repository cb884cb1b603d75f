// 'cohere' style: { results: [{ index, relevance_score, document: { text } }] } sorted by relevance like
// Cohere's rerank API (index = position in the set, relevance_score = probability; raw score when no
// probability); for several sets an array of { query, query_id?, results }.
import type { Resolved } from './types';

function cohereResults(r: Resolved): { index: number; relevance_score: number; document: { text: string } }[] {
  const rows: { index: number; relevance_score: number; document: { text: string }; rank: number }[] = [];
  r.fields.forEach((f, i) => {
    if (!f || f.score === null) return;
    rows.push({ index: i, relevance_score: f.probability ?? f.score, document: { text: r.set.chunks[i].text }, rank: f.rank ?? Infinity });
  });
  rows.sort((a, b) => a.rank - b.rank || b.relevance_score - a.relevance_score);
  return rows.map(({ index, relevance_score, document }) => ({ index, relevance_score, document }));
}

export function exportCohere(sets: Resolved[]): string {
  if (sets.length === 1) return `${JSON.stringify({ results: cohereResults(sets[0]) }, null, 2)}\n`;
  return `${JSON.stringify(sets.map((s) => ({ query: s.set.query ?? null, ...(s.set.queryId ? { query_id: s.set.queryId } : {}), results: cohereResults(s) })), null, 2)}\n`;
}
