// JSON / JSONL in the input's own shape: every chunk that came from a JSON object gets a `rerank`
// field { score, probability, logit, rank, originalRank, kept } (an existing `rerank` is replaced). Chunks that
// are strings in a column (Chroma's parallel lists, Ragas columns) get a parallel `rerank` list in the
// nearest enclosing object, index for index; strings with no enclosing object (a plain list of strings)
// become { "text", "rerank" } objects. Everything else is kept byte for byte (formatting, comments,
// number spelling): the text is re-rendered only where something changed. JSONL stays JSONL.
// Order: when a set's chunks are the elements of one array (objects or converted strings; for JSONL
// the lines), the places they occupy are refilled in reranked order; other elements stay where they
// are. Column-shaped results keep their order (reordering one list would break the parallel ones);
// `rerank.rank` gives the new order.
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { Chunk, Diagnostic, JsonPathSegments } from '../types';
import { parseJson } from '../read/json';
import { parseJsonl } from '../read/jsonl';
import { leadingQuery, lineStartBefore } from '../read/split';
import { joinLines, rerankedOrder, splitLines } from './resolve';
import type { RerankField, Resolved } from './types';


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

export interface JsonDoc {
  /** Text before the JSON (a selection's `Query:` line). */
  prefix: string;
  text: string;
  kind: 'json' | 'jsonl';
  trees: Node[];
  /** JSONL: line of each row in `text`. */
  rowLines: number[];
}

export function parseForExport(fullText: string, rowPaths: boolean): JsonDoc | undefined {
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
  return JSON.stringify(f ?? { score: null, probability: null, logit: null, rank: null, originalRank: chunk.originalRank, kept: false });
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

export function exportJson(doc: JsonDoc, sets: Resolved[], sink: Diagnostic[]): string {
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
    // Objects: a `rerank` property each. Only these move when the set is reordered: an item that is
    // not an object (a Redis RESP2 field list, its id beside it in the parent) would move without its id.
    const located: typeof items = [];
    for (const { i, path } of items) {
      const at = nodeAt(doc, path);
      if (!at || at.node.type !== 'object') {
        missing++;
        continue;
      }
      setProp(edits[at.tree], at.node, 'rerank', rerankJson(r.fields[i], r.set.chunks[i]));
      located.push({ i, path });
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
    const reorderable = items.length > 0 ? located : loose.map((l) => ({ i: l.i, path: l.path }));
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
        target[en.index] = en.r.fields[en.i] ?? { score: null, probability: null, logit: null, rank: null, originalRank: en.r.set.chunks[en.i].originalRank, kept: false };
      }
    }
    const key = (perObject.get(JSON.stringify(col.objPath)) ?? 1) > 1 ? `${col.key}_rerank` : 'rerank';
    setProp(edits[objAt.tree], objAt.node, key, JSON.stringify(value));
  }
  const total = sets.reduce((n, r) => n + r.set.chunks.length, 0);
  if (missing > 0 && missing === total) {
    // A copy of the input without a single score is not an export: say so instead of writing it.
    sink.push({
      severity: 'error',
      message: `none of the ${total} chunk(s) could be located in the input again (its records are not JSON objects or strings a rerank field can join), so a same-shape export would carry no scores.`,
      hint: 'Export in the Cohere style instead: --export-style cohere on the command line, "Cohere rerank response" in the editor.',
    });
    return '';
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
