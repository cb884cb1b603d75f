// Test helper for the stack readers: parses a fixture with the production parser and locator (JSON via
// parseJson + jsonLocator, JSONL via parseJsonl: the same source ranges and path descriptions the
// reader gives users), ranks every reader with the production rankReaders() and reads with the winner.
// The context is the production makeContext(); the helper only keeps each report's `at` path beside
// it, so tests can assert where a warning points.
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic, RetrievalSet, SourceRange } from '../../../../src/core/types';
import type { JsonContext, JsonPath, JsonStackReader } from '../../../../src/core/read/readerContract';
import { stackReaders } from '../../../../src/core/read/stacks';
import { rankReaders } from '../../../../src/core/read/detect';
import { jsonLocator, makeContext as productionContext, parseJson, type Locator } from '../../../../src/core/read/json';
import { parseJsonl } from '../../../../src/core/read/jsonl';

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
  locator: Locator;
}

function parseDoc(text: string, jsonl: boolean): Doc {
  if (jsonl) {
    const jl = parseJsonl(text);
    if (jl.diagnostics.some((d) => d.severity === 'error')) throw new Error(`fixture is not valid JSONL: ${jl.diagnostics[0].message}`);
    return { root: jl.rows, locator: jl.locator };
  }
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(`fixture is not valid JSON: ${parsed.diagnostics[0].message}`);
  return { root: parsed.value, locator: jsonLocator(parsed.tree, parsed.lines) };
}

export function makeContext(_text: string, doc: Doc, file?: string): { ctx: JsonContext; diagnostics: Reported[] } {
  const diagnostics: Reported[] = [];
  const ctx = productionContext(file, doc.locator, diagnostics);
  const report = ctx.report.bind(ctx);
  return {
    ctx: {
      ...ctx,
      report(d) {
        report(d);
        if (d.at) diagnostics[diagnostics.length - 1].at = d.at;
      },
    },
    diagnostics,
  };
}

/** Runs detection over all stack readers on a fixture text and reads it with the winner. */
export function runText(text: string, opts: { jsonl?: boolean; file?: string } = {}): StackRun {
  const doc = parseDoc(text, opts.jsonl ?? false);
  const ranked = rankReaders(doc.root, stackReaders);
  const scores = ranked.map((r) => ({ id: r.reader.id, score: r.confidence }));
  const winner = ranked[0].reader;
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
