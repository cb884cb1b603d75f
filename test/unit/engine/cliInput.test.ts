// The CLI's input step (src/cli/input.ts) and its JSON error locator, in-process (no build needed).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { readInput } from '../../../src/cli/input';
import { firstJsonErrorOffset } from '../../../src/cli/jsonError';
import { rankResults } from '../../../src/cli/output';
import type { PairScore } from '../../../src/engine/protocol';

describe('cli input', () => {
  it('reads a JSON array of texts and {query, documents} with string or object documents', () => {
    const a = readInput('["one", "two"]', 'a.json');
    assert.deepEqual(a.diagnostics, []);
    assert.deepEqual(a.sets[0].chunks.map((c) => [c.id, c.text, c.originalRank]), [['#1', 'one', 1], ['#2', 'two', 2]]);
    assert.equal(a.sets[0].query, undefined);
    const b = readInput('\ufeff{"query": "q", "documents": ["x", {"id": 7, "text": "y", "source": "s"}]}', 'b.json');
    assert.equal(b.sets[0].query, 'q');
    assert.deepEqual(b.sets[0].chunks.map((c) => [c.id, c.text]), [['#1', 'x'], ['7', 'y']]);
    assert.deepEqual(b.sets[0].chunks[1].metadata, { source: 's' });
  });

  it('says what and where for bad input', () => {
    const bad = readInput('{"documents": ["a", 3]}', 'f.json');
    assert.equal(bad.sets.length, 0);
    assert.equal(bad.diagnostics[0].path, '$.documents[1]');
    const shape = readInput('{"docs": []}', 'f.json');
    assert.match(shape.diagnostics[0].message, /neither an array of texts nor an object with a "documents" list/);
    const syntax = readInput('{\n "query": "q",\n "documents": ["a",]\n}', 'f.json');
    assert.equal(syntax.diagnostics[0].line, 3);
    assert.equal(syntax.diagnostics[0].column, 20);
    assert.match(readInput('  ', 'f.json').diagnostics[0].message, /empty/);
  });

  it('the error locator agrees with JSON.parse on valid JSON and on damaged JSON', () => {
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('', ',', ']', '}', '"', 'x', '\u0001', ' '), (json, at, junk) => {
        assert.equal(firstJsonErrorOffset(json), null, json);
        const pos = at % (json.length + 1);
        const damaged = json.slice(0, pos) + junk + json.slice(pos);
        let ok = true;
        try {
          JSON.parse(damaged);
        } catch {
          ok = false;
        }
        const found = firstJsonErrorOffset(damaged);
        assert.equal(found === null, ok, JSON.stringify(damaged));
        if (found) assert.ok(found.offset >= 0 && found.offset <= damaged.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('cli output: ranking and kept', () => {
  const chunk = (i: number) => ({ id: `#${i + 1}`, text: `t${i}`, originalRank: i + 1, scoreKind: 'unknown' as const, metadata: {} });
  const score = (index: number, s: number): PairScore => ({ index, score: s, probability: 1 / (1 + Math.exp(-s)), queryTokens: 1, chunkTokens: 1, truncated: false, truncatedAtChar: null, cached: false });
  it('sorts by score with ties in original order, and keeps by threshold and top-k', () => {
    const chunks = [0, 1, 2, 3].map(chunk);
    const scores = [score(0, 1), score(1, 3), score(2, 1), score(3, -2)];
    const rows = rankResults(chunks, scores, { activation: 'raw', threshold: 0.5, topK: 2 });
    assert.deepEqual(rows.map((r) => r.index), [1, 0, 2, 3]);
    assert.deepEqual(rows.map((r) => r.kept), [true, true, false, false]);
    const sig = rankResults(chunks, scores, { activation: 'sigmoid', threshold: 0.5, topK: null });
    assert.deepEqual(sig.map((r) => r.kept), [true, true, true, false]);
    assert.ok(Math.abs(sig[0].score - 1 / (1 + Math.exp(-3))) < 1e-12);
  });
});
