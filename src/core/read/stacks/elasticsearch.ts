// Elasticsearch / OpenSearch `_search` responses ({took, hits: {total, max_score, hits: [{_index, _id,
// _score, _source, highlight, fields, sort}]}}) and `_msearch` ({responses: [...]}, one set each).
// The text is the first configured field of `_source` (or of `fields`, whose values are arrays when
// _source is off), else the longest string in `_source`. `highlight` fragments are kept as metadata
// only: they are excerpts with markup, not the chunk. `_score` (BM25, kNN, hybrid) is a similarity.
// Nested fields with `inner_hits` (nested kNN over passages): when the documents' `_source` holds no
// text and their inner hits do, the inner hits are the chunks (the passages that matched, in order: by
// document, then by passage), each with its own `_score` and an id `<_id>#<field>.<offset>`; when the
// documents hold their text, they are the chunks and a note says the inner hits were not used.
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
type HitText = { value: string; path: JsonPath; guessed: boolean; via?: 'semantic' | 'highlight'; field?: string };

/** A `semantic_text` field as ES 8.15-8.17 store it in _source: {text, inference: {chunks: [...]}}. */
const isSemanticText = (v: unknown): v is Obj => isObj(v) && isNonEmptyString(v.text) && isObj(v.inference) && Array.isArray(v.inference.chunks);

function hitText(hit: Obj, textFields: readonly string[]): HitText | undefined {
  const src = isObj(hit._source) ? hit._source : undefined;
  if (src) {
    for (const f of textFields) if (isNonEmptyString(src[f])) return { value: src[f] as string, path: ['_source', f], guessed: false };
    // semantic_text: the field's whole text is the chunk (its inference chunks are pieces of it).
    const sem = [...textFields, ...Object.keys(src)].find((f) => isSemanticText(src[f]));
    if (sem) return { value: (src[sem] as Obj).text as string, path: ['_source', sem, 'text'], guessed: false, via: 'semantic', field: sem };
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
  // No text stored with the hit (a semantic_text field in ES 8.18+ / 9 is kept out of _source): the
  // highlight fragments are the text (the semantic highlighter returns the matching chunks whole).
  const hl = isObj(hit.highlight) ? hit.highlight : undefined;
  if (hl) {
    const f = [...textFields, ...Object.keys(hl)].find((k) => Array.isArray(hl[k]) && (hl[k] as unknown[]).length > 0 && (hl[k] as unknown[]).every(isNonEmptyString));
    if (f) {
      const frags = (hl[f] as string[]).map((x) => x.replace(/<\/?em>/g, ''));
      return { value: frags.join('\n'), path: frags.length === 1 ? ['highlight', f, 0] : ['highlight', f], guessed: false, via: 'highlight', field: f };
    }
  }
  return undefined;
}

/** `inner_hits: {name: {hits: {hits: [...]}}}` of a hit: the inner hit lists with their names. */
function innerHitsOf(hit: Obj): { name: string; hits: unknown[] }[] {
  if (!isObj(hit.inner_hits)) return [];
  const out: { name: string; hits: unknown[] }[] = [];
  for (const [name, v] of Object.entries(hit.inner_hits)) {
    if (isObj(v) && isObj(v.hits) && Array.isArray(v.hits.hits)) out.push({ name, hits: v.hits.hits });
  }
  return out;
}

/** Drafts for the inner hits of one document (its passages). */
function innerDrafts(h: Obj, at: JsonPath, textFields: readonly string[], ctx: JsonContext): ChunkDraft[] {
  const out: ChunkDraft[] = [];
  const parent: Obj = isObj(h._source) ? restOf(h._source, []) : {};
  for (const { name, hits } of innerHitsOf(h)) {
    hits.forEach((ih, k) => {
      if (!isObj(ih)) return;
      const iat = [...at, 'inner_hits', name, 'hits', 'hits', k];
      const text = hitText(ih, textFields);
      if (!text) return;
      const nested = isObj(ih._nested) ? ih._nested : undefined;
      const where = nested && (typeof nested.field === 'string' || typeof nested.offset === 'number') ? `${String(nested.field ?? name)}.${String(nested.offset ?? k)}` : `${name}.${k}`;
      const parentId = idOf(ih._id ?? h._id);
      const score = readScore(ih._score, [...iat, '_score'], ctx);
      const metadata: Obj = { ...restOf(isObj(ih._source) ? ih._source : {}, text.path[0] === '_source' ? [String(text.path[1])] : []) };
      for (const [key, v] of Object.entries(parent)) if (!(key in metadata)) metadata[key] = v;
      if (parentId !== undefined) metadata._parent_id = parentId;
      if (typeof h._score === 'number') metadata._parent_score = h._score;
      if (typeof h._index === 'string') metadata._index = h._index;
      out.push({
        id: parentId !== undefined ? `${parentId}#${where}` : undefined,
        text: text.value,
        textPath: [...iat, ...text.path],
        itemPath: iat,
        score,
        scoreKind: score === undefined ? 'unknown' : 'similarity',
        metadata,
      });
    });
  }
  return out;
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
      const semanticFields = new Set<string>();
      const highlightFields = new Set<string>();
      const innerNotes: string[] = [];
      const sets = rs.map(({ hits, path }, ri) => {
        const drafts: ChunkDraft[] = [];
        // Documents without a text of their own (none, or only a guessed longest string) whose inner
        // hits hold one: the passages are the chunks.
        const objs = hits.filter(isObj);
        const withInner = objs.filter((h) => innerHitsOf(h).some((x) => x.hits.some((ih) => isObj(ih) && hitText(ih, textFields) !== undefined)));
        if (withInner.length > 0 && objs.every((h) => hitText(h, textFields)?.guessed !== false)) {
          const names = [...new Set(withInner.flatMap((h) => innerHitsOf(h).map((x) => x.name)))];
          hits.forEach((h, i) => {
            if (isObj(h)) drafts.push(...innerDrafts(h, [...path, i], textFields, ctx));
          });
          ctx.report({
            severity: 'info',
            message: `The documents at ${ctx.describe(path)} hold no text in _source; read their inner hits (${names.map((n) => `inner_hits.${n}`).join(', ')}) as the chunks: ${drafts.length} passage${drafts.length === 1 ? '' : 's'} from ${withInner.length} document${withInner.length === 1 ? '' : 's'}, in order (by document, then passage), each with its own _score; ids are <_id>#<field>.<offset>.`,
            hint: 'To rerank the documents instead, pick a text path in _source (CLI: --text-path).',
            at: path,
          });
        } else if (withInner.length > 0) {
          innerNotes.push(`${ctx.describe(path)}`);
        }
        if (drafts.length === 0) hits.forEach((h, i) => {
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
          if (text.via === 'semantic') semanticFields.add(text.field!);
          if (text.via === 'highlight') highlightFields.add(text.field!);
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
      if (innerNotes.length > 0) {
        ctx.report({
          severity: 'info',
          message: `Read the documents' _source texts at ${innerNotes.join(', ')}; their inner_hits were not used.`,
          hint: "To rerank the inner hits instead, pick their text path (CLI: --text-path '$.hits.hits[*].inner_hits.NAME.hits.hits[*]._source.text').",
          at: rs[0]?.path,
        });
      }
      for (const f of semanticFields) {
        ctx.report({
          severity: 'info',
          message: `_source.${f} is a semantic_text field: read its whole text (_source.${f}.text) as each hit's chunk; its inference chunks (pieces of that text) were not used one by one.`,
          at: rs[0]?.path,
        });
      }
      for (const f of highlightFields) {
        ctx.report({
          severity: 'info',
          // One chunk per hit, not per fragment: the hit is what the search ranked (_id, _score and rank are
          // per hit); chunks split from it would share one score and id and form a ranking that never existed.
          message: `The hits hold no text in _source or fields: read their highlight.${f} fragments as the text, one chunk per hit (several fragments of a hit joined by a line break, <em> marks removed), scored by the hit's _score: the hit is what the search ranked, so its fragments stay together rather than becoming chunks with a shared score.`,
          hint: 'To rerank whole documents, search with _source including the text field (a semantic_text field: "fields": ["' + f + '"]).',
          at: rs[0]?.path,
        });
      }
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
