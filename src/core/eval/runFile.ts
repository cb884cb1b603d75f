// TREC run files of the retriever's and the reranked order (`qid Q0 docno rank score tag`), written so
// trec_eval reproduces our order: the scores are the ones queries.ts ordered by, printed in the
// shortest form that reads back to the same double. Pure (the CLI writes the text).
import { trecSafeId } from '../labels/identity';
import type { RunRow } from './queries';

export interface RunQuery {
  queryId: string;
  rows: readonly RunRow[];
}

export function formatTrecRun(queries: readonly RunQuery[], tag: string): string {
  const safeTag = trecSafeId(tag) || 'run';
  const lines: string[] = [];
  for (const q of queries) {
    const qid = trecSafeId(q.queryId);
    q.rows.forEach((r, i) => lines.push(`${qid} Q0 ${trecSafeId(r.id)} ${i + 1} ${String(r.score)} ${safeTag}`));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
