// Azure AI Search: the REST `docs/search` response ({"@odata.context", "@odata.count", value: [doc]})
// and the Python/JS SDK's result dicts iterated into a list. Each doc carries its index fields next to
// "@search.score" (BM25, RRF for hybrid, or a vector similarity: always higher is better) and, for
// semantic queries, "@search.rerankerScore" (0-4; results are sorted by it, so it is the order's score),
// "@search.captions" and "@search.highlights", kept as metadata. The SDK spells `@search.reranker_score`.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, isNonEmptyString, isObj, pickId, pickQuery, readScore, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';
import { docDraft } from './kit/docs';

const RERANKER_KEYS = ['@search.rerankerScore', '@search.reranker_score'];

const isAzureDoc = (v: unknown): boolean => isObj(v) && '@search.score' in v;

function docsOf(root: unknown): { list: unknown[]; base: JsonPath } | undefined {
  if (Array.isArray(root)) return root.length > 0 && share(root, isAzureDoc) >= 0.8 ? { list: root, base: [] } : undefined;
  if (!isObj(root) || !Array.isArray(root.value)) return undefined;
  const v = root.value;
  if (v.length === 0) return '@odata.context' in root ? { list: v, base: ['value'] } : undefined;
  return share(v, isAzureDoc) >= 0.8 ? { list: v, base: ['value'] } : undefined;
}

/** Captions as plain strings (REST: [{text, highlights}]; SDK objects serialised the same way). */
function captionTexts(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.map((c) => (isObj(c) && typeof c.text === 'string' ? c.text : typeof c === 'string' ? c : undefined)).filter(isNonEmptyString);
  return out.length > 0 ? out : undefined;
}

export const azureSearchReader: JsonStackReader = {
  id: 'azure-ai-search',
  label: 'Azure AI Search results',
  detect: (root) => safe(() => (docsOf(root) ? (Array.isArray(root) ? 0.9 : 0.94) : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const found = docsOf(root);
    if (!found) return [];
    const semantic = found.list.some((d) => isObj(d) && RERANKER_KEYS.some((k) => typeof d[k] === 'number'));
    if (semantic) {
      ctx.report({
        severity: 'info',
        message: 'These are semantic-ranker results: the original order and score are Azure\'s reranker (@search.rerankerScore); @search.score is kept as metadata.searchScore.',
        at: found.base,
      });
    }
    const drafts: ChunkDraft[] = [];
    found.list.forEach((doc, i) => {
      const at = [...found.base, i];
      if (!isObj(doc)) return;
      const extra: Obj = {};
      let score: number | undefined;
      if (semantic) {
        const key = RERANKER_KEYS.find((k) => k in doc && doc[k] !== null);
        score = key ? readScore(doc[key], [...at, key], ctx) : undefined;
        if (typeof doc['@search.score'] === 'number') extra.searchScore = doc['@search.score'];
      } else {
        score = readScore(doc['@search.score'], [...at, '@search.score'], ctx);
      }
      const captions = captionTexts(doc['@search.captions']);
      if (captions) extra.captions = captions;
      if (isObj(doc['@search.highlights'])) extra.highlights = doc['@search.highlights'];
      const id = pickId(doc, ['id', 'chunk_id', 'key', 'doc_id', 'document_id', 'parent_id']);
      const d = docDraft(ctx, {
        rec: doc,
        recPath: at,
        itemPath: at,
        id: id?.value,
        score,
        scoreKind: 'similarity',
        extra,
        drop: (k) => k.startsWith('@search.') || k === id?.key,
      });
      if (d) drafts.push(d);
    });
    const q = isObj(root) ? pickQuery(root, ['query', 'search', 'question']) : undefined;
    return warnIfEmpty([buildSet('azure-ai-search', drafts, ctx, { query: q?.value, queryPath: q ? [q.key] : undefined })], ctx, 'Azure AI Search response', found.base);
  },
};

export const azureReaders: JsonStackReader[] = [azureSearchReader];
