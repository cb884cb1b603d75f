// Agent memory stores. mem0 `memory.search()` (output format v1.1) answers {results: [{id, memory,
// hash, metadata, score, created_at, updated_at, user_id}], relations?}; older versions a bare list.
// mem0 passes its vector store's score through: a similarity for most stores, a distance for some,
// so scores rising down the list are read as distances. R2R `/v3/retrieval/search` answers {results:
// {chunk_search_results: [{id, document_id, score, text, metadata: {associated_query}}], ...}} (v2:
// vector_search_results), scores higher is better.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, restOf, safe, settleKind, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';

const isMemory = (v: unknown): boolean => isObj(v) && typeof v.memory === 'string' && idOf(v.id) !== undefined && ('hash' in v || 'score' in v || 'user_id' in v);

function memoriesOf(root: unknown): { list: unknown[]; base: JsonPath } | undefined {
  if (Array.isArray(root)) return root.length > 0 && share(root, isMemory) >= 0.8 ? { list: root, base: [] } : undefined;
  if (isObj(root) && Array.isArray(root.results) && root.results.length > 0 && share(root.results, isMemory) >= 0.8) return { list: root.results, base: ['results'] };
  return undefined;
}

export const mem0Reader: JsonStackReader = {
  id: 'mem0-search',
  label: 'mem0 memory search results',
  detect: (root) => safe(() => (memoriesOf(root) ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const found = memoriesOf(root);
    if (!found) return [];
    const drafts: ChunkDraft[] = [];
    found.list.forEach((m, i) => {
      const at = [...found.base, i];
      if (!isObj(m) || !isNonEmptyString(m.memory)) return;
      const score = readScore(m.score, [...at, 'score'], ctx);
      const metadata: Obj = restOf(m, ['id', 'memory', 'score', 'hash', 'metadata']);
      if (isObj(m.metadata)) Object.assign(metadata, m.metadata);
      drafts.push({ id: idOf(m.id), text: m.memory, textPath: [...at, 'memory'], itemPath: at, score, scoreKind: 'similarity', metadata });
    });
    settleKind(drafts, ctx, found.base);
    return [buildSet('mem0-search', drafts, ctx)];
  },
};

const R2R_KEYS = ['chunk_search_results', 'vector_search_results'];
const isR2rChunk = (v: unknown): boolean => isObj(v) && typeof v.text === 'string' && 'score' in v && ('document_id' in v || 'extraction_id' in v);

function r2rList(root: unknown): { list: unknown[]; base: JsonPath } | undefined {
  if (!isObj(root) || !isObj(root.results)) return undefined;
  const res = root.results;
  for (const k of R2R_KEYS) {
    const v = res[k];
    if (Array.isArray(v) && (v.length === 0 || share(v, isR2rChunk) >= 0.8)) return { list: v, base: ['results', k] };
  }
  return undefined;
}

export const r2rReader: JsonStackReader = {
  id: 'r2r-search',
  label: 'R2R search results',
  detect: (root) => safe(() => (r2rList(root) ? 0.92 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const found = r2rList(root);
    if (!found) return [];
    const drafts: ChunkDraft[] = [];
    let query: { value: string; path: JsonPath } | undefined;
    found.list.forEach((c, i) => {
      const at = [...found.base, i];
      if (!isObj(c) || !isNonEmptyString(c.text)) {
        ctx.report({ severity: 'warning', message: `R2R result at ${ctx.describe(at)} has no text; skipped.`, at });
        return;
      }
      const meta: Obj = isObj(c.metadata) ? c.metadata : {};
      // R2R records the query each chunk answered in metadata.associated_query.
      if (!query && isNonEmptyString(meta.associated_query)) query = { value: meta.associated_query, path: [...at, 'metadata', 'associated_query'] };
      const score = readScore(c.score, [...at, 'score'], ctx);
      const metadata: Obj = { ...restOf(c, ['id', 'extraction_id', 'text', 'score', 'metadata']), ...restOf(meta, ['associated_query']) };
      drafts.push({ id: idOf(c.id) ?? idOf(c.extraction_id), text: c.text, textPath: [...at, 'text'], itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata });
    });
    return warnIfEmpty([buildSet('r2r-search', drafts, ctx, { query: query?.value, queryPath: query?.path })], ctx, 'R2R response', found.base);
  },
};

export const memoryReaders: JsonStackReader[] = [mem0Reader, r2rReader];
