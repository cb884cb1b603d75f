// LangChain: lists of `Document` (`model_dump()`: {id, metadata, page_content, type: "Document"}; JS:
// {pageContent, metadata, id}), their `dumpd`/`to_json()` envelopes
// ({lc: 1, type: "constructor", id: [..., "Document"], kwargs: {...}}), and the `[[doc, score], ...]`
// pairs of `similarity_search_with_score` / `similarity_search_with_relevance_scores`.
// `_with_score` means distance for many vector stores and similarity for others, so its kind stays
// unknown unless a hint says otherwise; `_with_relevance_scores` are normalised similarities.
import type { RetrievalSet, ScoreKind } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import {
  buildSet, idOf, isNonEmptyString, isObj, kindFromOrder, metricHint, pickQuery, pickRelevance, readScore, restOf, safe, share,
  warnNoText, type ChunkDraft, type Obj,
} from './kit';

/** A LangChain document found at some path, envelope unwrapped. */
interface LcDoc {
  fields: Obj;
  fieldsPath: JsonPath;
  textKey: string;
}

function isEnvelope(v: unknown): v is Obj {
  return (
    isObj(v) && v.lc === 1 && v.type === 'constructor' && Array.isArray(v.id) && v.id[v.id.length - 1] === 'Document' && isObj(v.kwargs)
  );
}

function isPlainDoc(v: unknown): v is Obj {
  return isObj(v) && (typeof v.page_content === 'string' || typeof v.pageContent === 'string') && (isObj(v.metadata) || v.type === 'Document');
}

export function isLcDoc(v: unknown): boolean {
  return isEnvelope(v) || isPlainDoc(v);
}

function unwrap(v: unknown, at: JsonPath): LcDoc | undefined {
  if (isEnvelope(v)) {
    const kw = v.kwargs as Obj;
    return { fields: kw, fieldsPath: [...at, 'kwargs'], textKey: typeof kw.pageContent === 'string' ? 'pageContent' : 'page_content' };
  }
  if (isObj(v)) return { fields: v, fieldsPath: at, textKey: typeof v.pageContent === 'string' ? 'pageContent' : 'page_content' };
  return undefined;
}

function isPair(v: unknown): boolean {
  return Array.isArray(v) && v.length === 2 && isLcDoc(v[0]) && (typeof v[1] === 'number' || typeof v[1] === 'string');
}

const DOC_LIST_KEYS = ['documents', 'docs', 'results', 'source_documents', 'context', 'retrieved', 'hits'];

/** A wrapper like {query, documents: [...]} or {input, context: [...]} (chain outputs). */
function wrapperList(root: unknown): { key: string; list: unknown[] } | undefined {
  if (!isObj(root)) return undefined;
  for (const key of DOC_LIST_KEYS) {
    const v = root[key];
    if (Array.isArray(v) && v.length > 0 && (share(v, isLcDoc) >= 0.8 || share(v, isPair) >= 0.8)) return { key, list: v };
  }
  return undefined;
}

function docDraft(item: unknown, at: JsonPath, ctx: JsonContext): ChunkDraft | undefined {
  const doc = unwrap(item, at);
  if (!doc) {
    ctx.report({ severity: 'warning', message: `Item at ${ctx.describe(at)} is not a LangChain Document; skipped.`, at });
    return undefined;
  }
  const text = doc.fields[doc.textKey];
  if (!isNonEmptyString(text)) {
    warnNoText(ctx, at, ['page_content', 'pageContent']);
    return undefined;
  }
  const meta = isObj(doc.fields.metadata) ? doc.fields.metadata : {};
  // Rerankers (CohereRerank, CrossEncoderReranker) and some stores put the score in metadata.
  let score: number | undefined;
  let kind: ScoreKind = 'unknown';
  for (const [key, k] of [['relevance_score', 'similarity'], ['score', 'similarity'], ['similarity_score', 'similarity'], ['_distance', 'distance'], ['distance', 'distance']] as const) {
    if (typeof meta[key] === 'number') {
      score = meta[key] as number;
      kind = k;
      break;
    }
  }
  const metadata = { ...restOf(doc.fields, [doc.textKey, 'metadata', 'id', 'type', 'lc_attributes']), ...meta };
  return {
    id: idOf(doc.fields.id) ?? idOf(meta.id) ?? idOf(meta.doc_id),
    text,
    textPath: [...doc.fieldsPath, doc.textKey],
    itemPath: at,
    score,
    scoreKind: kind,
    metadata,
    relevance: pickRelevance(meta)?.value,
  };
}

/** Reads a list of LangChain documents (plain or envelopes); LangSmith runs reuse it. */
export function readLangchainDocuments(list: unknown[], base: JsonPath, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((item, i) => {
    const d = docDraft(item, [...base, i], ctx);
    if (d) drafts.push(d);
  });
  return drafts;
}

function readPairs(list: unknown[], base: JsonPath, ctx: JsonContext, hint: ScoreKind | undefined): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  list.forEach((pair, i) => {
    const at = [...base, i];
    if (!Array.isArray(pair) || pair.length !== 2) {
      ctx.report({ severity: 'warning', message: `Item at ${ctx.describe(at)} is not a [document, score] pair; skipped.`, at });
      return;
    }
    const d = docDraft(pair[0], [...at, 0], ctx);
    if (!d) return;
    // itemPath stays the document object ([i, 0]): export annotates it and moves the pair as a whole.
    d.score = readScore(pair[1], [...at, 1], ctx);
    drafts.push(d);
  });
  let kind = hint;
  if (!kind) {
    kind = kindFromOrder(drafts.map((d) => d.score));
    if (kind !== 'unknown') {
      ctx.report({
        severity: 'info',
        message: `LangChain scores do not say whether they are distances or similarities; read as ${kind === 'distance' ? 'distances (they rise down the list)' : 'similarities (they fall down the list)'}.`,
        hint: 'Add "score_kind": "distance" or "similarity" beside the results to state it.',
        at: base,
      });
    }
  }
  for (const d of drafts) d.scoreKind = d.score === undefined ? 'unknown' : kind;
  return drafts;
}

function fileHint(ctx: JsonContext): ScoreKind | undefined {
  return ctx.file && /relevance/i.test(ctx.file) ? 'similarity' : undefined;
}

export const langchainDocumentsReader: JsonStackReader = {
  id: 'langchain-documents',
  label: 'LangChain Document list',
  detect: (root) =>
    safe(() => {
      if (Array.isArray(root) && root.length > 0) {
        if (share(root, isEnvelope) >= 0.8) return 0.95;
        if (share(root, isPlainDoc) >= 0.8) return 0.85;
      }
      const w = wrapperList(root);
      if (w && share(w.list, isLcDoc) >= 0.8) return 0.88;
      return 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (Array.isArray(root)) return [buildSet('langchain-documents', readLangchainDocuments(root, [], ctx), ctx)];
    const w = wrapperList(root);
    if (!w || !isObj(root)) return [];
    const q = pickQuery(root, ['query', 'input', 'question']);
    return [buildSet('langchain-documents', readLangchainDocuments(w.list, [w.key], ctx), ctx, { query: q?.value, queryPath: q ? [q.key] : undefined })];
  },
};

export const langchainScoredReader: JsonStackReader = {
  id: 'langchain-scored',
  label: 'LangChain (Document, score) pairs',
  detect: (root) =>
    safe(() => {
      if (Array.isArray(root) && root.length > 0 && share(root, isPair) >= 0.8) return 0.9;
      const w = wrapperList(root);
      if (w && share(w.list, isPair) >= 0.8) return 0.9;
      return 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (Array.isArray(root)) return [buildSet('langchain-scored', readPairs(root, [], ctx, fileHint(ctx)), ctx)];
    const w = wrapperList(root);
    if (!w || !isObj(root)) return [];
    const q = pickQuery(root, ['query', 'input', 'question']);
    const hint = metricHint(root) ?? fileHint(ctx);
    return [buildSet('langchain-scored', readPairs(w.list, [w.key], ctx, hint), ctx, { query: q?.value, queryPath: q ? [q.key] : undefined })];
  },
};

export const langchainReaders: JsonStackReader[] = [langchainDocumentsReader, langchainScoredReader];
