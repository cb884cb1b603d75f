// sentence-transformers `CrossEncoder.rank(query, documents, return_documents=True)`:
// `[{'corpus_id': 2, 'score': np.float32(7.93), 'text': '…'}, …]`, sorted by the cross-encoder's score
// (printed, json.dumps'ed, or a Python repr of it: ../python.ts hands the parsed value here). Already
// reranked: `corpus_id` is the position in the documents passed to rank(), so it gives the original
// ranks (kit/reranked.ts). A list of such lists (one per query) is `util.semantic_search` output (a
// bi-encoder's first-stage order, corpus_id an index into the whole corpus): not this reader's.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonStackReader } from '../readerContract';
import { buildSet, fromRerankedOrder, isNonEmptyString, isObj, reportReranked, safe, type ChunkDraft } from './kit';

const KEYS = new Set(['corpus_id', 'score', 'text']);

function isRankItem(v: unknown): boolean {
  return (
    isObj(v) && Number.isInteger(v.corpus_id) && (v.corpus_id as number) >= 0 && typeof v.score === 'number' && Number.isFinite(v.score) &&
    isNonEmptyString(v.text) && Object.keys(v).every((k) => KEYS.has(k))
  );
}

/** A flat list of rank() results: distinct corpus ids, scores never rising. */
function isRankOutput(root: unknown): root is { corpus_id: number; score: number; text: string }[] {
  if (!Array.isArray(root) || root.length === 0 || !root.every(isRankItem)) return false;
  const items = root as { corpus_id: number; score: number }[];
  if (new Set(items.map((x) => x.corpus_id)).size !== items.length) return false;
  return items.every((x, i) => i === 0 || x.score <= items[i - 1].score);
}

export const crossEncoderRankReader: JsonStackReader = {
  id: 'st-crossencoder-rank',
  label: 'sentence-transformers CrossEncoder.rank output',
  detect: (root) => safe(() => (isRankOutput(root) ? 0.85 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!isRankOutput(root)) return [];
    const drafts: ChunkDraft[] = root.map((x, i) => ({
      id: String(x.corpus_id),
      text: x.text,
      textPath: [i, 'text'],
      itemPath: [i],
      score: x.score,
      // CrossEncoder scores: logits or sigmoid probabilities, higher is better either way.
      scoreKind: 'similarity',
      metadata: {},
    }));
    const ordered = fromRerankedOrder(drafts, (d) => Number(d.id), 'sentence-transformers CrossEncoder.rank');
    reportReranked(ctx, 'sentence-transformers CrossEncoder.rank output', 'corpus_id', ordered);
    return [buildSet('st-crossencoder-rank', ordered, ctx)];
  },
};

export const sentenceTransformersReaders: JsonStackReader[] = [crossEncoderRankReader];
