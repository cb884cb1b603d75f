// Weaviate: GraphQL `Get` responses ({data: {Get: {Article: [{...properties, _additional: {id,
// distance | certainty | score, explainScore}}]}}}; one set per class) and the v4 Python client's
// query results serialised as {objects: [{uuid, properties, metadata: {distance, certainty, score}}]}.
// nearVector/nearText give `distance` (lower is better) or `certainty` (higher is better); bm25 and
// hybrid give `score`, which GraphQL returns as a string.
import type { RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, warnIfEmpty, idOf, isObj, pickQuery, readScore, recordDraft, safe, share, type ChunkDraft, type Obj } from './kit';

/** GraphQL answers a failed query with {errors: [{message}], data: {Get: null}} (or no data). */
function graphqlError(root: unknown): string | undefined {
  if (!isObj(root) || !Array.isArray(root.errors) || root.errors.length === 0) return undefined;
  if (isObj(root.data) && isObj(root.data.Get)) return undefined;
  const first = root.errors[0];
  return isObj(first) && typeof first.message === 'string' ? first.message : 'see "errors"';
}

function getClasses(root: unknown): Obj | undefined {
  if (!isObj(root) || !isObj(root.data) || !isObj(root.data.Get)) return undefined;
  return root.data.Get;
}

/** The score a Weaviate result carries, in the order that says most: distance, certainty, score. */
function pickWeaviateScore(add: Obj, base: JsonPath, ctx: JsonContext): { score?: number; kind: ScoreKind; key?: string } {
  const kinds: [string, ScoreKind][] = [['distance', 'distance'], ['certainty', 'similarity'], ['score', 'similarity']];
  for (const [key, kind] of kinds) {
    if (add[key] !== undefined && add[key] !== null) {
      return { score: readScore(add[key], [...base, key], ctx, { stringsAreNormal: true }), kind, key };
    }
  }
  return { kind: 'unknown' };
}

function readGraphqlObjects(list: unknown[], base: JsonPath, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((o, i) => {
    const at = [...base, i];
    if (!isObj(o)) return;
    const add = isObj(o._additional) ? o._additional : {};
    const s = pickWeaviateScore(add, [...at, '_additional'], ctx);
    const extra: Obj = {};
    if (add.explainScore !== undefined && add.explainScore !== null) extra.explainScore = add.explainScore;
    if (s.key) extra.scoreField = s.key;
    // The reranker modules (reranker-cohere, reranker-transformers) add _additional.rerank: [{score}].
    if (Array.isArray(add.rerank) && isObj(add.rerank[0]) && typeof add.rerank[0].score === 'number') extra.rerankScore = add.rerank[0].score;
    const d = recordDraft(ctx, {
      rec: o,
      recPath: at,
      itemPath: at,
      id: idOf(add.id),
      score: s.score,
      scoreKind: s.kind,
      extra,
      dropKeys: ['_additional'],
    });
    if (d) drafts.push(d);
  });
  return drafts;
}

export const weaviateGraphqlReader: JsonStackReader = {
  id: 'weaviate-graphql',
  label: 'Weaviate GraphQL Get response',
  detect: (root) =>
    safe(() => {
      const g = getClasses(root);
      if (!g) return graphqlError(root) !== undefined && isObj(root) && 'data' in root ? 0.7 : 0;
      return Object.values(g).some((v) => Array.isArray(v)) ? 0.95 : 0.6;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const failed = graphqlError(root);
    if (failed !== undefined) {
      ctx.report({ severity: 'error', message: `Weaviate returned an error instead of results: ${failed}.`, hint: 'Fix the query (class name, properties, module) and save the response again.', at: ['errors'] });
      return [];
    }
    const g = getClasses(root);
    if (!g || !isObj(root)) return [];
    if (Array.isArray(root.errors) && root.errors.length > 0) {
      const first = root.errors[0];
      ctx.report({
        severity: 'warning',
        message: `Weaviate returned errors: ${isObj(first) && typeof first.message === 'string' ? first.message : 'see "errors"'}.`,
        at: ['errors'],
      });
    }
    const q = pickQuery(root);
    const classes = Object.keys(g).filter((k) => Array.isArray(g[k]));
    const sets = classes.map((cls) => {
      const set = buildSet('weaviate-graphql', readGraphqlObjects(g[cls] as unknown[], ['data', 'Get', cls], ctx), ctx, {
        query: q?.value,
        queryPath: q ? [q.key] : undefined,
      });
      set.name = cls;
      return set;
    });
    return warnIfEmpty(sets, ctx, 'Weaviate response', ['data', 'Get']);
  },
};

const isV4Object = (v: unknown): boolean => isObj(v) && typeof v.uuid === 'string' && isObj(v.properties) && ('metadata' in v || 'collection' in v);

export const weaviateObjectsReader: JsonStackReader = {
  id: 'weaviate-objects',
  label: 'Weaviate client query result (objects)',
  detect: (root) =>
    safe(() => {
      const list = isObj(root) ? root.objects : root;
      return Array.isArray(list) && list.length > 0 && share(list, isV4Object) >= 0.8 ? 0.9 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const base: JsonPath = Array.isArray(root) ? [] : ['objects'];
    const list = Array.isArray(root) ? root : isObj(root) && Array.isArray(root.objects) ? root.objects : [];
    const drafts: ChunkDraft[] = [];
    list.forEach((o, i) => {
      const at = [...base, i];
      if (!isObj(o) || !isObj(o.properties)) return;
      const meta = isObj(o.metadata) ? o.metadata : {};
      const s = pickWeaviateScore(meta, [...at, 'metadata'], ctx);
      const extra: Obj = {};
      if (meta.explain_score) extra.explain_score = meta.explain_score;
      if (typeof o.collection === 'string') extra.collection = o.collection;
      const d = recordDraft(ctx, {
        rec: o.properties,
        recPath: [...at, 'properties'],
        itemPath: at,
        id: idOf(o.uuid),
        score: s.score,
        scoreKind: s.kind,
        extra,
      });
      if (d) drafts.push(d);
    });
    const q = isObj(root) ? pickQuery(root) : undefined;
    return [buildSet('weaviate-objects', drafts, ctx, { query: q?.value, queryPath: q ? [q.key] : undefined })];
  },
};

export const weaviateReaders: JsonStackReader[] = [weaviateGraphqlReader, weaviateObjectsReader];
