// Saved responses often sit inside a small envelope that also holds the query:
//   {"query": "...", "response": <Qdrant / ES / Pinecone / ... response>}
//   {"request": <the search request>, "response": <its response>}
// This reader finds such an envelope, lets the other stack readers read the inner response (with paths
// shifted so sources, messages and export still point into the whole file) and takes the query from
// the envelope or from the request body (ES `match` queries, Pinecone `query.inputs.text`, ...).
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { isNonEmptyString, isObj, QUERY_FIELDS, safe, type Obj } from './kit';

const RESPONSE_KEYS = ['response', 'res', 'result', 'results', 'output', 'outputs', 'data', 'body'];
const REQUEST_KEYS = ['request', 'req', 'params', 'input', 'inputs', 'body', 'search_request'];

/** Confidence is a little below the inner reader's, so a shape read directly always wins. */
const DISCOUNT = 0.97;

/** Finds the query text in a search request body, for the stacks whose requests carry one. */
export function queryFromRequest(req: unknown, base: JsonPath): { value: string; path: JsonPath } | undefined {
  if (!isObj(req)) return undefined;
  for (const k of [...QUERY_FIELDS, 'query_texts']) {
    const v = req[k];
    if (isNonEmptyString(v)) return { value: v, path: [...base, k] };
    if (k === 'query_texts' && Array.isArray(v) && isNonEmptyString(v[0])) return { value: v[0], path: [...base, k, 0] };
  }
  const q = req.query;
  if (isObj(q)) {
    // Pinecone search_records: query.inputs.text; Qdrant inference: query.text.
    if (isObj(q.inputs) && isNonEmptyString(q.inputs.text)) return { value: q.inputs.text, path: [...base, 'query', 'inputs', 'text'] };
    if (isNonEmptyString(q.text)) return { value: q.text, path: [...base, 'query', 'text'] };
    const es = esQueryText(q, [...base, 'query'], 0);
    if (es) return es;
  }
  if (isObj(req.rerank) && isNonEmptyString(req.rerank.query)) return { value: req.rerank.query, path: [...base, 'rerank', 'query'] };
  // Azure AI Search: search (not the match-all "*") or semanticQuery; Bedrock Retrieve: retrievalQuery.text.
  for (const k of ['semanticQuery', 'search']) {
    const v = req[k];
    if (isNonEmptyString(v) && v.trim() !== '*') return { value: v, path: [...base, k] };
  }
  if (isObj(req.retrievalQuery) && isNonEmptyString(req.retrievalQuery.text)) return { value: req.retrievalQuery.text, path: [...base, 'retrievalQuery', 'text'] };
  return undefined;
}

const ES_TEXT_QUERIES = ['match', 'match_phrase', 'match_bool_prefix', 'multi_match', 'query_string', 'simple_query_string', 'semantic', 'neural'];

/** The user's text in an Elasticsearch/OpenSearch query DSL: {match: {field: "text" | {query: "text"}}}, nested in bool etc. */
function esQueryText(node: unknown, path: JsonPath, depth: number): { value: string; path: JsonPath } | undefined {
  if (depth > 8) return undefined;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const r = esQueryText(node[i], [...path, i], depth + 1);
      if (r) return r;
    }
    return undefined;
  }
  if (!isObj(node)) return undefined;
  for (const kind of ES_TEXT_QUERIES) {
    const clause = node[kind];
    if (!isObj(clause)) continue;
    if (isNonEmptyString(clause.query)) return { value: clause.query, path: [...path, kind, 'query'] };
    for (const [field, v] of Object.entries(clause)) {
      if (isNonEmptyString(v)) return { value: v, path: [...path, kind, field] };
      if (isObj(v) && isNonEmptyString(v.query)) return { value: v.query, path: [...path, kind, field, 'query'] };
    }
  }
  for (const [k, v] of Object.entries(node)) {
    if (isObj(v) || Array.isArray(v)) {
      const r = esQueryText(v, [...path, k], depth + 1);
      if (r) return r;
    }
  }
  return undefined;
}

function shifted(ctx: JsonContext, prefix: JsonPath): JsonContext {
  return {
    file: ctx.file,
    rangeAt: (p) => ctx.rangeAt([...prefix, ...p]),
    describe: (p) => ctx.describe([...prefix, ...p]),
    report: (d) => ctx.report({ ...d, at: d.at ? [...prefix, ...d.at] : prefix }),
  };
}

/**
 * Lets `reader` read the part of the input at `prefix` and makes its sets whole-input sets: messages
 * and source ranges via the shifted context, export paths (origins) prefixed here, and the format
 * defaulting to the inner reader's id.
 */
function readPart(reader: JsonStackReader, part: unknown, ctx: JsonContext, prefix: JsonPath): RetrievalSet[] {
  const sets = reader.read(part, shifted(ctx, prefix));
  for (const set of sets) {
    if (!set.format) set.format = reader.id;
    for (const c of set.chunks) {
      if (c.origin?.itemPath) c.origin.itemPath = [...prefix, ...c.origin.itemPath];
      if (c.origin?.columnPath) c.origin.columnPath = [...prefix, ...c.origin.columnPath];
    }
  }
  return sets;
}

interface Envelope {
  key: string;
  reader: JsonStackReader;
  confidence: number;
  query?: { value: string; path: JsonPath };
}

export function makeWrappedReader(others: () => readonly JsonStackReader[]): JsonStackReader {
  const best = (root: unknown): Envelope | undefined => {
    if (!isObj(root)) return undefined;
    let found: Envelope | undefined;
    for (const key of RESPONSE_KEYS) {
      const inner = root[key];
      if (!isObj(inner) && !Array.isArray(inner)) continue;
      for (const reader of others()) {
        const c = safe(() => reader.detect(inner), 0);
        // Only specific shapes: a generic list inside an envelope is the plain readers' business.
        if (c >= 0.6 && (!found || c > found.confidence)) found = { key, reader, confidence: c };
      }
    }
    if (!found) return undefined;
    found.query = envelopeQuery(root as Obj, found.key);
    return found;
  };
  return {
    id: 'wrapped-response',
    label: 'Search response with its query or request',
    detect: (root) =>
      safe(() => {
        const e = best(root);
        return e ? e.confidence * DISCOUNT : 0;
      }, 0),
    read(root: unknown, ctx: JsonContext): RetrievalSet[] {
      const e = best(root);
      if (!e) return [];
      const sets = readPart(e.reader, (root as Obj)[e.key], ctx, [e.key]);
      for (const set of sets) {
        if (set.query === undefined && e.query) {
          set.query = e.query.value;
          const r = safe(() => ctx.rangeAt(e.query!.path), undefined);
          if (r) set.querySource = r;
        }
      }
      return sets;
    },
  };
}

function envelopeQuery(root: Obj, responseKey: string): { value: string; path: JsonPath } | undefined {
  for (const k of QUERY_FIELDS) if (isNonEmptyString(root[k])) return { value: root[k] as string, path: [k] };
  for (const k of REQUEST_KEYS) {
    if (k === responseKey) continue;
    const q = queryFromRequest(root[k], [k]);
    if (q) return q;
  }
  return undefined;
}

/**
 * A list (or JSONL) whose every row is one stack's whole response, e.g. one Qdrant response or one
 * {query, response} envelope per line: each row is read by that stack's reader, paths shifted by the
 * row index. Scores a little below the row's own reader so that readers of row lists (Ragas,
 * LangSmith, spans) keep their files.
 */
export function makeRowsReader(others: () => readonly JsonStackReader[]): JsonStackReader {
  const pick = (root: unknown): { reader: JsonStackReader; confidence: number } | undefined => {
    if (!Array.isArray(root) || root.length === 0) return undefined;
    const rows = root.slice(0, 20);
    let found: { reader: JsonStackReader; confidence: number } | undefined;
    for (const reader of others()) {
      let min = 1;
      for (const row of rows) {
        min = Math.min(min, isObj(row) ? safe(() => reader.detect(row), 0) : 0);
        if (min < 0.6) break;
      }
      if (min >= 0.6 && (!found || min > found.confidence)) found = { reader, confidence: min };
    }
    return found;
  };
  return {
    id: 'response-rows',
    label: 'One search response per row',
    detect: (root) =>
      safe(() => {
        const p = pick(root);
        return p ? p.confidence * 0.96 : 0;
      }, 0),
    read(root: unknown, ctx: JsonContext): RetrievalSet[] {
      const p = pick(root);
      if (!p || !Array.isArray(root)) return [];
      const sets: RetrievalSet[] = [];
      root.forEach((row, i) => {
        const prefix: JsonPath = [i];
        if (!isObj(row) || safe(() => p.reader.detect(row), 0) === 0) {
          ctx.report({ severity: 'warning', message: `Row at ${ctx.describe(prefix)} is not a ${p.reader.label}; skipped.`, at: prefix });
          return;
        }
        for (const set of readPart(p.reader, row, ctx, prefix)) {
          if (set.query === undefined && set.name === undefined) set.name = `row ${i + 1}`;
          sets.push(set);
        }
      });
      return sets;
    },
  };
}
