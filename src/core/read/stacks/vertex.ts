// Google Vertex AI RAG Engine and Vertex AI Search (below).
// RAG Engine `retrieveContexts`: {contexts: {contexts: [{sourceUri,
// sourceDisplayName, text, distance | score, chunk: {text, pageSpan}}]}} (REST, and the Python SDK's
// MessageToDict). `distance` is lower-is-better; `score` is the vector DB's metric, a cosine distance
// for the default RagManagedDb, so it is read as a distance unless the scores fall down the list.
import type { RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, kindFromOrder, readScore, restOf, safe, share, warnIfEmpty, type ChunkDraft, type Obj } from './kit';

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

// Vertex AI Search (Discovery Engine) `servingConfigs.search`: {results: [{id, document: {id,
// derivedStructData: {title, link, extractive_segments: [{content, relevanceScore}],
// extractive_answers: [{content}], snippets: [{snippet}]}}, modelScores?}], totalSize,
// attributionToken, summary?}, or in chunk mode results: [{id, chunk: {id, content, relevanceScore,
// documentMetadata: {uri, title}}}]. Text: the chunk, else the extractive segments, answers, or snippet.
const isSearchResult = (v: unknown): boolean => isObj(v) && (isObj(v.chunk) || (isObj(v.document) && (isObj(v.document.derivedStructData) || isObj(v.document.structData))));

function searchResults(root: unknown): unknown[] | undefined {
  if (!isObj(root) || !Array.isArray(root.results)) return undefined;
  if (!('attributionToken' in root || 'totalSize' in root || 'summary' in root || 'queryExpansionInfo' in root)) return undefined;
  return root.results.length === 0 || share(root.results, isSearchResult) >= 0.8 ? root.results : undefined;
}

/** The passage(s) of a document result: extractive segments, else answers, else snippets (each joined when several). */
function passage(d: Obj, at: JsonPath): { text: string; path: JsonPath; score?: unknown; scorePath?: JsonPath } | undefined {
  for (const [key, field] of [['extractive_segments', 'content'], ['extractive_answers', 'content'], ['snippets', 'snippet']] as const) {
    const list = d[key];
    if (!Array.isArray(list)) continue;
    const parts = list.map((x, i) => ({ x, i })).filter(({ x }) => isObj(x) && isNonEmptyString(x[field]));
    if (parts.length === 0) continue;
    if (parts.length === 1) {
      const only = parts[0].x as Obj;
      return { text: only[field] as string, path: [...at, key, parts[0].i, field], score: only.relevanceScore, scorePath: [...at, key, parts[0].i, 'relevanceScore'] };
    }
    return { text: parts.map(({ x }) => (x as Obj)[field] as string).join('\n'), path: [...at, key] };
  }
  return undefined;
}

export const vertexSearchReader: JsonStackReader = {
  id: 'vertex-ai-search',
  label: 'Vertex AI Search (Discovery Engine) results',
  detect: (root) => safe(() => (searchResults(root) ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const list = searchResults(root);
    if (!list) return [];
    const drafts: ChunkDraft[] = [];
    list.forEach((r, i) => {
      const at: JsonPath = ['results', i];
      if (!isObj(r)) return;
      if (isObj(r.chunk)) {
        const c = r.chunk;
        if (!isNonEmptyString(c.content)) {
          ctx.report({ severity: 'warning', message: `Chunk at ${ctx.describe([...at, 'chunk'])} has no content; skipped.`, at });
          return;
        }
        const score = readScore(c.relevanceScore, [...at, 'chunk', 'relevanceScore'], ctx);
        const metadata: Obj = restOf(c, ['content', 'id', 'name', 'relevanceScore', 'documentMetadata']);
        if (isObj(c.documentMetadata)) Object.assign(metadata, c.documentMetadata);
        drafts.push({ id: idOf(c.id) ?? idOf(r.id), text: c.content, textPath: [...at, 'chunk', 'content'], itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata });
        return;
      }
      const doc = isObj(r.document) ? r.document : {};
      const dsd: Obj = isObj(doc.derivedStructData) ? doc.derivedStructData : {};
      const p = passage(dsd, [...at, 'document', 'derivedStructData']);
      if (!p) {
        ctx.report({ severity: 'warning', message: `Result at ${ctx.describe(at)} has no extractive segment, answer or snippet; skipped.`, hint: 'Ask for extractive content in contentSearchSpec, or use chunk mode.', at });
        return;
      }
      const model = isObj(r.modelScores) && isObj(r.modelScores.relevance_score) && Array.isArray(r.modelScores.relevance_score.values) ? r.modelScores.relevance_score.values[0] : undefined;
      const score = p.score !== undefined ? readScore(p.score, p.scorePath!, ctx) : model !== undefined ? readScore(model, [...at, 'modelScores', 'relevance_score', 'values', 0], ctx) : undefined;
      const metadata: Obj = {};
      for (const k of ['title', 'link']) if (isNonEmptyString(dsd[k])) metadata[k] = dsd[k];
      if (isObj(doc.structData)) Object.assign(metadata, doc.structData);
      drafts.push({ id: idOf(doc.id) ?? idOf(r.id), text: p.text, textPath: p.path, itemPath: at, score, scoreKind: score === undefined ? 'unknown' : 'similarity', metadata });
    });
    return warnIfEmpty([buildSet('vertex-ai-search', drafts, ctx)], ctx, 'Vertex AI Search response', ['results']);
  },
};

// Gemini / Vertex AI `generateContent` with a retrieval tool (RAG Engine, Vertex AI Search, File
// Search): {candidates: [{content, groundingMetadata: {retrievalQueries?, groundingChunks:
// [{retrievedContext: {uri, title, text}}], groundingSupports}}]}. The chunks are what grounded the
// answer, in the order the response lists them, with no score; the answer itself (content.parts,
// groundingSupports' segments) is not a chunk. Web grounding chunks ({web: {uri, title}}) hold no text.
function groundingOf(root: unknown): { chunks: unknown[]; base: JsonPath; meta: Obj; candidate: number }[] {
  if (!isObj(root) || !Array.isArray(root.candidates)) return [];
  const out: { chunks: unknown[]; base: JsonPath; meta: Obj; candidate: number }[] = [];
  root.candidates.forEach((c, i) => {
    if (!isObj(c)) return;
    const meta = isObj(c.groundingMetadata) ? c.groundingMetadata : isObj(c.grounding_metadata) ? c.grounding_metadata : undefined;
    if (!meta) return;
    const key = Array.isArray(meta.groundingChunks) ? 'groundingChunks' : Array.isArray(meta.grounding_chunks) ? 'grounding_chunks' : undefined;
    if (key) out.push({ chunks: meta[key] as unknown[], base: ['candidates', i, c.groundingMetadata ? 'groundingMetadata' : 'grounding_metadata', key], meta, candidate: i });
  });
  return out;
}

const retrieved = (v: unknown): Obj | undefined => (isObj(v) ? (isObj(v.retrievedContext) ? v.retrievedContext : isObj(v.retrieved_context) ? v.retrieved_context : undefined) : undefined);

export const geminiGroundingReader: JsonStackReader = {
  id: 'gemini-grounding',
  label: 'Gemini / Vertex AI grounding metadata (groundingChunks)',
  detect: (root) => safe(() => (groundingOf(root).some((g) => g.chunks.some((c) => isObj(c) && (retrieved(c) || isObj(c.web)))) ? 0.9 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const sets: RetrievalSet[] = [];
    let webOnly = 0;
    for (const g of groundingOf(root)) {
      const drafts: ChunkDraft[] = [];
      g.chunks.forEach((c, k) => {
        const rc = retrieved(c);
        const rcKey = isObj(c) && isObj(c.retrievedContext) ? 'retrievedContext' : 'retrieved_context';
        if (!rc || !isNonEmptyString(rc.text)) {
          if (isObj(c) && isObj(c.web)) webOnly++;
          return;
        }
        drafts.push({
          id: idOf(rc.uri) ?? idOf(rc.documentName) ?? undefined,
          text: rc.text,
          textPath: [...g.base, k, rcKey, 'text'],
          itemPath: [...g.base, k],
          scoreKind: 'unknown',
          metadata: restOf(rc, ['text']),
        });
      });
      const queries = Array.isArray(g.meta.retrievalQueries) ? g.meta.retrievalQueries : Array.isArray(g.meta.webSearchQueries) ? g.meta.webSearchQueries : [];
      const qKey = Array.isArray(g.meta.retrievalQueries) ? 'retrievalQueries' : 'webSearchQueries';
      const q = queries.find(isNonEmptyString);
      const set = buildSet('gemini-grounding', drafts, ctx, q ? { query: q, queryPath: [...g.base.slice(0, -1), qKey, queries.indexOf(q)] } : {});
      if (g.candidate > 0 || groundingOf(root).length > 1) set.name = `candidate ${g.candidate + 1}`;
      sets.push(set);
    }
    if (webOnly > 0) {
      ctx.report({ severity: 'warning', message: `${webOnly} grounding chunk${webOnly === 1 ? ' is' : 's are'} web results ({web: {uri, title}}) without text; skipped.`, hint: 'Google Search grounding returns no page texts: fetch the pages, or ground on a RAG corpus.' });
    }
    if (sets.some((s) => s.chunks.length > 0)) {
      ctx.report({ severity: 'info', message: 'Read the grounding chunks (groundingMetadata.groundingChunks[*].retrievedContext.text) in the order the response lists them: they carry no retrieval score; the answer text is not a chunk.' });
    }
    return warnIfEmpty(sets, ctx, 'grounding metadata', ['candidates']);
  },
};

export const vertexReaders: JsonStackReader[] = [vertexRagReader, vertexSearchReader, geminiGroundingReader];
