// TREC runs and BEIR folders: a TREC run of the reranked order (tag `rerank`); unscored chunks cannot be
// run lines and are left out with a warning.
import type { Diagnostic } from '../types';
import { rerankedOrder } from './resolve';
import type { Resolved } from './types';

export function exportTrecRun(sets: Resolved[], sink: Diagnostic[]): string {
  const lines: string[] = [];
  let unscored = 0;
  sets.forEach((r, k) => {
    const qid = r.set.queryId ?? `q${k + 1}`;
    for (const i of rerankedOrder(r.fields, r.set.chunks.map((_, n) => n))) {
      const f = r.fields[i];
      if (!f || f.score === null || f.rank === null) {
        unscored++;
        continue;
      }
      lines.push(`${qid} Q0 ${r.set.chunks[i].id} ${f.rank} ${f.score} rerank`);
    }
  });
  if (unscored > 0) sink.push({ severity: 'warning', message: `${unscored} unscored chunk(s) left out of the TREC run (a run needs a score per line).` });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
