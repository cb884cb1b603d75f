// Haystack: `Document.to_dict()` in 2.x ({id, content, blob, meta, score, embedding, sparse_embedding};
// with flatten=True (the default) the meta keys sit at the top level instead of under `meta`),
// 1.x ({content, content_type, id, meta, score, ...}), and pipeline outputs
// ({"retriever": {"documents": [...]}, "ranker": {"documents": [...]}}): one set per component.
// Retriever and ranker scores are "higher is better".
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import {
  buildSet, idOf, isNonEmptyString, isObj, pickQuery, pickRelevance, readScore, restOf, safe, settleKind, share, warnNoText,
  type ChunkDraft, type Obj,
} from './kit';

/** Keys Document.to_dict() always writes besides meta; their presence marks a Haystack document. */
const DOC_KEYS = ['blob', 'sparse_embedding', 'content_type', 'id_hash_keys', 'dataframe'];

function isStrongDoc(v: unknown): boolean {
  return isObj(v) && typeof v.content === 'string' && 'id' in v && (isObj(v.meta) || DOC_KEYS.some((k) => k in v));
}
function isWeakDoc(v: unknown): boolean {
  return isObj(v) && typeof v.content === 'string' && typeof v.id === 'string' && 'score' in v;
}

function docListScore(list: unknown): number {
  if (!Array.isArray(list) || list.length === 0) return 0;
  if (share(list, isStrongDoc) >= 0.8) return 0.85;
  if (share(list, isWeakDoc) >= 0.8) return 0.4;
  return 0;
}

/** Pipeline components whose output has a `documents` list. */
function pipelineComponents(root: unknown): string[] {
  if (!isObj(root)) return [];
  return Object.keys(root).filter((k) => isObj(root[k]) && docListScore((root[k] as Obj).documents) > 0);
}

function readDocs(list: unknown[], base: JsonPath, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((item, i) => {
    const at = [...base, i];
    if (!isObj(item)) {
      ctx.report({ severity: 'warning', message: `Item at ${ctx.describe(at)} is not a Haystack Document; skipped.`, at });
      return;
    }
    if (!isNonEmptyString(item.content)) {
      warnNoText(ctx, at, ['content']);
      return;
    }
    const meta = isObj(item.meta) ? item.meta : restOf(item, ['id', 'content', 'score', 'blob', 'content_type', 'id_hash_keys', 'dataframe']);
    const rel = pickRelevance(meta);
    drafts.push({
      id: idOf(item.id),
      text: item.content,
      textPath: [...at, 'content'],
      itemPath: at,
      score: readScore(item.score, [...at, 'score'], ctx),
      scoreKind: 'unknown',
      metadata: restOf(meta, []),
      relevance: rel?.value,
    });
  });
  settleKind(drafts, ctx, base);
  return drafts;
}

export const haystackDocumentsReader: JsonStackReader = {
  id: 'haystack-documents',
  label: 'Haystack Document list',
  detect: (root) =>
    safe(() => {
      if (Array.isArray(root)) return docListScore(root);
      if (isObj(root) && Array.isArray(root.documents)) return docListScore(root.documents) * 0.98;
      return 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (Array.isArray(root)) return [buildSet('haystack-documents', readDocs(root, [], ctx), ctx)];
    if (!isObj(root) || !Array.isArray(root.documents)) return [];
    const q = pickQuery(root);
    return [buildSet('haystack-documents', readDocs(root.documents, ['documents'], ctx), ctx, { query: q?.value, queryPath: q ? [q.key] : undefined })];
  },
};

export const haystackPipelineReader: JsonStackReader = {
  id: 'haystack-pipeline',
  label: 'Haystack pipeline output',
  detect: (root) =>
    safe(() => {
      const comps = pipelineComponents(root);
      if (comps.length === 0) return 0;
      return Math.max(...comps.map((c) => docListScore(((root as Obj)[c] as Obj).documents))) > 0.5 ? 0.9 : 0.42;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!isObj(root)) return [];
    const q = pickQuery(root);
    return pipelineComponents(root).map((comp) => {
      const set = buildSet('haystack-pipeline', readDocs((root[comp] as Obj).documents as unknown[], [comp, 'documents'], ctx), ctx, {
        query: q?.value,
        queryPath: q ? [q.key] : undefined,
      });
      // Several components (retriever, ranker, joiner) each give a ranking; the component names the set.
      set.name = comp;
      return set;
    });
  },
};

export const haystackReaders: JsonStackReader[] = [haystackDocumentsReader, haystackPipelineReader];
