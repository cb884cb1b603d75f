// Dify knowledge bases. The dataset retrieve API (`POST /datasets/{id}/retrieve`) answers
// {query: {content}, records: [{segment: {id, content, answer?, document_id, document: {name}, ...},
// score, child_chunks?}]}; a workflow's knowledge-retrieval node outputs `result: [{content, title,
// metadata: {score, document_name, dataset_name, segment_id, _source: "knowledge", ...}}]`. Scores
// are similarities (or the rerank model's), higher is better.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, restOf, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';

const SEGMENT_BOOKKEEPING = [
  'content', 'answer', 'id', 'index_node_id', 'index_node_hash', 'hit_count', 'enabled', 'disabled_at', 'disabled_by', 'status',
  'created_by', 'created_at', 'indexing_at', 'completed_at', 'error', 'stopped_at', 'updated_at', 'updated_by', 'sign_content',
];

const isRecord = (v: unknown): boolean => isObj(v) && isObj(v.segment) && typeof v.segment.content === 'string' && 'score' in v;
const isNodeItem = (v: unknown): boolean =>
  isObj(v) && typeof v.content === 'string' && isObj(v.metadata) && (v.metadata._source === 'knowledge' || ('segment_id' in v.metadata && 'dataset_id' in v.metadata));

function shape(root: unknown): { kind: 'records' | 'node'; list: unknown[]; base: JsonPath } | undefined {
  if (isObj(root) && Array.isArray(root.records) && (root.records.length === 0 ? isObj(root.query) : share(root.records, isRecord) >= 0.8)) {
    return { kind: 'records', list: root.records, base: ['records'] };
  }
  if (Array.isArray(root) && root.length > 0 && share(root, isNodeItem) >= 0.8) return { kind: 'node', list: root, base: [] };
  if (isObj(root) && Array.isArray(root.result) && root.result.length > 0 && share(root.result, isNodeItem) >= 0.8) return { kind: 'node', list: root.result, base: ['result'] };
  return undefined;
}

function recordDraftOf(r: Obj, at: JsonPath, ctx: JsonContext): ChunkDraft | undefined {
  const seg = r.segment as Obj;
  if (!isNonEmptyString(seg.content)) {
    ctx.report({ severity: 'warning', message: `Dify record at ${ctx.describe(at)} has an empty segment; skipped.`, at });
    return undefined;
  }
  const metadata: Obj = restOf(seg, SEGMENT_BOOKKEEPING);
  if (isObj(seg.document)) {
    delete metadata.document;
    if (typeof seg.document.name === 'string') metadata.document_name = seg.document.name;
  }
  // Q&A segments keep the answer beside the question they index.
  if (isNonEmptyString(seg.answer)) metadata.answer = seg.answer;
  const score = readScore(r.score, [...at, 'score'], ctx);
  return { id: idOf(seg.id), text: seg.content, textPath: [...at, 'segment', 'content'], itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata };
}

function nodeDraftOf(r: Obj, at: JsonPath, ctx: JsonContext): ChunkDraft | undefined {
  if (!isNonEmptyString(r.content)) return undefined;
  const meta = r.metadata as Obj;
  const score = readScore(meta.score, [...at, 'metadata', 'score'], ctx);
  const metadata: Obj = restOf(meta, ['score', 'segment_id', '_source', 'position']);
  if (isNonEmptyString(r.title)) metadata.title = r.title;
  return { id: idOf(meta.segment_id), text: r.content, textPath: [...at, 'content'], itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata, rank: typeof meta.position === 'number' ? meta.position : undefined };
}

export const difyReader: JsonStackReader = {
  id: 'dify-retrieval',
  label: 'Dify knowledge retrieval results',
  detect: (root) => safe(() => (shape(root) ? 0.92 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const s = shape(root);
    if (!s) return [];
    const drafts: ChunkDraft[] = [];
    s.list.forEach((r, i) => {
      const at = [...s.base, i];
      if (!isObj(r)) return;
      const d = s.kind === 'records' ? recordDraftOf(r, at, ctx) : nodeDraftOf(r, at, ctx);
      if (d) drafts.push(d);
    });
    // Positions are per document in a workflow node's output, not ranks of this list.
    if (s.kind === 'node') for (const d of drafts) d.rank = undefined;
    const q = isObj(root) && isObj(root.query) && isNonEmptyString(root.query.content) ? { value: root.query.content, path: ['query', 'content'] } : undefined;
    return warnIfEmpty([buildSet('dify-retrieval', drafts, ctx, { query: q?.value, queryPath: q?.path })], ctx, 'Dify retrieval response', s.base);
  },
};

export const difyReaders: JsonStackReader[] = [difyReader];
