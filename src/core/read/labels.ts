// Relevance judgments (qrels) of BEIR folders and TREC runs, read with the one qrels parser in
// ../labels/qrels.ts (TREC `qid iter docno rel`, BEIR `query-id<TAB>corpus-id<TAB>score` with or
// without its header, JSON `{query_id: {doc_id: grade}}`; `#` comments; malformed lines reported by
// number). This file only adapts its result to the readers' shape and merges several files.
import type { Diagnostic } from '../types';
import { parseQrelsText } from '../labels/qrels';

export { looksLikeQrels } from '../labels/qrels';

export interface Qrels {
  /** query id -> (doc id -> graded relevance), both in file order. */
  byQuery: Map<string, Map<string, number>>;
  diagnostics: Diagnostic[];
  layout: 'beir' | 'trec';
}

export function parseQrels(text: string, file?: string): Qrels {
  const p = parseQrelsText(text, file);
  return { byQuery: p.qrels, diagnostics: p.diagnostics, layout: p.format === 'trec' ? 'trec' : 'beir' };
}

/** Merges qrels of several files (later files add to earlier ones). */
export function mergeQrels(all: Qrels[]): Map<string, Map<string, number>> {
  const merged = new Map<string, Map<string, number>>();
  for (const q of all) {
    for (const [qid, docs] of q.byQuery) {
      const m = merged.get(qid) ?? new Map<string, number>();
      for (const [d, r] of docs) m.set(d, r);
      merged.set(qid, m);
    }
  }
  return merged;
}
