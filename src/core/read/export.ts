// Writing reranked results back out, in two styles:
//
// 'same'    the input's own shape. Every chunk that came from a JSON object gets a `rerank` field
//           { score, probability, rank, originalRank, kept } (an existing `rerank` is replaced). Chunks
//           that are strings in a column (Chroma's parallel lists, Ragas columns) get a parallel `rerank`
//           list in the nearest enclosing object, index for index; strings with no enclosing object
//           (a plain list of strings) become { "text", "rerank" } objects. Everything else is kept
//           byte for byte (formatting, comments, number spelling): the text is re-rendered only where
//           something changed. JSONL stays JSONL, line by line.
//           Order rule: when a set's chunks are the elements of one array (objects or converted
//           strings; for JSONL the lines), the places they occupy are refilled in reranked order
//           (scored chunks by rank, then unscored ones in their old order); other elements stay where
//           they are. Column-shaped results keep their order (reordering one list would break the
//           parallel ones); `rerank.rank` gives the new order.
//           Tables: TSV rows gain five columns (rerank_score, rerank_probability, rerank_rank,
//           original_rank, kept) and are reordered within their query the same way; TREC runs and BEIR
//           folders become a TREC run of the reranked order (tag `rerank`); split text (selections,
//           .txt) becomes JSON: { query, chunks: [{ id, text, rerank }] } per set, in reranked order.
// 'cohere'  { results: [{ index, relevance_score, document: { text } }] } sorted by relevance like
//           Cohere's rerank API (index = position in the set, relevance_score = probability; raw score
//           when no probability); for several sets an array of { query, query_id?, results }.
//
// The ranked input is a structural type, so core/rank.ts's RankedSet fits without this module
// depending on it.
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { Chunk, Diagnostic, JsonPathSegments, ReadResult, RetrievalSet } from '../types';
import { parseJson } from './json';
import { parseJsonl } from './jsonl';
import { leadingQuery, lineStartBefore } from './split';

export interface ExportRankedChunk {
  /** Position of the chunk in its set (0-based). */
  index: number;
  score?: { score: number; probability?: number };
  /** 1-based reranked position; undefined when unscored. */
  rank?: number;
  chunk?: { originalRank: number };
}

export interface ExportSet {
  /** The set as read (matched by identity or by its chunks array); position in `ranked` otherwise. */
  set?: RetrievalSet;
  /** Ranked chunks (any order); `kept[i]` belongs to `ranked[i]`. */
  ranked: ExportRankedChunk[];
  kept: boolean[];
}

export type ExportStyle = 'same' | 'cohere';

export interface ExportOutput {
  text: string;
  fileExtension: string;
  diagnostics: Diagnostic[];
}

export interface RerankField {
  score: number | null;
  probability: number | null;
  rank: number | null;
  originalRank: number;
  kept: boolean;
}

interface Resolved {
  set: RetrievalSet;
  /** rerank field per chunk index of the set (undefined for chunks not in `ranked`). */
  fields: (RerankField | undefined)[];
}

function resolveSets(result: ReadResult, ranked: readonly ExportSet[], sink: Diagnostic[]): Resolved[] {
  const out: Resolved[] = [];
  ranked.forEach((r, pos) => {
    let set = r.set ? result.sets.find((s) => s === r.set || s.chunks === r.set!.chunks) : undefined;
    if (!set && !r.set) set = result.sets[pos];
    if (!set && r.set) set = r.set;
    if (!set) {
      sink.push({ severity: 'warning', message: `Ranked set ${pos + 1} matches no set of the input; left out of the export.` });
      return;
    }
    const fields: (RerankField | undefined)[] = new Array(set.chunks.length).fill(undefined);
    r.ranked.forEach((rc, j) => {
      if (rc.index < 0 || rc.index >= set!.chunks.length) return;
      fields[rc.index] = {
        score: rc.score ? rc.score.score : null,
        probability: rc.score?.probability ?? null,
        rank: rc.rank ?? null,
        originalRank: rc.chunk?.originalRank ?? set!.chunks[rc.index].originalRank,
        kept: Boolean(r.kept[j]) && rc.score !== undefined,
      };
    });
    out.push({ set, fields });
  });
  return out;
}

/** Chunk indexes in reranked order: scored by rank, then unscored in their original order. */
function rerankedOrder(fields: (RerankField | undefined)[], indexes: number[]): number[] {
  return [...indexes].sort((a, b) => {
    const ra = fields[a]?.rank ?? Infinity;
    const rb = fields[b]?.rank ?? Infinity;
    return ra - rb || a - b;
  });
}

// ---------- Cohere style ----------

function cohereResults(r: Resolved): { index: number; relevance_score: number; document: { text: string } }[] {
  const rows: { index: number; relevance_score: number; document: { text: string }; rank: number }[] = [];
  r.fields.forEach((f, i) => {
    if (!f || f.score === null) return;
    rows.push({ index: i, relevance_score: f.probability ?? f.score, document: { text: r.set.chunks[i].text }, rank: f.rank ?? Infinity });
  });
  rows.sort((a, b) => a.rank - b.rank || b.relevance_score - a.relevance_score);
  return rows.map(({ index, relevance_score, document }) => ({ index, relevance_score, document }));
}

function exportCohere(sets: Resolved[]): string {
  if (sets.length === 1) return `${JSON.stringify({ results: cohereResults(sets[0]) }, null, 2)}\n`;
  return `${JSON.stringify(sets.map((s) => ({ query: s.set.query ?? null, ...(s.set.queryId ? { query_id: s.set.queryId } : {}), results: cohereResults(s) })), null, 2)}\n`;
}

// ---------- loose text, TREC, TSV ----------

function exportLoose(sets: Resolved[]): string {
  const one = (r: Resolved) => ({
    ...(r.set.query !== undefined ? { query: r.set.query } : {}),
    chunks: rerankedOrder(r.fields, r.set.chunks.map((_, i) => i)).map((i) => ({ id: r.set.chunks[i].id, text: r.set.chunks[i].text, rerank: r.fields[i] ?? null })),
  });
  return `${JSON.stringify(sets.length === 1 ? one(sets[0]) : sets.map(one), null, 2)}\n`;
}

function exportTrecRun(sets: Resolved[], sink: Diagnostic[]): string {
  const lines: string[] = [];
  let unscored = 0;
  sets.forEach((r, k) => {
    const qid = r.set.queryId ?? `q${k + 1}`;
    for (const i of rerankedOrder(r.fields, r.set.chunks.map((_, n) => n))) {
      const f = r.fields[i];
      if (!f || f.score === null || f.rank === null) {
        unscored++;
        continue;
      }
      lines.push(`${qid} Q0 ${r.set.chunks[i].id} ${f.rank} ${f.score} rerank`);
    }
  });
  if (unscored > 0) sink.push({ severity: 'warning', message: `${unscored} unscored chunk(s) left out of the TREC run (a run needs a score per line).` });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function splitLines(text: string): { lines: string[]; breaks: string[] } {
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const breaks: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    breaks.push(parts[i + 1] ?? '');
  }
  return { lines, breaks };
}

function joinLines(lines: string[], breaks: string[]): string {
  return lines.map((l, i) => l + breaks[i]).join('');
}

const fmt = (v: number | null) => (v === null ? '' : String(v));

function exportTsv(text: string, sets: Resolved[], header: boolean): string {
  const { lines, breaks } = splitLines(text);
  const out = [...lines];
  if (header) {
    const h = lines.findIndex((l) => l.trim() !== '');
    if (h >= 0) out[h] = `${lines[h]}\trerank_score\trerank_probability\trerank_rank\toriginal_rank\tkept`;
  }
  for (const r of sets) {
    const rows = r.set.chunks.map((c, i) => ({ i, line: c.origin?.line })).filter((x): x is { i: number; line: number } => x.line !== undefined);
    const withCols = new Map<number, string>();
    for (const { i, line } of rows) {
      const f = r.fields[i];
      withCols.set(i, `${lines[line]}\t${fmt(f?.score ?? null)}\t${fmt(f?.probability ?? null)}\t${fmt(f?.rank ?? null)}\t${f?.originalRank ?? r.set.chunks[i].originalRank}\t${f ? f.kept : ''}`);
    }
    const slots = rows.map((x) => x.line).sort((a, b) => a - b);
    const order = rerankedOrder(r.fields, rows.map((x) => x.i));
    slots.forEach((line, k) => {
      out[line] = withCols.get(order[k])!;
    });
  }
  return joinLines(out, breaks);
}

// ---------- JSON / JSONL: re-render only what changed ----------

interface TreeEdits {
  /** object node -> properties to set (key -> JSON text). */
  props: Map<Node, Map<string, string>>;
  /** string node -> replacement JSON text. */
  replace: Map<Node, string>;
  /** array node -> new order of child indexes per slot (slot index -> child index). */
  reorder: Map<Node, Map<number, number>>;
  dirty: Set<Node>;
}

function newEdits(): TreeEdits {
  return { props: new Map(), replace: new Map(), reorder: new Map(), dirty: new Set() };
}

function markDirty(e: TreeEdits, node: Node | undefined): void {
  for (let n = node; n && !e.dirty.has(n); n = n.parent) e.dirty.add(n);
}

function setProp(e: TreeEdits, obj: Node, key: string, json: string): void {
  let m = e.props.get(obj);
  if (!m) e.props.set(obj, (m = new Map()));
  m.set(key, json);
  markDirty(e, obj);
}

function indentOf(text: string, offset: number): string {
  const lineStart = lineStartBefore(text, offset);
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function render(text: string, node: Node, e: TreeEdits): string {
  const replaced = e.replace.get(node);
  if (replaced !== undefined) return replaced;
  const start = node.offset;
  const end = node.offset + node.length;
  if (!e.dirty.has(node) || !node.children) return text.slice(start, end);
  if (node.type === 'property') {
    const [, value] = node.children;
    if (!value) return text.slice(start, end);
    return text.slice(start, value.offset) + render(text, value, e) + text.slice(value.offset + value.length, end);
  }
  const kids = node.children;
  const order = e.reorder.get(node);
  const props = node.type === 'object' ? e.props.get(node) : undefined;
  const pending = new Map(props ?? []);
  const renderChild = (slot: number): string => {
    const child = kids[order?.get(slot) ?? slot];
    if (child.type === 'property' && pending.size > 0) {
      const key = String(child.children?.[0]?.value);
      const json = pending.get(key);
      const value = child.children?.[1];
      if (json !== undefined && value) {
        pending.delete(key);
        return text.slice(child.offset, value.offset) + json + text.slice(value.offset + value.length, child.offset + child.length);
      }
    }
    return render(text, child, e);
  };
  if (kids.length === 0) {
    if (pending.size === 0) return text.slice(start, end);
    return `{${[...pending].map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`;
  }
  let out = text.slice(start, kids[0].offset);
  kids.forEach((kid, slot) => {
    out += renderChild(slot);
    if (slot + 1 < kids.length) out += text.slice(kid.offset + kid.length, kids[slot + 1].offset);
  });
  const last = kids[kids.length - 1];
  if (pending.size > 0) {
    const multiLine = /[\r\n]/.test(text.slice(start, end));
    const sep = multiLine ? `\n${indentOf(text, last.offset)}` : ' ';
    out += [...pending].map(([k, v]) => `,${sep}${JSON.stringify(k)}: ${v}`).join('');
  }
  out += text.slice(last.offset + last.length, end);
  return out;
}

interface JsonDoc {
  /** Text before the JSON (a selection's `Query:` line). */
  prefix: string;
  text: string;
  kind: 'json' | 'jsonl';
  trees: Node[];
  /** JSONL: line of each row in `text`. */
  rowLines: number[];
}

function parseForExport(fullText: string, rowPaths: boolean): JsonDoc | undefined {
  const attempt = (prefix: string, text: string): JsonDoc | undefined => {
    const j = parseJson(text);
    // A one-line JSONL file is also one JSON document; paths starting at a row index say which it was.
    if (j.ok && (j.tree.type === 'array' || !rowPaths)) return { prefix, text, kind: 'json', trees: [j.tree], rowLines: [] };
    const jl = parseJsonl(text);
    if (jl.rows.length > 0) return { prefix, text, kind: 'jsonl', trees: jl.trees, rowLines: jl.rowLines };
    return undefined;
  };
  // A selection may start with a `Query:` line; the JSON the reader saw starts after it.
  const { bodyStart, query } = leadingQuery(fullText);
  if (!query) return attempt('', fullText);
  const body = fullText.slice(bodyStart);
  const trimmed = bodyStart + (body.length - body.trimStart().length);
  return attempt(fullText.slice(0, trimmed), fullText.slice(trimmed));
}

/** Node at a path; for JSONL the first segment picks the row. */
function nodeAt(doc: JsonDoc, path: JsonPathSegments): { tree: number; node: Node } | undefined {
  if (doc.kind === 'json') {
    const node = path.length === 0 ? doc.trees[0] : findNodeAtLocation(doc.trees[0], path);
    return node ? { tree: 0, node } : undefined;
  }
  const [row, ...rest] = path;
  if (typeof row !== 'number' || !doc.trees[row]) return undefined;
  const node = rest.length === 0 ? doc.trees[row] : findNodeAtLocation(doc.trees[row], rest);
  return node ? { tree: row, node } : undefined;
}

function rerankJson(f: RerankField | undefined, chunk: Chunk): string {
  return JSON.stringify(f ?? { score: null, probability: null, rank: null, originalRank: chunk.originalRank, kept: false });
}

/** Common array of a set's item paths: paths equal except one numeric segment (the element index). */
function commonArray(paths: JsonPathSegments[]): { array: JsonPathSegments; at: number } | undefined {
  if (paths.length < 2) return undefined;
  const len = paths[0].length;
  if (paths.some((p) => p.length !== len)) return undefined;
  let at = -1;
  for (let d = 0; d < len; d++) {
    const first = paths[0][d];
    if (paths.every((p) => p[d] === first)) continue;
    if (at >= 0 || paths.some((p) => typeof p[d] !== 'number')) return undefined;
    at = d;
  }
  if (at < 0 || new Set(paths.map((p) => p[at])).size !== paths.length) return undefined;
  return { array: paths[0].slice(0, at), at };
}

function exportJson(doc: JsonDoc, sets: Resolved[], sink: Diagnostic[]): string {
  const edits = doc.trees.map(() => newEdits());
  const rowOrder = new Map<number, number>(); // JSONL: slot row -> row
  let missing = 0;
  // Column-shaped chunks of all sets share their parallel lists (Chroma: one inner list per query).
  const columns = new Map<string, { objPath: JsonPathSegments; key: string; rest: number[]; entries: { r: Resolved; i: number; rest: number[]; index: number }[] }>();
  for (const r of sets) {
    const items: { i: number; path: JsonPathSegments }[] = [];
    const loose: { i: number; path: JsonPathSegments; column: JsonPathSegments; index: number }[] = [];
    r.set.chunks.forEach((c, i) => {
      const o = c.origin;
      if (o?.itemPath) items.push({ i, path: o.itemPath });
      else if (o?.columnPath && o.columnIndex !== undefined) {
        // Nearest enclosing object of the column: P + [K] + rest (rest = array indexes only).
        const cp = o.columnPath;
        let k = cp.length - 1;
        while (k >= 0 && typeof cp[k] === 'number') k--;
        if (k < 0 || (doc.kind === 'jsonl' && k < 1)) {
          loose.push({ i, path: [...cp, o.columnIndex], column: cp, index: o.columnIndex });
          return;
        }
        const objPath = cp.slice(0, k);
        const key = String(cp[k]);
        const id = JSON.stringify([objPath, key]);
        let col = columns.get(id);
        if (!col) columns.set(id, (col = { objPath, key, rest: cp.slice(k + 1) as number[], entries: [] }));
        col.entries.push({ r, i, rest: cp.slice(k + 1) as number[], index: o.columnIndex });
      } else missing++;
    });
    // Objects: a `rerank` property each.
    for (const { i, path } of items) {
      const at = nodeAt(doc, path);
      if (!at || at.node.type !== 'object') {
        missing++;
        continue;
      }
      setProp(edits[at.tree], at.node, 'rerank', rerankJson(r.fields[i], r.set.chunks[i]));
    }
    // Strings with no enclosing object: become { text, rerank }.
    for (const l of loose) {
      const at = nodeAt(doc, l.path);
      if (!at || at.node.type !== 'string') {
        missing++;
        continue;
      }
      const e = edits[at.tree];
      e.replace.set(at.node, `{"text": ${doc.text.slice(at.node.offset, at.node.offset + at.node.length)}, "rerank": ${rerankJson(r.fields[l.i], r.set.chunks[l.i])}}`);
      markDirty(e, at.node);
    }
    // Order: objects (or converted strings) of one array are refilled in reranked order.
    const reorderable = items.length > 0 ? items : loose.map((l) => ({ i: l.i, path: l.path }));
    const common = reorderable.length === r.set.chunks.length ? commonArray(reorderable.map((x) => x.path)) : undefined;
    if (common) {
      const byIndex = new Map(reorderable.map((x) => [x.path[common.at] as number, x.i]));
      const slots = [...byIndex.keys()].sort((a, b) => a - b);
      const chunkToIndex = new Map(reorderable.map((x) => [x.i, x.path[common.at] as number]));
      const order = rerankedOrder(r.fields, reorderable.map((x) => x.i)).map((i) => chunkToIndex.get(i)!);
      if (doc.kind === 'jsonl' && common.array.length === 0) {
        slots.forEach((slot, k) => rowOrder.set(slot, order[k]));
      } else {
        const arr = nodeAt(doc, common.array);
        if (arr && arr.node.type === 'array') {
          // Elements between the array and the chunk (pairs like [doc, score]) move as a whole.
          const m = new Map<number, number>();
          slots.forEach((slot, k) => m.set(slot, order[k]));
          edits[arr.tree].reorder.set(arr.node, m);
          markDirty(edits[arr.tree], arr.node);
        }
      }
    }
  }
  // Columns: a parallel list beside them, same nesting, null where no chunk was read.
  const perObject = new Map<string, number>();
  for (const col of columns.values()) perObject.set(JSON.stringify(col.objPath), (perObject.get(JSON.stringify(col.objPath)) ?? 0) + 1);
  for (const col of columns.values()) {
    const objAt = nodeAt(doc, col.objPath);
    if (!objAt || objAt.node.type !== 'object') {
      missing += col.entries.length;
      continue;
    }
    const colValue = nodeAt(doc, [...col.objPath, col.key])?.node;
    const mirror = (n: Node | undefined): unknown => (n?.type === 'array' ? (n.children ?? []).map(() => null) : null);
    const shape = (n: Node | undefined, depth: number): unknown =>
      depth === 0 ? mirror(n) : n?.type === 'array' ? (n.children ?? []).map((c) => shape(c, depth - 1)) : null;
    const value = shape(colValue, col.rest.length) as unknown[];
    for (const en of col.entries) {
      let target: unknown = value;
      for (const k of en.rest) target = Array.isArray(target) ? target[k] : undefined;
      if (Array.isArray(target) && en.index < target.length) {
        target[en.index] = en.r.fields[en.i] ?? { score: null, probability: null, rank: null, originalRank: en.r.set.chunks[en.i].originalRank, kept: false };
      }
    }
    const key = (perObject.get(JSON.stringify(col.objPath)) ?? 1) > 1 ? `${col.key}_rerank` : 'rerank';
    setProp(edits[objAt.tree], objAt.node, key, JSON.stringify(value));
  }
  if (missing > 0) sink.push({ severity: 'warning', message: `${missing} chunk(s) could not be located in the input again; they carry no rerank field.` });
  if (doc.kind === 'json') {
    const t = doc.trees[0];
    return doc.prefix + doc.text.slice(0, t.offset) + render(doc.text, t, edits[0]) + doc.text.slice(t.offset + t.length);
  }
  const { lines, breaks } = splitLines(doc.text);
  const renderedRows = doc.trees.map((tree, row) => {
    const line = lines[doc.rowLines[row]];
    return edits[row].dirty.size === 0 ? line : line.slice(0, tree.offset) + render(line, tree, edits[row]) + line.slice(tree.offset + tree.length);
  });
  const out = [...lines];
  doc.trees.forEach((_, row) => {
    out[doc.rowLines[row]] = renderedRows[rowOrder.get(row) ?? row];
  });
  return doc.prefix + joinLines(out, breaks);
}

export function exportReranked(input: { text: string; result: ReadResult }, ranked: readonly ExportSet[], style: ExportStyle): ExportOutput {
  const diagnostics: Diagnostic[] = [];
  try {
    const sets = resolveSets(input.result, ranked, diagnostics);
    if (style === 'cohere') return { text: exportCohere(sets), fileExtension: 'json', diagnostics };
    const format = input.result.format ?? sets[0]?.set.format ?? '';
    if (format === 'trec-run' || format === 'beir') return { text: exportTrecRun(sets, diagnostics), fileExtension: 'txt', diagnostics };
    if (format === 'msmarco-tsv' || format.startsWith('tsv-')) return { text: exportTsv(input.text, sets, format === 'tsv-header'), fileExtension: 'tsv', diagnostics };
    const hasOrigins = sets.some((s) => s.set.chunks.some((c) => c.origin?.itemPath || c.origin?.columnPath));
    if (hasOrigins && input.text.trim() !== '') {
      const rowPaths = sets.some((s) => s.set.chunks.some((c) => typeof (c.origin?.itemPath ?? c.origin?.columnPath)?.[0] === 'number'));
      const doc = parseForExport(input.text, rowPaths);
      if (doc) return { text: exportJson(doc, sets, diagnostics), fileExtension: doc.kind, diagnostics };
      diagnostics.push({ severity: 'warning', message: 'The original text no longer parses as JSON or JSONL; exported the chunks as a JSON list instead.' });
    }
    return { text: exportLoose(sets), fileExtension: 'json', diagnostics };
  } catch (e) {
    diagnostics.push({ severity: 'error', message: `Export failed: ${e instanceof Error ? e.message : String(e)}`, hint: 'Please report this with the input that caused it.' });
    return { text: '', fileExtension: 'json', diagnostics };
  }
}
