// Algolia search: {hits: [{objectID, <attributes>, _highlightResult, _snippetResult, _rankingInfo?}],
// nbHits, page, nbPages, hitsPerPage, processingTimeMS, query, params}, and multi-index `search`
// ({results: [...]}). Algolia ranks by its tie-breaking criteria and returns no relevance score, so
// chunks have none (_rankingInfo is kept as metadata when asked for with getRankingInfo).
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const isHit = (v: unknown): boolean => isObj(v) && idOf(v.objectID) !== undefined;

function isResponse(v: unknown): v is Obj {
  if (!isObj(v) || !Array.isArray(v.hits)) return false;
  const marked = 'nbHits' in v || 'processingTimeMS' in v;
  return v.hits.length === 0 ? marked : share(v.hits, isHit) >= 0.8 && (marked || 'hitsPerPage' in v);
}

function responses(root: unknown): { res: Obj; base: JsonPath }[] | undefined {
  if (isResponse(root)) return [{ res: root, base: [] }];
  if (isObj(root) && Array.isArray(root.results) && root.results.length > 0 && root.results.every(isResponse)) {
    return root.results.map((res, i) => ({ res: res as Obj, base: ['results', i] }));
  }
  return undefined;
}

export const algoliaReader: JsonStackReader = {
  id: 'algolia-search',
  label: 'Algolia search response',
  detect: (root) => safe(() => (responses(root) ? 0.92 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = responses(root) ?? [];
    const sets = r.map(({ res, base }) => {
      const drafts: ChunkDraft[] = [];
      (res.hits as unknown[]).forEach((h, i) => {
        const at = [...base, 'hits', i];
        if (!isObj(h)) return;
        const extra: Obj = {};
        if (isObj(h._rankingInfo)) extra.rankingInfo = h._rankingInfo;
        const d = docDraft(ctx, {
          rec: h,
          recPath: at,
          itemPath: at,
          id: idOf(h.objectID),
          scoreKind: 'unknown',
          extra,
          drop: (k) => k === 'objectID' || k.startsWith('_'),
        });
        if (d) drafts.push(d);
      });
      const q = isNonEmptyString(res.query) ? res.query : undefined;
      const set = buildSet('algolia-search', drafts, ctx, { query: q, queryPath: q ? [...base, 'query'] : undefined });
      if (base.length > 0 && typeof res.index === 'string') set.name = res.index;
      return set;
    });
    return warnIfEmpty(sets, ctx, 'Algolia response', r.length === 1 ? [...r[0].base, 'hits'] : ['results']);
  },
};

export const algoliaReaders: JsonStackReader[] = [algoliaReader];
