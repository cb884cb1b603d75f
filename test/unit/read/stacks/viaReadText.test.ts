// Every stack fixture read through the real front door (readText: real parsing, detection, context and
// source ranges) must give what the stack reader gives in isolation, with real line/column sources.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { exportReranked } from '../../../../src/core/export/index';
import { readText } from '../../../../src/core/read/index';
import { FIXTURES, runFixture } from './helpers';

function stackFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(FIXTURES, full);
      if (fs.statSync(full).isDirectory()) {
        if (rel !== 'infra') walk(full);
      } else if (/\.jsonl?$/.test(name)) out.push(rel);
    }
  };
  walk(FIXTURES);
  return out;
}

function lineColOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, column: before[before.length - 1].length };
}

/** Redis RESP2: each document is a flat [field, value, ...] list; the same-shape export is refused. */
const NO_OBJECTS_AT_ALL = ['wild/redis-ft-search-resp2.json'];

/** Flat span attributes have no object per document: export cannot annotate them in place. */
const NO_ITEM_OBJECTS = ['openinference/retriever-span-flat.json', 'openinference/otlp-export.json', 'openinference/reranker-span.json', ...NO_OBJECTS_AT_ALL];

function parsesBack(text: string, ext: string): boolean {
  try {
    if (ext === 'jsonl') text.split('\n').filter((l) => l.trim() !== '').forEach((l) => JSON.parse(l));
    else JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('stack fixtures through readText()', () => {
  for (const rel of stackFixtures()) {
    const alone = runFixture(rel);
    if (alone.sets.every((s) => s.chunks.length === 0)) continue; // error fixtures are covered by their own tests
    it(`${rel}: same sets as the reader alone, with real source positions`, () => {
      const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
      const r = readText(text, { file: rel });
      assert.equal(r.format, alone.winner.id);
      assert.equal(r.sets.length, alone.sets.length);
      assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), []);
      r.sets.forEach((set, si) => {
        const mine = alone.sets[si];
        assert.equal(set.query, mine.query);
        assert.deepEqual(set.labels, mine.labels);
        assert.deepEqual(
          set.chunks.map((c) => [c.text, c.originalRank, c.retrieverScore, c.scoreKind]),
          mine.chunks.map((c) => [c.text, c.originalRank, c.retrieverScore, c.scoreKind]),
        );
        for (const c of set.chunks) {
          assert.ok(c.source, `chunk ${c.id} has no source`);
          const raw = text.slice(c.source.offset, c.source.offset + c.source.length);
          // A text joined from several parts (OpenAI's content[]) spans them, JSON between included.
          if (/"\s*}\s*,\s*{|",\s*"/.test(raw)) assert.ok(raw.includes(c.text.split('\n')[0]) && raw.includes(c.text.split('\n').pop()!), `chunk ${c.id}: ${raw}`);
          else assert.equal(JSON.parse(`"${raw}"`), c.text);
          assert.deepEqual({ line: c.source.startLine, column: c.source.startColumn }, lineColOf(text, c.source.offset));
        }
      });
    });
    it(`${rel}: exports back into its own shape with every chunk located`, () => {
      const text = fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
      const result = readText(text, { file: rel });
      // Reverse each set, as if the reranker had turned the order around.
      const ranked = result.sets.map((set) => ({
        set,
        ranked: set.chunks
          .map((chunk, index) => ({ chunk, index, score: { score: index, probability: 0.5 }, rank: set.chunks.length - index, move: 0 }))
          .reverse(),
        kept: set.chunks.map(() => true),
      }));
      const out = exportReranked({ text, result }, ranked as never, 'same');
      if (NO_OBJECTS_AT_ALL.includes(rel)) {
        // Nothing to hold a rerank field: refused (not a copy of the input without scores), pointing at the Cohere style.
        const refusal = (out.diagnostics ?? []).find((d) => d.severity === 'error');
        assert.match(refusal?.message ?? '', /none of the \d+ chunk\(s\) could be located/);
        assert.match(refusal?.hint ?? '', /Cohere/);
        assert.equal(out.text, '');
        return;
      }
      assert.ok(parsesBack(out.text, out.fileExtension), 'export does not parse');
      const lost = (out.diagnostics ?? []).filter((d) => /could not be located/.test(d.message));
      if (!NO_ITEM_OBJECTS.includes(rel)) assert.deepEqual(lost, []);
      assert.ok(out.text.includes('rerank'));
    });
  }
});
