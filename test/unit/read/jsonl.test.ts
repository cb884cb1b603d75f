import { strict as assert } from 'node:assert';
import { parseJsonl } from '../../../src/core/read/jsonl';
import { readText } from '../../../src/core/read/index';
import type { JsonStackReader } from '../../../src/core/read/readerContract';

// A small local reader: one `{query, passages: [{id, text}]}` row per line (the tests do not depend
// on the stack readers another helper writes).
const rowsReader: JsonStackReader = {
  id: 'test-rows',
  label: 'test rows',
  detect: (root) => (Array.isArray(root) && root.every((r) => typeof r === 'object' && r !== null && 'passages' in r) ? 0.9 : 0),
  read(root, ctx) {
    return (root as { query: string; passages: { id: string; text: string }[] }[]).map((row, i) => ({
      query: row.query,
      format: 'test-rows',
      chunks: row.passages.map((p, k) => ({
        id: p.id, text: p.text, originalRank: k + 1, scoreKind: 'unknown' as const, metadata: {},
        source: ctx.rangeAt([i, 'passages', k, 'text']), origin: { itemPath: [i, 'passages', k] },
      })),
    }));
  },
};

const text = [
  '{"query": "q1", "passages": [{"id": "a", "text": "alpha one"}]}',
  '',
  '{"query": "q2", "passages": [{"id": "b", "text": "beta two"}], }',
  '{"query": "q3", "passages": [{"id": "c" "text": "gamma"}]}',
  '   ',
  '{"query": "q4", "passages": [{"id": "d", "text": "delta four"}]}',
].join('\n');

describe('read/jsonl', () => {
  it('reports a broken line with file, line, column and what was expected, and reads the rest', () => {
    const r = readText(text, { file: 'runs.jsonl', readers: [rowsReader] });
    assert.deepEqual(r.sets.map((s) => s.query), ['q1', 'q2', 'q4']);
    const broken = r.diagnostics.find((d) => /Skipped line 4/.test(d.message));
    assert.ok(broken, JSON.stringify(r.diagnostics));
    assert.equal(broken.severity, 'warning');
    assert.equal(broken.file, 'runs.jsonl');
    assert.equal(broken.line, 4);
    assert.equal(broken.column, 41);
    assert.match(broken.message, /runs\.jsonl/);
    assert.match(broken.message, /expected a comma/);
    // Trailing comma on line 3 is accepted with a warning.
    assert.ok(r.diagnostics.some((d) => /Trailing comma/.test(d.message) && d.line === 3));
  });

  it('ranges of rows map into their own lines', () => {
    const r = readText(text, { file: 'runs.jsonl', readers: [rowsReader] });
    const lines = text.split('\n');
    const d = r.sets[2].chunks[0];
    assert.equal(d.source?.startLine, 5);
    assert.equal(lines[5].slice(d.source!.startColumn, d.source!.endColumn), 'delta four');
    assert.equal(text.slice(d.source!.offset, d.source!.offset + d.source!.length), 'delta four');
  });

  it('describe() names the file line of a row', () => {
    const jl = parseJsonl(text, { file: 'runs.jsonl' });
    assert.equal(jl.rows.length, 3);
    assert.deepEqual(jl.rowLines, [0, 2, 5]);
    assert.equal(jl.locator.describe([2, 'passages', 0, 'text']), 'line 6: $.passages[0].text');
    assert.equal(jl.brokenLines, 1);
  });

  it('every line broken: an error, nothing read, no throw', () => {
    const r = readText('{"a": \n{"b"\n', { file: 'x.jsonl', readers: [rowsReader] });
    assert.equal(r.sets.length, 0);
    assert.ok(r.diagnostics.some((d) => d.severity === 'error' && /No line of x\.jsonl is valid JSON/.test(d.message)));
    assert.equal(r.diagnostics.filter((d) => /Skipped line/.test(d.message)).length, 2);
  });

  it('a pretty-printed JSON document saved as .jsonl is read as JSON, with a warning', () => {
    const r = readText('{\n "query": "q",\n "passages": [{"id": "a", "text": "alpha"}]\n}', { file: 'p.jsonl', readers: [rowsReader, {
      ...rowsReader,
      id: 'one-row',
      detect: (root) => (typeof root === 'object' && root !== null && !Array.isArray(root) ? 0.9 : 0),
      read: (root, ctx) => rowsReader.read([root], { ...ctx, rangeAt: () => undefined }),
    }] });
    assert.equal(r.sets.length, 1);
    assert.ok(r.diagnostics.some((d) => d.severity === 'warning' && /one JSON document, not JSON Lines/.test(d.message)));
  });

  it('JSONL in a .json file is read as JSONL with a note', () => {
    const r = readText('{"query": "q1", "passages": [{"id": "a", "text": "alpha one"}]}\n{"query": "q2", "passages": [{"id": "b", "text": "beta"}]}\n', { file: 'rows.json', readers: [rowsReader] });
    assert.equal(r.sets.length, 2);
    assert.ok(r.diagnostics.some((d) => /read it as JSONL/.test(d.message)));
  });

  it('reports at most 20 broken lines one by one, then a total', () => {
    const many = Array.from({ length: 30 }, () => '{oops').join('\n') + '\n{"query": "q", "passages": [{"id": "a", "text": "t"}]}';
    const jl = parseJsonl(many, { file: 'm.jsonl' });
    assert.equal(jl.rows.length, 1);
    assert.equal(jl.diagnostics.filter((d) => /^Skipped line/.test(d.message)).length, 20);
    assert.ok(jl.diagnostics.some((d) => /Skipped 10 more broken lines of m\.jsonl \(30 in all\)/.test(d.message)));
  });
});
