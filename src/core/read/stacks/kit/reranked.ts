// Inputs that are already reranked (a rerank API response, sentence-transformers CrossEncoder.rank):
// their order and scores are a cross-encoder's, not a first-stage retriever's. One rule for all of
// them: when each result names its position in the documents that were sent (`index`, `corpus_id`),
// that position is the original rank (so "before" is the order the documents went in, usually the
// retriever's), the chunks are listed in it, and the reranker's own rank and score stay in metadata
// (`reranked: {by, rank, score}`); the score also stays the chunk's score. The note says so plainly.
import type { JsonContext } from '../../readerContract';
import type { ChunkDraft } from './chunkDraft';

/** Sets each draft's original rank from its 0-based position in the documents sent (`position`), keeps
 *  the reranker's rank (the draft order) in metadata, and returns the drafts in the original order. */
export function fromRerankedOrder(drafts: ChunkDraft[], position: (d: ChunkDraft) => number, by: string): ChunkDraft[] {
  drafts.forEach((d, i) => {
    d.rank = position(d) + 1;
    d.metadata = { ...d.metadata, reranked: { by, rank: i + 1, score: d.score ?? null } };
  });
  return [...drafts].sort((a, b) => a.rank! - b.rank!);
}

/** The note for an already-reranked input whose original positions were recovered from `field`. */
export function reportReranked(ctx: JsonContext, what: string, field: string, drafts: readonly ChunkDraft[]): void {
  const positions = drafts.map((d) => d.rank!);
  const gaps = positions.length > 0 && Math.max(...positions) > positions.length;
  ctx.report({
    severity: 'info',
    message:
      `Read as ${what}, which is already reranked: its order and its scores are a reranker's (a cross-encoder's), not a first-stage retriever's. ` +
      `Original ranks are ${field} + 1 (each document's place in the list sent to the reranker), so "before" is the order the documents were sent in, not the file's order; ` +
      `the scores shown as the input's are the reranker's (its rank and score are also in metadata.reranked).` +
      (gaps ? ' Not every document sent came back (a top_n / top_k cut): the original ranks have gaps.' : ''),
    hint: 'Reranking it again compares your model with that reranker. If the documents were not sent in the retriever\'s order, "before" is not the retriever\'s order either.',
  });
}
