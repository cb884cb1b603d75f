// Matching a labels file to the query sets it judges. Pure.
//
// A qrels query id matches a set by the set's query identity (identity.ts: its query id, or the hash
// of its query text); a document id matches a candidate by the chunk's identity. Labels are never
// dropped silently: judgments for queries no set has are counted (unknownQueries), and judgments of a
// known query for documents that are not among its candidates are counted (unknownDocuments) and kept,
// because trec_eval counts a judged relevant document that was not retrieved against recall.
import type { Qrels } from '../metrics';
import type { RetrievalSet } from '../types';
import { chunkIdentity, queryIdentity } from './identity';
import type { QrelsMap } from './qrels';

export interface AttachedLabels {
  /** Per set (same order as given): its judgments keyed by chunk identity, or undefined when the labels
   *  say nothing about the set's query. */
  perSet: (Qrels | undefined)[];
  /** Query ids of the labels that match no set, and their judgment count. */
  unknownQueries: string[];
  unknownQueryJudgments: number;
  /** Judgments of matched queries whose document is not a candidate of that query. */
  unknownDocuments: number;
  labelledQueries: number;
  /** Judgments that name a candidate. */
  labelledPairs: number;
}

export function attachQrels(sets: readonly Pick<RetrievalSet, 'queryId' | 'query' | 'chunks'>[], qrels: QrelsMap): AttachedLabels {
  const used = new Set<string>();
  let unknownDocuments = 0;
  let labelledPairs = 0;
  const perSet = sets.map((set) => {
    const qid = queryIdentity(set);
    // Also accept the raw query id (ids with spaces cannot be identities but may be in a JSON file).
    const judged = qrels.get(qid) ?? (set.queryId !== undefined ? qrels.get(set.queryId) : undefined);
    if (!judged) return undefined;
    used.add(qrels.has(qid) ? qid : set.queryId!);
    const ids = new Set(set.chunks.map((c) => chunkIdentity(c)));
    // A label may name a chunk by its raw id where the identity is a text hash (`#3`): map it over.
    const rawToIdentity = new Map(set.chunks.filter((c) => !ids.has(c.id)).map((c) => [c.id, chunkIdentity(c)]));
    const out: Record<string, number> = {};
    for (const [d, g] of judged) {
      const id = ids.has(d) ? d : rawToIdentity.get(d);
      if (id !== undefined) {
        labelledPairs++;
        out[id] = g;
      } else {
        unknownDocuments++;
        out[d] = g;
      }
    }
    return out;
  });
  const unknownQueries = [...qrels.keys()].filter((q) => !used.has(q));
  return {
    perSet,
    unknownQueries,
    unknownQueryJudgments: unknownQueries.reduce((s, q) => s + qrels.get(q)!.size, 0),
    unknownDocuments,
    labelledQueries: perSet.filter(Boolean).length,
    labelledPairs,
  };
}

/** The labels a set carried in its input (Labels.byChunkId), keyed by chunk identity like a qrels
 *  file's, so input labels and saved labels meet on the same ids. */
export function inputQrels(set: Pick<RetrievalSet, 'chunks' | 'labels'>): Qrels | undefined {
  const own = set.labels?.byChunkId;
  if (!own || Object.keys(own).length === 0) return undefined;
  const byId = new Map(set.chunks.map((c) => [c.id, chunkIdentity(c)]));
  return Object.fromEntries(Object.entries(own).map(([id, g]) => [byId.get(id) ?? id, g]));
}
