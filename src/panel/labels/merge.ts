// Where saved judgments (the workspace's qrels, src/node/labelStore.ts) meet the panel and the lab.
// No `vscode` import: the host (labelsHost.ts) and the lab host call these, the unit tests check them.
//
// Identities follow core/labels/identity.ts: the query is the set's query id when the query on screen
// is the set's own (or the set has no text of its own), else the hash of the query typed; a row is its
// chunk's identity (input id, else text hash). Saved judgments win over the input's labels per pair.
import { inputQrels } from '../../core/labels/attach';
import { chunkIdentity, queryIdentity } from '../../core/labels/identity';
import type { QrelsMap } from '../../core/labels/qrels';
import type { Qrels } from '../../core/metrics';
import type { RetrievalSet } from '../../core/types';

/** The qrels query id of the per-query view's query. */
export function panelQueryId(set: { queryId?: string; query?: string } | undefined, query: string): string {
  const own = set?.query ?? '';
  // A query typed over a set's own text is another question: its labels are its own.
  return own.trim() === '' || own === query ? queryIdentity({ queryId: set?.queryId, query }) : queryIdentity({ query });
}

/** Saved judgments of the rows on screen, keyed by row index. */
export function savedByRow(rows: readonly { index: number; id: string; text: string }[], saved: QrelsMap, queryId: string): Record<number, number> {
  const judged = saved.get(queryId);
  const out: Record<number, number> = {};
  if (!judged) return out;
  for (const r of rows) {
    const g = judged.get(chunkIdentity(r));
    if (g !== undefined) out[r.index] = g;
  }
  return out;
}

/** The labels of one query: `base` (the input's or an attached file's) with the saved ones over them. */
export function mergeQrels(base: Qrels | null | undefined, saved: ReadonlyMap<string, number> | undefined): Qrels | null {
  if (!saved || saved.size === 0) return base ?? null;
  return { ...(base ?? {}), ...Object.fromEntries(saved) };
}

/** A set's labels as the panel shows them: an attached qrels file's (else the input's own), saved judgments over them. */
export function labelsOfSet(set: Pick<RetrievalSet, 'chunks' | 'labels' | 'queryId' | 'query'>, saved: QrelsMap | undefined, attached?: Qrels): Qrels | null {
  return mergeQrels(attached ?? inputQrels(set) ?? null, savedForSet(set, saved));
}

/** Saved labels for the lab's sets: per set, its query's saved judgments (or undefined). */
export function savedForSet(set: { queryId?: string; query?: string }, saved: QrelsMap | undefined): ReadonlyMap<string, number> | undefined {
  return saved?.get(queryIdentity(set)) ?? (set.queryId !== undefined ? saved?.get(set.queryId) : undefined);
}

/** How many queries and pairs of the sets carry a label (after merging). */
export function labelledCounts(qrels: readonly (Qrels | null | undefined)[]): { queries: number; pairs: number } {
  let queries = 0;
  let pairs = 0;
  for (const q of qrels) {
    const n = q ? Object.keys(q).length : 0;
    if (n > 0) queries++;
    pairs += n;
  }
  return { queries, pairs };
}
