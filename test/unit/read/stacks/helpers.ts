// Test helper for the stack readers: parses a fixture the way the reading infrastructure does (JSON, or
// JSONL as an array of line values), runs every reader's detect() and the winner's read(), with a small
// JsonContext whose source ranges come from jsonc-parser's syntax tree (real offsets, not a mock).
import * as fs from 'fs';
import * as path from 'path';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { Diagnostic, RetrievalSet, SourceRange } from '../../../../src/core/types';
import type { JsonContext, JsonPath, JsonStackReader } from '../../../../src/core/read/readerContract';
import { stackReaders } from '../../../../src/core/read/stacks';

export const FIXTURES = path.resolve(__dirname, '../../../fixtures/formats');

export interface Reported extends Diagnostic {
  at?: JsonPath;
}

export interface StackRun {
  winner: JsonStackReader;
  scores: { id: string; score: number }[];
  sets: RetrievalSet[];
  diagnostics: Reported[];
  text: string;
}

interface Doc {
  root: unknown;
  /** For JSONL: each line's tree and start offset; for JSON: one entry. */
  trees: { tree: Node | undefined; offset: number }[];
  jsonl: boolean;
}

function parseDoc(text: string, jsonl: boolean): Doc {
  if (!jsonl) return { root: JSON.parse(text), trees: [{ tree: parseTree(text), offset: 0 }], jsonl };
  const root: unknown[] = [];
  const trees: Doc['trees'] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.trim() !== '') {
      root.push(JSON.parse(line));
      trees.push({ tree: parseTree(line), offset });
    }
    offset += line.length + 1;
  }
  return { root, trees, jsonl };
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}

export function makeContext(text: string, doc: Doc, file?: string): { ctx: JsonContext; diagnostics: Reported[] } {
  const diagnostics: Reported[] = [];
  const ctx: JsonContext = {
    file,
    rangeAt(p: JsonPath): SourceRange | undefined {
      const [entry, rest] = doc.jsonl ? [doc.trees[p[0] as number], p.slice(1)] : [doc.trees[0], p];
      if (!entry?.tree) return undefined;
      const node = findNodeAtLocation(entry.tree, rest);
      if (!node) return undefined;
      // For strings the range is the content without the quotes.
      const inner = node.type === 'string' ? 1 : 0;
      const start = entry.offset + node.offset + inner;
      const length = node.length - 2 * inner;
      const s = positionAt(text, start);
      const e = positionAt(text, start + length);
      return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column, offset: start, length };
    },
    describe(p: JsonPath): string {
      const parts = doc.jsonl ? p.slice(1) : p;
      const s = '$' + parts.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('');
      return doc.jsonl ? `line ${(p[0] as number) + 1}: ${s}` : s;
    },
    report(d) {
      diagnostics.push(d);
    },
  };
  return { ctx, diagnostics };
}

/** Runs detection over all stack readers on a fixture text and reads it with the winner. */
export function runText(text: string, opts: { jsonl?: boolean; file?: string } = {}): StackRun {
  const doc = parseDoc(text, opts.jsonl ?? false);
  const scores = stackReaders
    .map((r) => ({ id: r.id, score: r.detect(doc.root) }))
    .sort((a, b) => b.score - a.score);
  const winner = stackReaders.find((r) => r.id === scores[0].id)!;
  const { ctx, diagnostics } = makeContext(text, doc, opts.file);
  const sets = winner.read(doc.root, ctx);
  return { winner, scores, sets, diagnostics, text };
}

export function runFixture(rel: string): StackRun {
  const file = path.join(FIXTURES, rel);
  const text = fs.readFileSync(file, 'utf8');
  return runText(text, { jsonl: /\.(jsonl|ndjson)$/.test(file), file: rel });
}

/** The text a source range covers, as raw JSON string content (escapes not decoded). */
export function sliceSource(run: StackRun, r: SourceRange | undefined): string | undefined {
  return r ? run.text.slice(r.offset, r.offset + r.length) : undefined;
}

/** The winner must beat the runner-up, so detection is unambiguous. */
export function margin(run: StackRun): number {
  return run.scores[0].score - (run.scores[1]?.score ?? 0);
}

/** Asserts the reader that won detection, by a clear margin over the runner-up. */
export function expectWinner(run: StackRun, id: string): void {
  if (run.winner.id !== id) {
    throw new Error(`expected ${id} to win detection, got ${run.winner.id} (${JSON.stringify(run.scores.slice(0, 3))})`);
  }
  if (margin(run) < 0.02) throw new Error(`detection margin too small: ${JSON.stringify(run.scores.slice(0, 3))}`);
}

/** Every chunk's source range must cover exactly its text (as written in the file, for escape-free texts). */
export function expectSourcesCoverTexts(run: StackRun): void {
  for (const set of run.sets) {
    for (const c of set.chunks) {
      const raw = sliceSource(run, c.source);
      if (raw === undefined) throw new Error(`chunk ${c.id} has no source range`);
      const decoded = JSON.parse(`"${raw}"`) as string;
      if (decoded !== c.text) throw new Error(`chunk ${c.id}: source covers ${JSON.stringify(raw.slice(0, 60))}, not its text`);
    }
  }
}

export const warnings = (run: StackRun): Reported[] => run.diagnostics.filter((d) => d.severity === 'warning');
export const errors = (run: StackRun): Reported[] => run.diagnostics.filter((d) => d.severity === 'error');

/** Parsed fixture plus a context, for calling one reader directly. */
export function makeContextFor(rel: string): { root: unknown; ctx: JsonContext; diagnostics: Reported[]; text: string } {
  const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
  const doc = parseDoc(text, /\.(jsonl|ndjson)$/.test(rel));
  const { ctx, diagnostics } = makeContext(text, doc, rel);
  return { root: doc.root, ctx, diagnostics, text };
}
