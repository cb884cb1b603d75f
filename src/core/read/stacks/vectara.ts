// Vectara query responses. API v2 (`/v2/query`, `/v2/corpora/{key}/query`): {summary?,
// search_results: [{text, score, part_metadata, document_metadata, document_id,
// request_corpora_index?}], factual_consistency_score?}. API v1 (`/v1/query`): {responseSet:
// [{response: [{text, score, metadata: [{name, value}], documentIndex, corpusKey}], document:
// [{id, metadata}], summary}]}, one set per query. Scores (or the reranker's, when one ran) are higher
// is better. Several parts of one document share its id, so repeats get a tag of their text.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { uniqueIds } from './kit/docs';

const isV2Result = (v: unknown): boolean => isObj(v) && typeof v.text === 'string' && 'score' in v && ('document_id' in v || 'part_metadata' in v || 'document_metadata' in v);
const isV1Response = (v: unknown): boolean => isObj(v) && typeof v.text === 'string' && 'score' in v && ('documentIndex' in v || 'corpusKey' in v);

const v2List = (root: unknown): unknown[] | undefined =>
  isObj(root) && Array.isArray(root.search_results) && (root.search_results.length > 0 ? share(root.search_results, isV2Result) >= 0.8 : 'summary' in root) ? root.search_results : undefined;

function v1Sets(root: unknown): Obj[] | undefined {
  if (!isObj(root) || !Array.isArray(root.responseSet) || root.responseSet.length === 0) return undefined;
  const ok = root.responseSet.every((rs) => isObj(rs) && Array.isArray(rs.response) && (rs.response.length === 0 || share(rs.response, isV1Response) >= 0.8));
  return ok ? (root.responseSet as Obj[]) : undefined;
}

/** v1 metadata is a list of {name, value}; a map reads better. */
function nameValues(v: unknown): Obj {
  const out: Obj = {};
  if (Array.isArray(v)) for (const m of v) if (isObj(m) && typeof m.name === 'string') out[m.name] = m.value;
  return out;
}

function draft(r: Obj, at: JsonPath, ctx: JsonContext, id: string | undefined, metadata: Obj): ChunkDraft | undefined {
  if (!isNonEmptyString(r.text)) {
    ctx.report({ severity: 'warning', message: `Vectara result at ${ctx.describe(at)} has no text; skipped.`, at });
    return undefined;
  }
  const score = readScore(r.score, [...at, 'score'], ctx);
  return { id, text: r.text, textPath: [...at, 'text'], itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata };
}

export const vectaraReader: JsonStackReader = {
  id: 'vectara-query',
  label: 'Vectara query response',
  detect: (root) => safe(() => (v2List(root) || v1Sets(root) ? 0.92 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const q = isObj(root) && isNonEmptyString(root.query) ? (root.query as string) : undefined;
    const list = v2List(root);
    if (list) {
      const drafts: ChunkDraft[] = [];
      list.forEach((r, i) => {
        const at: JsonPath = ['search_results', i];
        if (!isObj(r)) return;
        const metadata: Obj = { ...(isObj(r.document_metadata) ? r.document_metadata : {}), ...(isObj(r.part_metadata) ? r.part_metadata : {}) };
        if (typeof r.request_corpora_index === 'number') metadata.request_corpora_index = r.request_corpora_index;
        const d = draft(r, at, ctx, idOf(r.document_id), metadata);
        if (d) drafts.push(d);
      });
      return warnIfEmpty([buildSet('vectara-query', uniqueIds(drafts), ctx, { query: q, queryPath: q ? ['query'] : undefined })], ctx, 'Vectara response', ['search_results']);
    }
    const sets = v1Sets(root) ?? [];
    return sets.map((rs, si) => {
      const docs = Array.isArray(rs.document) ? rs.document : [];
      const drafts: ChunkDraft[] = [];
      (rs.response as unknown[]).forEach((r, i) => {
        const at: JsonPath = ['responseSet', si, 'response', i];
        if (!isObj(r)) return;
        const doc = typeof r.documentIndex === 'number' ? docs[r.documentIndex] : undefined;
        const metadata: Obj = { ...(isObj(doc) ? nameValues(doc.metadata) : {}), ...nameValues(r.metadata) };
        const d = draft(r, at, ctx, isObj(doc) ? idOf(doc.id) : undefined, metadata);
        if (d) drafts.push(d);
      });
      return buildSet('vectara-query', uniqueIds(drafts), ctx, { queryId: sets.length > 1 ? String(si) : undefined });
    });
  },
};

export const vectaraReaders: JsonStackReader[] = [vectaraReader];
