// OpenInference / Arize Phoenix span exports. Retriever spans carry `input.value` (the query) and
// `retrieval.documents.N.document.{content,id,score,metadata}`; reranker spans carry `reranker.query`,
// `reranker.input_documents.N.document.*` and `reranker.output_documents.N.document.*`. Attributes
// arrive in several layouts, all handled by one path walker:
//  - flat dotted keys: {"retrieval.documents.0.document.content": "..."} (OTel SDK attributes),
//  - nested objects: {retrieval: {documents: [{document: {content}}]}} (Phoenix JSON),
//  - mixed: {"attributes.retrieval.documents": [{"document.content": "..."}]} (Phoenix dataframe rows),
//  - OTLP JSON: resourceSpans[].scopeSpans[].spans[].attributes = [{key, value: {stringValue}}].
// Spans may be one object, a list (JSON or JSONL), {data: [...]} (Phoenix REST) or OTLP.
import type { RetrievalSet } from '../../types';
import type { JsonContext, JsonPath, JsonStackReader } from '../readerContract';
import { buildSet, idOf, isNonEmptyString, isObj, readScore, restOf, safe, settleKind, warnNoText, type ChunkDraft, type Obj } from './kit';

type Found = { value: unknown; path: JsonPath };

/** Looks up a dotted attribute name, consuming the longest key that matches at each level. */
function walk(node: unknown, segs: string[], path: JsonPath): Found | undefined {
  if (segs.length === 0) return { value: node, path };
  if (Array.isArray(node)) {
    const i = Number(segs[0]);
    return Number.isInteger(i) && i >= 0 && i < node.length ? walk(node[i], segs.slice(1), [...path, i]) : undefined;
  }
  if (!isObj(node)) return undefined;
  for (let k = segs.length; k >= 1; k--) {
    const key = segs.slice(0, k).join('.');
    if (key in node) {
      const r = walk(node[key], segs.slice(k), [...path, key]);
      if (r) return r;
    }
  }
  return undefined;
}

/** One span's attribute lookup, whatever the layout. */
interface SpanView {
  span: Obj;
  path: JsonPath;
  attr(name: string): Found | undefined;
}

function otlpValue(v: unknown): { value: unknown; key?: string } {
  if (!isObj(v)) return { value: undefined };
  for (const key of ['stringValue', 'doubleValue', 'intValue', 'boolValue']) {
    if (key in v) return { value: key === 'intValue' && typeof v[key] === 'string' ? Number(v[key]) : v[key], key };
  }
  return { value: undefined };
}

function viewOf(span: Obj, path: JsonPath): SpanView {
  const attrs = span.attributes;
  if (Array.isArray(attrs)) {
    const map = new Map<string, Found>();
    attrs.forEach((a, i) => {
      if (!isObj(a) || typeof a.key !== 'string') return;
      const { value, key } = otlpValue(a.value);
      if (key) map.set(a.key, { value, path: [...path, 'attributes', i, 'value', key] });
    });
    return { span, path, attr: (name) => map.get(name) };
  }
  return {
    span,
    path,
    attr: (name) => {
      const segs = name.split('.');
      if (isObj(attrs)) {
        const r = walk(attrs, segs, [...path, 'attributes']);
        if (r) return r;
      }
      return walk(span, ['attributes', ...segs], path);
    },
  };
}

const DOC_LISTS = ['retrieval.documents', 'reranker.input_documents', 'reranker.output_documents'];

function hasDocs(v: SpanView): boolean {
  return DOC_LISTS.some((l) => v.attr(`${l}.0.document.content`) !== undefined);
}

/** All span objects in the file, with paths. */
function spans(root: unknown): { span: Obj; path: JsonPath }[] {
  const out: { span: Obj; path: JsonPath }[] = [];
  const fromList = (list: unknown[], base: JsonPath): void => list.forEach((s, i) => isObj(s) && out.push({ span: s, path: [...base, i] }));
  if (Array.isArray(root)) fromList(root, []);
  else if (isObj(root)) {
    if (Array.isArray(root.resourceSpans)) {
      root.resourceSpans.forEach((rs, i) => {
        if (!isObj(rs) || !Array.isArray(rs.scopeSpans)) return;
        rs.scopeSpans.forEach((ss, j) => {
          if (isObj(ss) && Array.isArray(ss.spans)) fromList(ss.spans, ['resourceSpans', i, 'scopeSpans', j, 'spans']);
        });
      });
    } else if (Array.isArray(root.data)) fromList(root.data, ['data']);
    else if (Array.isArray(root.spans)) fromList(root.spans, ['spans']);
    else out.push({ span: root, path: [] });
  }
  return out;
}

function parseMetadata(v: unknown): Obj {
  if (isObj(v)) return { ...v };
  if (typeof v === 'string') {
    const parsed = safe(() => JSON.parse(v) as unknown, undefined);
    if (isObj(parsed)) return parsed;
    return { metadata: v };
  }
  return {};
}

function readDocs(v: SpanView, list: string, ctx: JsonContext): ChunkDraft[] {
  const drafts: ChunkDraft[] = [];
  for (let i = 0; i < 100000; i++) {
    const p = `${list}.${i}.document`;
    const content = v.attr(`${p}.content`);
    const id = v.attr(`${p}.id`);
    if (!content && !id && !v.attr(p)) break;
    if (!content || !isNonEmptyString(content.value)) {
      const at = (content ?? id)?.path ?? v.path;
      ctx.report({ severity: 'warning', message: `Document ${i} of ${list} in span at ${ctx.describe(v.path)} has no content; skipped.`, at });
      continue;
    }
    const score = v.attr(`${p}.score`);
    const s = score ? readScore(score.value, score.path, ctx) : undefined;
    drafts.push({
      id: id ? idOf(id.value) : undefined,
      text: content.value,
      textPath: content.path,
      itemPath: walkItemPath(v, `${list}.${i}`),
      score: s,
      scoreKind: 'unknown',
      metadata: parseMetadata(v.attr(`${p}.metadata`)?.value),
    });
  }
  settleKind(drafts, ctx, v.path);
  return drafts;
}

/** For nested layouts the document has its own object (export can annotate it); flat keys have none. */
function walkItemPath(v: SpanView, name: string): JsonPath | undefined {
  const f = v.attr(name);
  return f && isObj(f.value) ? f.path : undefined;
}

function queryOf(v: SpanView, reranker: boolean): Found | undefined {
  const q = reranker ? v.attr('reranker.query') ?? v.attr('input.value') : v.attr('input.value');
  if (!q || !isNonEmptyString(q.value)) return undefined;
  // Some instrumentations record the input as JSON ({"query": "..."}); the query is inside.
  const mime = v.attr('input.mime_type')?.value;
  if (mime === 'application/json' || /^\s*\{/.test(q.value)) {
    const parsed = safe(() => JSON.parse(q.value as string) as unknown, undefined);
    if (isObj(parsed)) {
      for (const k of ['query', 'query_str', 'input', 'question']) if (isNonEmptyString(parsed[k])) return { value: parsed[k], path: q.path };
    }
  }
  return q;
}

function spanName(v: SpanView): string | undefined {
  return typeof v.span.name === 'string' ? v.span.name : undefined;
}

function readSpan(v: SpanView, ctx: JsonContext): RetrievalSet[] {
  const sets: RetrievalSet[] = [];
  const name = spanName(v);
  if (v.attr('retrieval.documents.0.document') || v.attr('retrieval.documents.0.document.content')) {
    const q = queryOf(v, false);
    const set = buildSet('openinference-retriever', readDocs(v, 'retrieval.documents', ctx), ctx, { query: q?.value as string | undefined, queryPath: q?.path });
    if (name) set.name = name;
    sets.push(set);
  }
  const input = v.attr('reranker.input_documents.0.document.content') ? readDocs(v, 'reranker.input_documents', ctx) : [];
  const output = v.attr('reranker.output_documents.0.document.content') ? readDocs(v, 'reranker.output_documents', ctx) : [];
  if (input.length > 0 || output.length > 0) {
    const q = queryOf(v, true);
    // The reranker's input is the original ranking; its output verdict is attached to each input chunk.
    const base = input.length > 0 ? input : output;
    if (input.length > 0) {
      output.forEach((o, rank) => {
        const match = input.find((d) => (o.id !== undefined && d.id === o.id) || (o.id === undefined && d.text === o.text));
        if (match) match.metadata = { ...match.metadata, rerankerOutput: { rank: rank + 1, score: o.score ?? null } };
      });
    }
    const set = buildSet('openinference-reranker', base, ctx, { query: q?.value as string | undefined, queryPath: q?.path });
    set.name = name ?? 'reranker';
    sets.push(set);
  }
  return sets;
}

export const openinferenceReader: JsonStackReader = {
  id: 'openinference-spans',
  label: 'OpenInference / Phoenix spans',
  detect: (root) =>
    safe(() => {
      // A prefix is enough to recognise a span export; detect() must stay cheap on big files.
      const list = spans(Array.isArray(root) ? root.slice(0, 200) : root).slice(0, 200);
      return list.some(({ span, path }) => hasDocs(viewOf(span, path))) ? 0.95 : 0;
    }, 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    const sets: RetrievalSet[] = [];
    for (const { span, path } of spans(root)) {
      const v = viewOf(span, path);
      if (hasDocs(v)) sets.push(...readSpan(v, ctx));
    }
    return sets;
  },
};


/**
 * Phoenix `get_retrieved_documents()` (or a span query exploding `retrieval.documents`) exported as
 * records: one row per document with `context.span_id`, `document_position` (0-based), `input` (the
 * query), `reference` (the text) and `document_score`. Rows group into one set per span. Rows joined
 * with Phoenix's relevance evals carry `label` "relevant" / "unrelated", kept as judgments.
 */
const isDocumentRow = (v: unknown): v is Obj =>
  isObj(v) && typeof v.document_position === 'number' && typeof v.reference === 'string' && ('input' in v || 'context.span_id' in v);

export const phoenixDocumentRowsReader: JsonStackReader = {
  id: 'phoenix-retrieved-documents',
  label: 'Phoenix retrieved-documents rows',
  detect: (root) => safe(() => (Array.isArray(root) && root.length > 0 && root.slice(0, 20).every(isDocumentRow) ? 0.93 : 0), 0),
  read(root: unknown, ctx: JsonContext): RetrievalSet[] {
    if (!Array.isArray(root)) return [];
    const groups = new Map<string, { rows: { row: Obj; i: number }[]; query?: Found }>();
    root.forEach((row, i) => {
      if (!isDocumentRow(row)) {
        ctx.report({ severity: 'warning', message: `Row at ${ctx.describe([i])} is not a retrieved-document row (document_position, reference); skipped.`, at: [i] });
        return;
      }
      const key = idOf(row['context.span_id']) ?? (typeof row.input === 'string' ? `input:${row.input}` : `row:${i}`);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { rows: [] }));
      g.rows.push({ row, i });
      if (!g.query && isNonEmptyString(row.input)) g.query = { value: row.input, path: [i, 'input'] };
    });
    const sets: RetrievalSet[] = [];
    for (const [key, g] of groups) {
      const drafts: ChunkDraft[] = [];
      const byChunkId: Record<string, number> = {};
      for (const { row, i } of g.rows) {
        if (!isNonEmptyString(row.reference)) {
          warnNoText(ctx, [i], ['reference']);
          continue;
        }
        const rank = (row.document_position as number) + 1;
        const score = readScore(row.document_score, [i, 'document_score'], ctx);
        const label = row.label === 'relevant' ? 1 : row.label === 'unrelated' ? 0 : undefined;
        if (label !== undefined) byChunkId[`#${rank}`] = label;
        drafts.push({
          text: row.reference,
          textPath: [i, 'reference'],
          itemPath: [i],
          score,
          scoreKind: 'unknown',
          metadata: restOf(row, ['reference', 'document_score', 'document_position', 'input', 'context.span_id', 'label']),
          rank,
        });
      }
      drafts.sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0));
      settleKind(drafts, ctx, [g.rows[0].i]);
      const set = buildSet('phoenix-retrieved-documents', drafts, ctx, {
        query: g.query?.value as string | undefined,
        queryPath: g.query?.path,
        queryId: key.startsWith('input:') || key.startsWith('row:') ? undefined : key,
        labels: Object.keys(byChunkId).length > 0 ? { byChunkId } : undefined,
      });
      sets.push(set);
    }
    return sets;
  },
};

export const openinferenceReaders: JsonStackReader[] = [openinferenceReader, phoenixDocumentRowsReader];
