// Unrecognised shapes (issue 13): query, id and score paths offered beside the text path, and the
// choice remembered per file shape.
import { strict as assert } from 'node:assert';
import { fieldChoices, parseLoose, rememberedPaths, shapeKey } from '../../../src/commands/pathChoices';

describe('path choices for unrecognised shapes', () => {
  const doc = {
    question: 'how do refresh tokens rotate',
    results: [
      { payload: { body: 'Rotation issues a new token.', ref: 'a-1' }, dist: 0.12, rank: 1 },
      { payload: { body: 'Reuse revokes the family.', ref: 'a-2' }, dist: 0.3, rank: 2 },
    ],
  };

  it('offers the records\' strings and numbers, and the strings around them as a query', () => {
    const c = fieldChoices(doc, '$.results[*].payload.body');
    const paths = c.inRecords.map((f) => `${f.path}:${f.kind}`).sort();
    assert.deepEqual(paths, ['$.results[*].dist:number', '$.results[*].payload.ref:string', '$.results[*].rank:number']);
    assert.deepEqual(c.outside.map((f) => f.path), ['$.question']);
    assert.equal(c.outside[0].example, 'how do refresh tokens rotate');
  });

  it('reads JSONL as an array of records, with a per-set query beside nested records', () => {
    const rows = parseLoose('{"q":"a","hits":[{"t":"x","s":1}]}\n{"q":"b","hits":[{"t":"y","s":2}]}\n');
    const c = fieldChoices(rows, '$[*].hits[*].t');
    assert.deepEqual(c.inRecords.map((f) => f.path), ['$[*].hits[*].s']);
    assert.deepEqual(c.outside.map((f) => f.path), ['$[*].q']);
    assert.equal(parseLoose('{oops'), undefined);
  });

  it('remembers by shape and keeps only well-formed entries from workspace state', () => {
    const key = shapeKey([{ path: '$.b[*].t', count: 2, averageLength: 10, example: 'x' }, { path: '$.a[*].t', count: 2, averageLength: 10, example: 'y' }]);
    assert.equal(key, '$.a[*].t\n$.b[*].t');
    const kept = rememberedPaths({ [key]: { textPath: '$.a[*].t', scorePath: '$.a[*].d', scoreKind: 'distance', junk: 1 }, bad: { queryPath: 'x' }, worse: 7 });
    assert.deepEqual(kept, { [key]: { textPath: '$.a[*].t', scorePath: '$.a[*].d', scoreKind: 'distance' } });
    assert.deepEqual(rememberedPaths(null), {});
  });
});
