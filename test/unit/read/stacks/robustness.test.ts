// Readers never throw, whatever they are given, and report half-recognised input with its JSON path.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import type { JsonContext, JsonPath } from '../../../../src/core/read/readerContract';
import { stackReaders } from '../../../../src/core/read/stacks';
import { FIXTURES, runText, type Reported } from './helpers';

function bareContext(): { ctx: JsonContext; diagnostics: Reported[] } {
  const diagnostics: Reported[] = [];
  return {
    diagnostics,
    ctx: {
      rangeAt: () => undefined,
      describe: (p: JsonPath) => '$' + p.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join(''),
      report: (d) => diagnostics.push(d),
    },
  };
}

function allFixtures(): { rel: string; root: unknown }[] {
  const out: { rel: string; root: unknown }[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      // infra/ belongs to the reading infrastructure (BEIR, TREC, bad input), not to the stack readers.
      if (fs.statSync(full).isDirectory()) {
        if (path.relative(FIXTURES, full) !== 'infra') walk(full);
      }
      else if (/\.json$/.test(name)) out.push({ rel: path.relative(FIXTURES, full), root: JSON.parse(fs.readFileSync(full, 'utf8')) });
      else if (/\.jsonl$/.test(name)) {
        const lines = fs.readFileSync(full, 'utf8').split('\n').filter((l) => l.trim() !== '');
        out.push({ rel: path.relative(FIXTURES, full), root: lines.map((l) => JSON.parse(l) as unknown) });
      }
    }
  };
  walk(FIXTURES);
  return out;
}

/** Replaces the value at one random path of `root` with `replacement` (copy; original untouched). */
function mutate(root: unknown, pick: number[], replacement: unknown): unknown {
  const copy = structuredClone(root) as unknown;
  let parent: unknown = undefined;
  let key: string | number | undefined;
  let node = copy;
  for (const n of pick) {
    if (Array.isArray(node) && node.length > 0) {
      key = n % node.length;
    } else if (node && typeof node === 'object') {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      key = keys[n % keys.length];
    } else break;
    parent = node;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (parent === undefined || key === undefined) return replacement;
  (parent as Record<string | number, unknown>)[key] = replacement;
  return copy;
}

describe('stack readers: robustness', () => {
  it('detect() returns a confidence in [0, 1] and read() never throws, on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        for (const r of stackReaders) {
          const score = r.detect(value);
          assert.ok(score >= 0 && score <= 1, `${r.id} detect gave ${score}`);
          const { ctx } = bareContext();
          assert.ok(Array.isArray(r.read(value, ctx)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every reader survives every fixture with one subtree replaced by arbitrary JSON', () => {
    const fixtures = allFixtures();
    assert.ok(fixtures.length >= 40, `expected many fixtures, found ${fixtures.length}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: fixtures.length - 1 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.constant('NaN'), fc.constant([])),
        (fi, pick, replacement) => {
          const root = mutate(fixtures[fi].root, pick, replacement);
          for (const r of stackReaders) {
            const { ctx } = bareContext();
            r.detect(root);
            const sets = r.read(root, ctx);
            for (const s of sets) {
              for (const c of s.chunks) {
                assert.equal(typeof c.text, 'string');
                assert.ok(c.text.trim().length > 0, `${r.id} produced an empty chunk`);
                assert.ok(Number.isInteger(c.originalRank) && c.originalRank >= 1);
                assert.ok(c.retrieverScore === undefined || Number.isFinite(c.retrieverScore));
                assert.ok(c.retrieverScore !== undefined || c.scoreKind === 'unknown', `${r.id}: a kind without a score`);
              }
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('each fixture is claimed by exactly the reader named in its test (no generic reader outscores a specific one)', () => {
    // A specific shape must outscore every plain reader on every stack fixture outside plain/.
    const plain = new Set(['plain-strings', 'plain-chunks', 'plain-query-documents']);
    for (const { rel, root } of allFixtures()) {
      if (rel.startsWith('plain') || rel.includes('shared-samples/plain') || rel.includes('rest-v2-error')) continue;
      // Outputs of libraries without a reader of their own (Orama, Fuse.js, pg...): read by inference, tested in infer.test.ts.
      if (rel.startsWith('real/')) continue;
      // Outputs of more stacks, many read by inference or a plain reader on purpose: tested in ../wild.test.ts.
      if (rel.startsWith('wild/')) continue;
      const ranked = stackReaders.map((r) => ({ id: r.id, s: r.detect(root) })).sort((a, b) => b.s - a.s);
      assert.ok(!plain.has(ranked[0].id), `${rel} was claimed by ${ranked[0].id}`);
      assert.ok(ranked[0].s >= 0.8, `${rel}: top confidence only ${ranked[0].s} (${ranked[0].id})`);
    }
  });
});

describe('stack readers: half-recognised input is reported with its path', () => {
  it('a chunk without text is skipped with a warning naming its path; the rest is read', () => {
    const text = JSON.stringify({
      result: [
        { id: 1, version: 2, score: 0.9, payload: { text: 'Kept: the first point has its text.' } },
        { id: 2, version: 2, score: 0.8, payload: { title: 'no text here' } },
        { id: 3, version: 2, score: 0.7, payload: { text: 'Kept: the third point has its text too.' } },
      ],
      status: 'ok',
      time: 0.001,
    });
    const run = runText(text);
    assert.equal(run.winner.id, 'qdrant-search');
    assert.deepEqual(run.sets[0].chunks.map((c) => c.id), ['1', '3']);
    assert.deepEqual(run.sets[0].chunks.map((c) => c.originalRank), [1, 2]);
    const [w] = run.diagnostics.filter((d) => d.severity === 'warning');
    assert.match(w.message, /\$\.result\[1\]\.payload has no text/);
    assert.deepEqual(w.at, ['result', 1, 'payload']);
  });

  it('a non-numeric score is a warning; the chunk stays, without a score', () => {
    const text = JSON.stringify({
      query: 'q',
      passages: [
        { id: 'a', text: 'First passage text.', score: 'high' },
        { id: 'b', text: 'Second passage text.', score: '0.42' },
      ],
    });
    const run = runText(text);
    assert.equal(run.winner.id, 'plain-query-documents');
    const [a, b] = run.sets[0].chunks;
    assert.equal(a.retrieverScore, undefined);
    assert.equal(a.scoreKind, 'unknown');
    assert.equal(b.retrieverScore, 0.42);
    const ws = run.diagnostics.filter((d) => d.severity === 'warning');
    assert.equal(ws.length, 2);
    assert.match(ws[0].message, /\$\.passages\[0\]\.score is not a number \(the string "high"\)/);
    assert.deepEqual(ws[0].at, ['passages', 0, 'score']);
    assert.match(ws[1].message, /is a string \("0\.42"\); read it as the number 0\.42/);
  });

  it('JSONL paths start with the line index, so messages can name the line', () => {
    const text = [
      JSON.stringify({ user_input: 'first', retrieved_contexts: ['a context', ''], reference: 'r' }),
      JSON.stringify({ user_input: 'second', retrieved_contexts: ['another context'] }),
    ].join('\n');
    const run = runText(text, { jsonl: true });
    assert.equal(run.winner.id, 'ragas-v0.2');
    const [w] = run.diagnostics;
    assert.deepEqual(w.at, [0, 'retrieved_contexts', 1]);
    assert.match(w.message, /line 1: \$\.retrieved_contexts\[1\] has no text/);
  });
});
