// Elasticsearch / OpenSearch `_search` responses ({took, hits: {total, max_score, hits: [{_index, _id,
// _score, _source, highlight, fields, sort}]}}) and `_msearch` ({responses: [...]}, one set each).
// The text is the first configured field of `_source` (or of `fields`, whose values are arrays when
// _source is off), else the longest string in `_source`. `highlight` fragments are kept as metadata
// only: they are excerpts with markup, not the chunk. `_score` (BM25, kNN, hybrid) is a similarity.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import {
  DEFAULT_TEXT_FIELDS, buildSet, warnIfEmpty, describeValue, idOf, isNonEmptyString, isObj, pickQuery, pickRelevance, readScore, restOf, safe, share,
  warnNoText, type ChunkDraft, type Obj,
} from './kit';

const isHit = (v: unknown): boolean => isObj(v) && ('_id' in v || '_index' in v) && ('_source' in v || 'fields' in v || '_score' in v);

function hitsOf(resp: unknown): unknown[] | undefined {
  if (!isObj(resp) || !isObj(resp.hits) || !Array.isArray(resp.hits.hits)) return undefined;
  const hits = resp.hits.hits;
  return hits.length === 0 || share(hits, isHit) >= 0.8 ? hits : undefined;
}

function responses(root: unknown): { hits: unknown[]; path: JsonPath }[] | undefined {
  const single = hitsOf(root);
  if (single) return [{ hits: single, path: ['hits', 'hits'] }];
  if (isObj(root) && Array.isArray(root.responses) && root.responses.length > 0) {
    const out: { hits: unknown[]; path: JsonPath }[] = [];
    root.responses.forEach((r, i) => {
      const h = hitsOf(r);
      if (h) out.push({ hits: h, path: ['responses', i, 'hits', 'hits'] });
    });
    return out.length > 0 ? out : undefined;
  }
  return undefined;
}

/** The text of a hit and where it sits; the longest `_source` string when no known field holds it. */
function hitText(hit: Obj, textFields: readonly string[]): { value: string; path: JsonPath; guessed: boolean } | undefined {
  const src = isObj(hit._source) ? hit._source : undefined;
  if (src) {
    for (const f of textFields) if (isNonEmptyString(src[f])) return { value: src[f] as string, path: ['_source', f], guessed: false };
  }
  const fields = isObj(hit.fields) ? hit.fields : undefined;
  if (fields) {
    for (const f of textFields) {
      const v = fields[f];
      if (Array.isArray(v) && isNonEmptyString(v[0])) return { value: v[0], path: ['fields', f, 0], guessed: false };
    }
  }
  if (src) {
    let best: string | undefined;
    for (const [k, v] of Object.entries(src)) if (isNonEmptyString(v) && v.length >= 40 && (!best || v.length > (src[best] as string).length)) best = k;
    if (best) return { value: src[best] as string, path: ['_source', best], guessed: true };
  }
  return undefined;
}

/** {error: {root_cause, type, reason}, status}: what ES/OpenSearch answer instead of hits. */
function esError(root: unknown): string | undefined {
  if (!isObj(root) || !isObj(root.error) || typeof root.status !== 'number') return undefined;
  const e = root.error;
  if (!Array.isArray(e.root_cause) && typeof e.type !== 'string') return undefined;
  return `${typeof e.type === 'string' ? e.type : 'error'}${typeof e.reason === 'string' ? `: ${e.reason}` : ''}`;
}

export function makeElasticsearchReader(textFields: readonly string[] = DEFAULT_TEXT_FIELDS): JsonStackReader {
  return {
    id: 'elasticsearch-hits',
    label: 'Elasticsearch / OpenSearch search response',
    detect: (root) => safe(() => (responses(root) ? 0.95 : esError(root) ? 0.7 : 0), 0),
    read(root: unknown, ctx: JsonContext): RetrievalSet[] {
      const failed = esError(root);
      if (failed !== undefined) {
        ctx.report({
          severity: 'error',
          message: `The search failed with status ${(root as Obj).status} (${failed}); there are no hits to rerank.`,
          hint: 'Fix the query and save the response again.',
          at: ['error'],
        });
        return [];
      }
      const rs = responses(root) ?? [];
      const q = isObj(root) ? pickQuery(root) : undefined;
      const guessedFields = new Set<string>();
      const sets = rs.map(({ hits, path }, ri) => {
        const drafts: ChunkDraft[] = [];
        hits.forEach((h, i) => {
          const at = [...path, i];
          if (!isObj(h)) {
            ctx.report({ severity: 'warning', message: `Hit at ${ctx.describe(at)} is ${describeValue(h)}; skipped.`, at });
            return;
          }
          const text = hitText(h, textFields);
          if (!text) {
            warnNoText(ctx, at, textFields.map((f) => `_source.${f}`));
            return;
          }
          if (text.guessed) guessedFields.add(String(text.path[1]));
          const src = isObj(h._source) ? h._source : {};
          const metadata: Obj = { ...restOf(src, text.path[0] === '_source' ? [String(text.path[1])] : []) };
          const nested = isObj(metadata.metadata) ? (metadata.metadata as Obj) : undefined;
          if (nested) {
            delete metadata.metadata;
            Object.assign(metadata, nested);
          }
          if (typeof h._index === 'string') metadata._index = h._index;
          if (h.highlight !== undefined) metadata.highlight = h.highlight;
          if (h.sort !== undefined) metadata.sort = h.sort;
          const score = readScore(h._score, [...at, '_score'], ctx);
          drafts.push({
            id: idOf(h._id),
            text: text.value,
            textPath: [...at, ...text.path],
            itemPath: at,
            score,
            scoreKind: score === undefined ? 'unknown' : 'similarity',
            metadata,
            relevance: pickRelevance(src)?.value,
          });
        });
        const set = buildSet('elasticsearch-hits', drafts, ctx, {
          query: q?.value,
          queryPath: q ? [q.key] : undefined,
          queryId: rs.length > 1 ? String(ri) : undefined,
        });
        return set;
      });
      for (const f of guessedFields) {
        ctx.report({
          severity: 'info',
          message: `No usual text field (${textFields.slice(0, 5).join(', ')}, …) in _source; read the longest string field "${f}" as the text.`,
          hint: 'Pick the text path yourself if this is the wrong field.',
          at: rs[0]?.path,
        });
      }
      return warnIfEmpty(sets, ctx, 'search response', rs[0]?.path ?? ['hits', 'hits']);
    },
  };
}

export const elasticsearchReader = makeElasticsearchReader();
export const elasticsearchReaders: JsonStackReader[] = [elasticsearchReader];
