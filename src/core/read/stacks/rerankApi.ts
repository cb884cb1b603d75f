// Hosted and self-hosted rerank APIs. Requests: Cohere / Jina / Infinity / vLLM
// ({model, query, documents: [string | {text, ...}], top_n, return_documents}) and Hugging Face TEI
// `/rerank` ({query, texts, raw_scores, return_text}). Responses: {results: [{index, relevance_score,
// document?: {text} | string}], ...} (Cohere, Jina, Infinity, vLLM) and TEI's [{index, score, text?}].
// A request is the retriever's ranking as sent (no scores). A response alone has texts only when
// documents were returned; its order and relevance_score are the API's ranking, so its chunks are
// listed by `index` (their place in the request: the original rank), the API's rank and score kept in
// metadata.reranked and the note saying the file's order is a reranker's (kit/reranked.ts). Voyage and Mixedbread
// answer the same under `data` (Mixedbread's returned text is `input`). A file holding both
// ({request, response}) gives the request's chunks in request order, each with the API's verdict in
// metadata.rerankApi = {index, rank, relevanceScore}, so the local model can be compared with it.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, draftsFromItems, fromRerankedOrder, isNonEmptyString, isObj, readScore, reportReranked, safe, type ChunkDraft, type Obj } from './kit';

const REQUEST_MARKERS = ['model', 'top_n', 'return_documents', 'rank_fields', 'max_chunks_per_doc', 'max_tokens_per_doc'];
const TEI_MARKERS = ['raw_scores', 'return_text', 'truncate', 'truncation_direction'];

function isDocItem(v: unknown): boolean {
  return isNonEmptyString(v) || (isObj(v) && typeof v.text === 'string');
}

function isCohereRequest(v: unknown): v is Obj {
  return isObj(v) && typeof v.query === 'string' && Array.isArray(v.documents) && v.documents.every(isDocItem);
}
/** Mixedbread: {model, query, input: [string], top_k, return_input}. */
function isMixedbreadRequest(v: unknown): v is Obj {
  return isObj(v) && typeof v.query === 'string' && 'model' in v && Array.isArray(v.input) && v.input.length > 0 && v.input.every(isDocItem);
}
function isTeiRequest(v: unknown): v is Obj {
  return isObj(v) && typeof v.query === 'string' && Array.isArray(v.texts) && v.texts.every((t) => typeof t === 'string');
}

interface ApiResult {
  index: number;
  score?: number;
  text?: string;
  textPath?: JsonPath;
  path: JsonPath;
}

// Amazon Bedrock's Rerank API spells relevanceScore and nests text in document.textDocument.text.
const isApiResult = (v: unknown): boolean => isObj(v) && typeof v.index === 'number' && ('relevance_score' in v || 'score' in v || 'relevanceScore' in v);

function resultList(v: unknown): { list: unknown[]; base: JsonPath; tei: boolean } | undefined {
  if (Array.isArray(v) && v.length > 0 && v.every((x) => isObj(x) && typeof x.index === 'number' && 'score' in x)) {
    return { list: v, base: [], tei: true };
  }
  if (isObj(v) && Array.isArray(v.results) && v.results.length > 0 && v.results.every(isApiResult)) {
    return { list: v.results, base: ['results'], tei: false };
  }
  // Voyage ({object: "list", data: [{index, relevance_score, document?}], model, usage}) and
  // Mixedbread ({data: [{index, score, input?, object: "text_document"}], model, top_k, usage}).
  if (isObj(v) && Array.isArray(v.data) && v.data.length > 0 && v.data.every(isApiResult) && ('model' in v || v.object === 'list')) {
    return { list: v.data, base: ['data'], tei: false };
  }
  return undefined;
}

function readResults(list: unknown[], base: JsonPath, ctx: JsonContext): ApiResult[] {
  const out: ApiResult[] = [];
  list.forEach((r, i) => {
    const at = [...base, i];
    if (!isObj(r) || typeof r.index !== 'number') return;
    const scoreKey = 'relevance_score' in r ? 'relevance_score' : 'relevanceScore' in r ? 'relevanceScore' : 'score';
    const res: ApiResult = { index: r.index, score: readScore(r[scoreKey], [...at, scoreKey], ctx), path: at };
    if (isNonEmptyString(r.text)) {
      res.text = r.text;
      res.textPath = [...at, 'text'];
    } else if (isNonEmptyString(r.document)) {
      res.text = r.document;
      res.textPath = [...at, 'document'];
    } else if (isObj(r.document) && isNonEmptyString(r.document.text)) {
      res.text = r.document.text;
      res.textPath = [...at, 'document', 'text'];
    } else if (isObj(r.document) && isObj(r.document.textDocument) && isNonEmptyString(r.document.textDocument.text)) {
      res.text = r.document.textDocument.text;
      res.textPath = [...at, 'document', 'textDocument', 'text'];
    } else if (isNonEmptyString(r.input)) {
      // Mixedbread with return_input=true.
      res.text = r.input;
      res.textPath = [...at, 'input'];
    }
    out.push(res);
  });
  return out;
}

const PAIR_KEYS: [string, string][] = [['request', 'response'], ['req', 'res'], ['input', 'output'], ['body', 'result']];

function pairOf(root: unknown): { req: Obj; reqKey: string; res: unknown; resKey: string } | undefined {
  if (!isObj(root)) return undefined;
  for (const [a, b] of PAIR_KEYS) {
    const req = root[a];
    if ((isCohereRequest(req) || isTeiRequest(req) || isMixedbreadRequest(req)) && resultList(root[b])) return { req, reqKey: a, res: root[b], resKey: b };
  }
  return undefined;
}

function requestDrafts(req: Obj, base: JsonPath, ctx: JsonContext): ChunkDraft[] {
  const key = Array.isArray(req.documents) ? 'documents' : Array.isArray(req.texts) ? 'texts' : 'input';
  return draftsFromItems(req[key] as unknown[], [...base, key], ctx);
}

function requestSet(req: Obj, base: JsonPath, format: string, ctx: JsonContext, drafts: ChunkDraft[]): RetrievalSet {
  return buildSet(format, drafts, ctx, { query: req.query as string, queryPath: [...base, 'query'] });
}

export const rerankRequestReader: JsonStackReader = {
  id: 'rerank-request',
  label: 'Rerank API request (Cohere, Jina, TEI, Infinity, vLLM)',
  detect: (root) =>
    safe(() => {
      if (isCohereRequest(root)) return REQUEST_MARKERS.some((k) => k in root) ? 0.9 : 0;
      if (isTeiRequest(root)) return TEI_MARKERS.some((k) => k in root) ? 0.9 : 0.85;
      if (isMixedbreadRequest(root)) return 0.88;
      return 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!isCohereRequest(root) && !isTeiRequest(root) && !isMixedbreadRequest(root)) return [];
    return [requestSet(root, [], 'rerank-request', ctx, requestDrafts(root, [], ctx))];
  },
};

export const rerankResponseReader: JsonStackReader = {
  id: 'rerank-response',
  label: 'Rerank API response',
  detect: (root) =>
    safe(() => {
      const r = resultList(root);
      if (!r) return 0;
      return r.tei ? 0.8 : 0.9;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const r = resultList(root);
    if (!r) return [];
    const results = readResults(r.list, r.base, ctx);
    if (results.length > 0 && results.every((x) => x.text === undefined)) {
      ctx.report({
        severity: 'error',
        message: 'This rerank response has no document texts, only indexes into the request; there is nothing to rerank.',
        hint: 'Save the request beside it as {"request": ..., "response": ...}, or call the API with return_documents=true (TEI: return_text=true, Mixedbread: return_input=true).',
        at: r.base,
      });
      return [];
    }
    const drafts: ChunkDraft[] = [];
    for (const res of results) {
      if (res.text === undefined || !res.textPath) {
        ctx.report({ severity: 'warning', message: `Rerank result at ${ctx.describe(res.path)} has no document text; skipped.`, at: res.path });
        continue;
      }
      drafts.push({
        // The index refers to the request's documents; `#<index+1>` matches the ids a request gives.
        id: `#${res.index + 1}`,
        text: res.text,
        textPath: res.textPath,
        itemPath: res.path,
        score: res.score,
        scoreKind: res.score === undefined ? 'unknown' : 'similarity',
        metadata: { index: res.index },
      });
    }
    // Already reranked: the API's order; `index` gives each document's place in the request (the
    // original rank), as the request-with-response reader keeps the request's order.
    const ordered = fromRerankedOrder(drafts, (d) => d.metadata.index as number, 'rerank API');
    if (ordered.length > 0) reportReranked(ctx, 'a rerank API response', 'index', ordered);
    return [buildSet('rerank-response', ordered, ctx)];
  },
};

export const rerankPairReader: JsonStackReader = {
  id: 'rerank-pair',
  label: 'Rerank API request with its response',
  detect: (root) => safe(() => (pairOf(root) ? 0.95 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const p = pairOf(root);
    if (!p) return [];
    const drafts = requestDrafts(p.req, [p.reqKey], ctx);
    const r = resultList(p.res)!;
    const results = readResults(r.list, [p.resKey, ...r.base], ctx);
    const docCount = ((p.req.documents ?? p.req.texts ?? p.req.input) as unknown[]).length;
    // A draft's position in the request: its column index (string documents) or its item index (objects).
    const byIndex = new Map<number, ChunkDraft>();
    for (const d of drafts) {
      const index = d.columnIndex ?? d.itemPath?.[d.itemPath.length - 1];
      if (typeof index === 'number') byIndex.set(index, d);
    }
    results.forEach((res, rank) => {
      if (res.index < 0 || res.index >= docCount) {
        ctx.report({
          severity: 'warning',
          message: `Rerank result at ${ctx.describe(res.path)} points at document ${res.index}, but the request has ${docCount}; ignored.`,
          at: [...res.path, 'index'],
        });
        return;
      }
      const d = byIndex.get(res.index);
      if (d) d.metadata = { ...d.metadata, rerankApi: { index: res.index, rank: rank + 1, relevanceScore: res.score ?? null } };
    });
    return [requestSet(p.req, [p.reqKey], 'rerank-pair', ctx, drafts)];
  },
};

export const rerankApiReaders: JsonStackReader[] = [rerankRequestReader, rerankResponseReader, rerankPairReader];
