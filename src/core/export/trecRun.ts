// TREC runs and BEIR folders: a TREC run of the reranked order (tag `rerank`); unscored chunks cannot be
// run lines and are left out with a warning.
//
// trec_eval ignores the rank column: it sorts each query's lines by score descending, then docno
// descending (byte order). A query's lines are written with the scores shown when that order is ours;
// when it is not (ties, e.g. probabilities that saturate at 1, which we keep in the retriever's order), with
// the raw logits if those reproduce it, else with n + 1 - rank, and a note says which. Ids are written as
// trecSafeId makes them (whitespace would split a line).
import { trecSafeId } from '../labels/identity';
import { compareDocno } from '../metrics';
import type { Diagnostic } from '../types';
import { rerankedOrder } from './resolve';
import type { Resolved } from './types';

/** Whether trec_eval reads `scores` (in our order) back in that same order. */
function keepsOrder(ids: readonly string[], scores: readonly (number | null)[]): boolean {
  for (let i = 1; i < ids.length; i++) {
    const a = scores[i - 1];
    const b = scores[i];
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return false;
    if (a < b || (a === b && compareDocno(ids[i - 1], ids[i]) <= 0)) return false;
  }
  return true;
}

export function exportTrecRun(sets: Resolved[], sink: Diagnostic[]): string {
  const lines: string[] = [];
  let unscored = 0;
  let byLogit = 0;
  let byRank = 0;
  sets.forEach((r, k) => {
    const qid = trecSafeId(r.set.queryId ?? `q${k + 1}`);
    const rows: { id: string; rank: number; score: number; logit: number | null }[] = [];
    for (const i of rerankedOrder(r.fields, r.set.chunks.map((_, n) => n))) {
      const f = r.fields[i];
      if (!f || f.score === null || f.rank === null) {
        unscored++;
        continue;
      }
      rows.push({ id: trecSafeId(r.set.chunks[i].id), rank: f.rank, score: f.score, logit: f.logit });
    }
    const ids = rows.map((x) => x.id);
    let written: number[];
    if (keepsOrder(ids, rows.map((x) => x.score))) written = rows.map((x) => x.score);
    else if (keepsOrder(ids, rows.map((x) => x.logit))) {
      written = rows.map((x) => x.logit!);
      byLogit++;
    } else {
      written = rows.map((_, j) => rows.length - j);
      byRank++;
    }
    rows.forEach((x, j) => lines.push(`${qid} Q0 ${x.id} ${x.rank} ${written[j]} rerank`));
  });
  if (unscored > 0) sink.push({ severity: 'warning', message: `${unscored} unscored chunk(s) left out of the TREC run (a run needs a score per line).` });
  if (byLogit + byRank > 0) {
    const how = [byLogit ? `${byLogit} with the raw logits` : '', byRank ? `${byRank} with the score n + 1 - rank` : ''].filter(Boolean).join(', ');
    sink.push({ severity: 'info', message: `Scores of ${byLogit + byRank} quer${byLogit + byRank === 1 ? 'y' : 'ies'} in the TREC run are written ${how}: trec_eval orders by score, then document id descending, and the shown scores tie where the reranked order does not.` });
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
