// Google Vertex AI RAG Engine `retrieveContexts`: {contexts: {contexts: [{sourceUri,
// sourceDisplayName, text, distance | score, chunk: {text, pageSpan}}]}} (REST, and the Python SDK's
// MessageToDict). `distance` is lower-is-better; `score` is the vector DB's metric, a cosine distance
// for the default RagManagedDb, so it is read as a distance unless the scores fall down the list.
import type { RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../stack';
import { buildSet, isNonEmptyString, isObj, kindFromOrder, readScore, restOf, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './common';

const isContext = (v: unknown): boolean => isObj(v) && (typeof v.text === 'string' || (isObj(v.chunk) && typeof v.chunk.text === 'string')) && ('sourceUri' in v || 'source_uri' in v || 'sourceDisplayName' in v);

function contextsOf(root: unknown): { list: unknown[]; base: JsonPath } | undefined {
  if (!isObj(root)) return undefined;
  const outer = root.contexts;
  if (isObj(outer) && Array.isArray(outer.contexts)) {
    const l = outer.contexts;
    return l.length === 0 || share(l, isContext) >= 0.8 ? { list: l, base: ['contexts', 'contexts'] } : undefined;
  }
  if (Array.isArray(outer) && outer.length > 0 && share(outer, isContext) >= 0.8) return { list: outer, base: ['contexts'] };
  return undefined;
}

export const vertexRagReader: JsonStackReader = {
  id: 'vertex-rag-contexts',
  label: 'Vertex AI RAG Engine retrieveContexts response',
  detect: (root) => safe(() => (contextsOf(root) ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const found = contextsOf(root);
    if (!found) return [];
    const drafts: ChunkDraft[] = [];
    let scoreKey: string | undefined;
    found.list.forEach((c, i) => {
      const at = [...found.base, i];
      if (!isObj(c)) return;
      const textPath: JsonPath = isNonEmptyString(c.text) ? [...at, 'text'] : [...at, 'chunk', 'text'];
      const text = isNonEmptyString(c.text) ? c.text : isObj(c.chunk) && isNonEmptyString(c.chunk.text) ? c.chunk.text : undefined;
      if (!text) {
        ctx.report({ severity: 'warning', message: `Context at ${ctx.describe(at)} has no text; skipped.`, at });
        return;
      }
      const key = c.distance !== undefined && c.distance !== null ? 'distance' : c.score !== undefined && c.score !== null ? 'score' : undefined;
      if (key) scoreKey ??= key;
      const score = key ? readScore(c[key], [...at, key], ctx) : undefined;
      const metadata: Obj = restOf(c, ['text', 'chunk', 'distance', 'score']);
      if (isObj(c.chunk) && isObj(c.chunk.pageSpan)) metadata.pageSpan = c.chunk.pageSpan;
      drafts.push({ text, textPath, itemPath: at, score, scoreKind: 'distance', metadata });
    });
    let kind: ScoreKind = 'distance';
    if (scoreKey === 'score' && kindFromOrder(drafts.map((d) => d.score)) === 'similarity') {
      kind = 'similarity';
      ctx.report({ severity: 'info', message: `Scores at ${ctx.describe(found.base)} fall down the list, so they are read as similarities (the vector DB's metric is a similarity).`, at: found.base });
    }
    for (const d of drafts) d.scoreKind = kind;
    return warnIfEmpty([buildSet('vertex-rag-contexts', drafts, ctx)], ctx, 'retrieveContexts response', found.base);
  },
};

export const vertexReaders: JsonStackReader[] = [vertexRagReader];
