// Fuzzing the whole reader (readBytes/readText: decoding, routing, JSON/JSONL/CSV/TSV, every stack
// reader, inference) and the export after it: mutated real fixture files (bytes and JSON subtrees),
// random bytes, random tables, deep nesting. Each case asserts no throw, no "Internal error" (a reader
// bug caught by the last line of defence) and well-formed chunks. Bounded by iteration counts and
// input sizes, never by timers; seeds are fixed so a failure replays.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { exportReranked, type ExportSet } from '../../../src/core/export/index';
import { readBytes, readSelection, readText } from '../../../src/core/read/index';
import type { ReadResult } from '../../../src/core/types';

const FORMATS = path.resolve(__dirname, '../../fixtures/formats');
const SEED = 20261130;

function fixtureFiles(): { rel: string; bytes: Uint8Array }[] {
  const out: { rel: string; bytes: Uint8Array }[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const st = fs.lstatSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && /\.(json|jsonl|ndjson|tsv|csv|txt|trec|run|qrels)$/.test(name) && st.size < 256 * 1024) {
        out.push({ rel: path.relative(FORMATS, full), bytes: new Uint8Array(fs.readFileSync(full)) });
      }
    }
  };
  walk(FORMATS);
  return out;
}

/** Small deterministic PRNG (mulberry32): the byte mutations replay from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRUCTURAL = [...'{}[]",:\t\n\r\\0-e.'].map((c) => c.charCodeAt(0));

/** One of: flip a byte, delete a run, insert structural characters, duplicate a run, truncate. */
function mutateBytes(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const b = Array.from(bytes);
  const at = () => Math.floor(rnd() * Math.max(1, b.length));
  for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) {
    const op = Math.floor(rnd() * 6);
    if (op === 0 && b.length > 0) b[at()] = Math.floor(rnd() * 256);
    else if (op === 1) b.splice(at(), 1 + Math.floor(rnd() * 16));
    else if (op === 2) b.splice(at(), 0, ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => STRUCTURAL[Math.floor(rnd() * STRUCTURAL.length)]));
    else if (op === 3) {
      const s = at();
      b.splice(at(), 0, ...b.slice(s, s + 1 + Math.floor(rnd() * 64)));
    } else if (op === 4) b.length = at();
    else if (b.length > 0) b[at()] = STRUCTURAL[Math.floor(rnd() * STRUCTURAL.length)];
  }
  return Uint8Array.from(b);
}

/** Asserts what every read must satisfy, and exports what was read (the export must not fail either). */
function check(r: ReadResult, what: string, text?: string): void {
  assert.ok(Array.isArray(r.sets) && Array.isArray(r.diagnostics), `${what}: malformed result`);
  const internal = r.diagnostics.find((d) => /Internal error|reader failed/.test(d.message));
  assert.equal(internal, undefined, `${what}: ${internal?.message}`);
  for (const d of r.diagnostics) assert.ok(typeof d.message === 'string' && d.message.length > 0, `${what}: empty message`);
  for (const s of r.sets) {
    const ids = new Set<string>();
    for (const c of s.chunks) {
      assert.ok(typeof c.text === 'string' && c.text.trim() !== '', `${what}: empty chunk text`);
      assert.ok(Number.isInteger(c.originalRank) && c.originalRank >= 1, `${what}: rank ${c.originalRank}`);
      assert.ok(c.retrieverScore === undefined || Number.isFinite(c.retrieverScore), `${what}: score ${c.retrieverScore}`);
      assert.ok(c.retrieverScore !== undefined || c.scoreKind === 'unknown', `${what}: a kind without a score`);
      assert.ok(!ids.has(c.id), `${what}: duplicate id ${c.id}`);
      ids.add(c.id);
    }
  }
  if (text !== undefined && r.sets.some((s) => s.chunks.length > 0)) {
    const ranked: ExportSet[] = r.sets.map((set) => {
      const n = set.chunks.length;
      const rankedChunks = set.chunks.map((chunk, i) => ({ index: i, score: { score: -i, probability: 1 / (i + 2) }, rank: i + 1, chunk }));
      return { set, ranked: rankedChunks, kept: rankedChunks.map((x) => x.rank <= Math.ceil(n / 2)) };
    });
    for (const style of ['same', 'cohere'] as const) {
      const out = exportReranked({ text, result: r }, ranked, style);
      const failed = out.diagnostics.find((d) => d.severity === 'error');
      // The one deliberate refusal: a same-shape export that could not place a single score (the
      // Cohere style, checked next, always can).
      if (style === 'same' && failed && /^none of the \d+ chunk\(s\) could be located/.test(failed.message) && out.text === '') continue;
      assert.equal(failed, undefined, `${what}: export ${style}: ${failed?.message}`);
    }
  }
}

describe('read/fuzz: the reader never throws, never hangs, never reads garbage chunks', () => {
  const files = fixtureFiles();

  it('every fixture file with its bytes mutated (30 mutants each), read under its own name and as .txt', () => {
    assert.ok(files.length >= 100, `expected the fixture set, found ${files.length}`);
    const rnd = prng(SEED);
    for (const f of files) {
      for (let k = 0; k < 30; k++) {
        const bytes = mutateBytes(f.bytes, rnd);
        const name = k % 5 === 0 ? 'mutant.txt' : f.rel;
        const r = readBytes(bytes, { file: name });
        let text: string | undefined;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          text = undefined;
        }
        check(r, `${f.rel} mutant ${k}`, text);
      }
    }
  });

  it('every JSON fixture with random subtrees replaced (fast-check, 600 runs)', () => {
    const roots = files
      .filter((f) => f.rel.endsWith('.json'))
      .map((f) => {
        try {
          return { rel: f.rel, root: JSON.parse(new TextDecoder().decode(f.bytes)) as unknown };
        } catch {
          return undefined;
        }
      })
      .filter((x): x is { rel: string; root: unknown } => x !== undefined);
    const replace = (root: unknown, picks: number[], value: unknown): unknown => {
      const copy = structuredClone(root);
      let parent: unknown = undefined;
      let key: string | number | undefined;
      let node: unknown = copy;
      for (const p of picks) {
        const keys = Array.isArray(node) ? node.map((_, i) => i) : node && typeof node === 'object' ? Object.keys(node) : [];
        if (keys.length === 0) break;
        parent = node;
        key = keys[p % keys.length];
        node = (node as Record<string | number, unknown>)[key];
      }
      if (parent === undefined) return value;
      (parent as Record<string | number, unknown>)[key!] = value;
      return copy;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: roots.length - 1 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.constant(''), fc.constant([]), fc.constant({}), fc.string()),
        (i, picks, value) => {
          const text = JSON.stringify(replace(roots[i].root, picks, value), null, 1);
          check(readText(text, { file: roots[i].rel }), `${roots[i].rel} ${JSON.stringify(picks)}`, text);
        },
      ),
      { numRuns: 600, seed: SEED },
    );
  });

  it('random bytes and random text (fast-check, 400 runs each), as files, stdin and selections', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom('x.json', 'x.jsonl', 'x.tsv', 'x.csv', 'x.txt', '<stdin>'), (bytes, file) => {
        check(readBytes(bytes, { file }), `bytes as ${file}`);
      }),
      { numRuns: 400, seed: SEED },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 2048, unit: 'grapheme' }), fc.constantFrom('x.json', 'x.csv', 'x.tsv', 'x.txt'), (text, file) => {
        check(readText(text, { file }), `text as ${file}`, text);
        check(readSelection(text, { file, startLine: 3, startColumn: 2, startOffset: 40 }), 'selection');
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('random tables: CSV and TSV of quotes, commas, tabs and line breaks (fast-check, 500 runs)', () => {
    const cell = fc.stringMatching(/^[a-z "\t,\n\r\\]{0,12}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(',', '\t'),
        fc.boolean(),
        (rows, sep, header) => {
          const body = rows.map((r) => r.join(sep)).join('\n');
          const text = header ? `id${sep}title${sep}content${sep}distance\n${body}` : body;
          const file = sep === ',' ? 't.csv' : 't.tsv';
          check(readText(text, { file }), `table ${JSON.stringify(text).slice(0, 80)}`, text);
        },
      ),
      { numRuns: 500, seed: SEED },
    );
  });

  it('deep nesting: arrays, objects and mixed, as JSON and JSONL, refused with a message, never a stack overflow', () => {
    for (const depth of [63, 64, 65, 1_000, 100_000]) {
      const cases = [
        '['.repeat(depth) + ']'.repeat(depth),
        '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
        '[{"document":'.repeat(depth) + '"text here"' + '}]'.repeat(depth),
        '['.repeat(depth), // never closed
      ];
      for (const text of cases) {
        for (const file of ['deep.json', 'deep.jsonl', 'deep.txt']) check(readText(`${text}\n${text}`, { file }), `depth ${depth} ${file}`);
      }
    }
    // Within the limit, inference and the stack readers walk deep structures without trouble.
    const nested = (d: number): unknown => (d === 0 ? [{ content: 'A text at the bottom of a deep structure.' }] : { inner: nested(d - 1) });
    const r = readText(JSON.stringify(nested(60)), { file: 'deep-ok.json' });
    check(r, 'deep within the limit');
    const wide = JSON.stringify({ rows: Array.from({ length: 5_000 }, (_, i) => ({ id: i, content: `Row ${i} with some text in it.`, distance: i / 5_000 })) });
    const big = readText(wide, { file: 'wide.json' });
    check(big, 'wide');
    assert.equal(big.sets[0].chunks.length, 5_000);
  });
});
