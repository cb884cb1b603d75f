// RAGFlow retrieval API (`POST /api/v1/retrieval`): {code: 0, data: {chunks: [{id, content,
// document_id, document_keyword, highlight, similarity, term_similarity, vector_similarity, ...}],
// doc_aggs, total}}. `similarity` is the weighted hybrid of the keyword and vector similarities (or
// the rerank model's score): higher is better. An error answers {code: <non-zero>, message}.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, restOf, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';

const isChunk = (v: unknown): boolean => isObj(v) && typeof v.content === 'string' && ('similarity' in v || 'vector_similarity' in v) && ('kb_id' in v || 'document_id' in v);

function chunksOf(root: unknown): unknown[] | undefined {
  if (!isObj(root) || !isObj(root.data) || !Array.isArray(root.data.chunks)) return undefined;
  const c = root.data.chunks;
  return c.length === 0 ? ('doc_aggs' in root.data ? c : undefined) : share(c, isChunk) >= 0.8 ? c : undefined;
}

export const ragflowReader: JsonStackReader = {
  id: 'ragflow-retrieval',
  label: 'RAGFlow retrieval response',
  detect: (root) => safe(() => (chunksOf(root) ? 0.92 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const chunks = chunksOf(root);
    if (!chunks) return [];
    const drafts: ChunkDraft[] = [];
    chunks.forEach((c, i) => {
      const at = ['data', 'chunks', i];
      if (!isObj(c)) return;
      if (!isNonEmptyString(c.content)) {
        ctx.report({ severity: 'warning', message: `RAGFlow chunk at ${ctx.describe(at)} has no content; skipped.`, at });
        return;
      }
      const key = c.similarity !== undefined && c.similarity !== null ? 'similarity' : 'vector_similarity';
      const score = readScore(c[key], [...at, key], ctx);
      // Tokenised copies of the text (content_ltks, content_with_weight) are bookkeeping.
      const metadata: Obj = restOf(c, ['content', 'id', key, 'content_ltks', 'content_with_weight', 'positions', 'image_id', 'highlight']);
      drafts.push({ id: idOf(c.id), text: c.content, textPath: [...at, 'content'], itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata });
    });
    const q = isObj(root) && isNonEmptyString(root.question) ? (root.question as string) : undefined;
    return warnIfEmpty([buildSet('ragflow-retrieval', drafts, ctx, { query: q, queryPath: q ? ['question'] : undefined })], ctx, 'RAGFlow response', ['data', 'chunks']);
  },
};

export const ragflowReaders: JsonStackReader[] = [ragflowReader];
