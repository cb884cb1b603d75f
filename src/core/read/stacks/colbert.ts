// ColBERT-family retrievers. RAGatouille's `RAG.search(query)` returns [{content, score, rank,
// document_id, passage_id, document_metadata?}] (document_id is shared by a document's passages, so
// the passage id is the chunk id). The ColBERTv2 server that DSPy's `dspy.ColBERTv2` calls answers
// {query, topk: [{text, pid, rank, score, prob, long_text}], latency}. Scores are MaxSim sums, higher
// is better; ranks are explicit.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, restOf, safe, share, type ChunkDraft, type Obj } from './kit';

const isRagatouilleRow = (v: unknown): boolean => isObj(v) && typeof v.content === 'string' && 'passage_id' in v && 'document_id' in v && 'score' in v;
const isTopk = (v: unknown): boolean => isObj(v) && typeof v.text === 'string' && 'pid' in v && 'score' in v;

function shape(root: unknown): { list: unknown[]; base: JsonPath; kind: 'ragatouille' | 'server' } | undefined {
  if (Array.isArray(root) && root.length > 0 && share(root, isRagatouilleRow) >= 0.8) return { list: root, base: [], kind: 'ragatouille' };
  if (isObj(root) && Array.isArray(root.topk) && root.topk.length > 0 && share(root.topk, isTopk) >= 0.8) return { list: root.topk, base: ['topk'], kind: 'server' };
  return undefined;
}

export const colbertReader: JsonStackReader = {
  id: 'colbert-results',
  label: 'ColBERT results (RAGatouille, ColBERTv2 server / DSPy)',
  detect: (root) => safe(() => (shape(root) ? 0.88 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const s = shape(root);
    if (!s) return [];
    const textKey = s.kind === 'ragatouille' ? 'content' : 'text';
    const idKey = s.kind === 'ragatouille' ? 'passage_id' : 'pid';
    const drafts: ChunkDraft[] = [];
    s.list.forEach((r, i) => {
      const at = [...s.base, i];
      if (!isObj(r) || !isNonEmptyString(r[textKey])) {
        ctx.report({ severity: 'warning', message: `Result at ${ctx.describe(at)} has no ${textKey}; skipped.`, at });
        return;
      }
      const score = readScore(r.score, [...at, 'score'], ctx);
      // long_text repeats the passage with its title: not metadata worth showing.
      const metadata: Obj = restOf(r, [textKey, idKey, 'score', 'rank', 'long_text', 'document_metadata']);
      if (isObj(r.document_metadata)) Object.assign(metadata, r.document_metadata);
      drafts.push({
        id: idOf(r[idKey]),
        text: r[textKey] as string,
        textPath: [...at, textKey],
        itemPath: at,
        score,
        scoreKind: score === undefined ? 'unknown' : 'similarity',
        metadata,
        rank: typeof r.rank === 'number' ? r.rank : undefined,
      });
    });
    const q = isObj(root) && isNonEmptyString(root.query) ? (root.query as string) : undefined;
    return [buildSet('colbert-results', drafts, ctx, { query: q, queryPath: q ? ['query'] : undefined })];
  },
};

export const colbertReaders: JsonStackReader[] = [colbertReader];
