import { strict as assert } from 'node:assert';
import { readText } from '../../../src/core/read/index';
import { findTextCandidates } from '../../../src/core/read/candidates';
import { describePath, parsePathPattern, ANY } from '../../../src/core/read/paths';

const custom = {
  meta: { took: 12, note: 'an internal note that is long enough to look like text' },
  batches: [
    {
      question: 'how do birds navigate',
      results: [
        { uid: 'x1', payload: { body: 'Birds use the stars and the magnetic field to navigate.' }, dist: 0.12 },
        { uid: 'x2', payload: { body: 'Some birds follow coastlines and rivers on migration.' }, dist: 0.31 },
      ],
    },
    {
      question: 'how far can birds fly',
      results: [{ uid: 'y1', payload: { body: 'A godwit flew 13,000 km without stopping over the Pacific.' }, dist: '0.2' }],
    },
  ],
};
const text = JSON.stringify(custom, null, 2);

describe('read/candidates', () => {
  it('finds long strings at consistent paths, lists first, and ranks them', () => {
    const c = findTextCandidates(custom);
    assert.equal(c[0].path, '$.batches[*].results[*].payload.body');
    assert.equal(c[0].count, 3);
    assert.ok(c[0].averageLength > 40);
    assert.match(c[0].example, /^Birds use the stars/);
    assert.ok(c.some((x) => x.path === '$.batches[*].question'));
    assert.ok(c.some((x) => x.path === '$.meta.note'));
  });

  it('an unrecognised shape returns candidates with "pick a text path"', () => {
    const r = readText(text, { file: 'custom.json', readers: [] });
    assert.equal(r.sets.length, 0);
    assert.equal(r.candidates?.[0].path, '$.batches[*].results[*].payload.body');
    assert.match(r.diagnostics[0].message, /pick a text path/);
    assert.match(r.diagnostics[0].message, /\$\.batches\[\*\]\.results\[\*\]\.payload\.body \(3 texts/);
  });

  it('overrides read any shape: sets by the outer [*], query/id/score by the same [*]s', () => {
    const r = readText(text, {
      file: 'custom.json',
      readers: [],
      overrides: { textPath: '$.batches[*].results[*].payload.body', queryPath: '$.batches[*].question', idPath: '$.batches[*].results[*].uid', scorePath: 'batches[*].results[*].dist' },
    });
    assert.equal(r.format, 'custom-paths');
    assert.equal(r.sets.length, 2);
    assert.deepEqual(r.sets.map((s) => s.query), ['how do birds navigate', 'how far can birds fly']);
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind, c.originalRank]), [['x1', 0.12, 'distance', 1], ['x2', 0.31, 'distance', 2]]);
    assert.equal(r.sets[1].chunks[0].retrieverScore, 0.2);
    const c = r.sets[0].chunks[0];
    assert.equal(text.slice(c.source!.offset, c.source!.offset + c.source!.length), c.text);
    assert.deepEqual(c.origin, { itemPath: ['batches', 0, 'results', 0, 'payload'] });
    const q = r.sets[1].querySource!;
    assert.equal(text.slice(q.offset, q.offset + q.length), 'how far can birds fly');
  });

  it('overrides on column-shaped data (Chroma-like parallel lists)', () => {
    const chroma = JSON.stringify({ ids: [['a', 'b'], ['c']], documents: [['text a here', 'text b here'], ['text c here']], distances: [[0.1, 0.2], [0.3]] });
    const r = readText(chroma, { file: 'c.json', readers: [], overrides: { textPath: '$.documents[*][*]', idPath: '$.ids[*][*]', scorePath: '$.distances[*][*]' } });
    assert.deepEqual(r.sets.map((s) => s.chunks.map((c) => `${c.id}:${c.retrieverScore}:${c.scoreKind}`)), [['a:0.1:distance', 'b:0.2:distance'], ['c:0.3:distance']]);
    assert.deepEqual(r.sets[0].chunks[1].origin, { columnPath: ['documents', 0], columnIndex: 1 });
  });

  it('overrides on JSONL rows', () => {
    const jsonl = '{"q": "first query", "ctx": ["one passage", "two passage"]}\n{"q": "second query", "ctx": ["three passage"]}\n';
    const r = readText(jsonl, { file: 'r.jsonl', readers: [], overrides: { textPath: '$[*].ctx[*]', queryPath: '$[*].q' } });
    assert.deepEqual(r.sets.map((s) => [s.query, s.chunks.length]), [['first query', 2], ['second query', 1]]);
    assert.equal(r.sets[1].chunks[0].source?.startLine, 1);
  });

  it('a bad path: error with the column and the syntax', () => {
    const r = readText(text, { file: 'custom.json', readers: [], overrides: { textPath: '$.batches[x].body' } });
    assert.equal(r.sets.length, 0);
    assert.match(r.diagnostics[0].message, /The text path "\$\.batches\[x\]\.body" is not a valid path \(column 10: expected \[\*\], \[number\] or \["key"\]\)/);
    assert.match(r.diagnostics[0].hint ?? '', /\$\.results\[\*\]\.payload\.text/);
  });

  it('a path that matches nothing: error naming the path and where texts are', () => {
    const r = readText(text, { file: 'custom.json', readers: [], overrides: { textPath: '$.batches[*].results[*].text' } });
    assert.match(r.diagnostics[0].message, /No texts at \$\.batches\[\*\]\.results\[\*\]\.text in custom\.json/);
    assert.match(r.diagnostics[0].hint ?? '', /\$\.batches\[\*\]\.results\[\*\]\.payload\.body/);
  });

  it('a query path with more [*] than the text path can bind is refused', () => {
    const r = readText(text, { file: 'custom.json', readers: [], overrides: { textPath: '$.batches[0].results[*].payload.body', queryPath: '$.batches[*].question' } });
    assert.equal(r.sets.length, 0);
    assert.match(r.diagnostics[0].message, /more \[\*\] than the text path's query level/);
  });

  it('path syntax round trips', () => {
    const p = parsePathPattern(`$["odd key"][2].a[*]`);
    assert.ok(p.ok);
    if (p.ok) assert.deepEqual(p.pattern, ['odd key', 2, 'a', ANY]);
    assert.equal(describePath(['a', 0, 'b c']), '$.a[0]["b c"]');
    assert.equal(parsePathPattern('').ok, false);
  });
});
