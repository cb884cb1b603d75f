// A recognised response with no results is named as such, with a warning that says where.
import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectWinner, runText } from './helpers';

const cases: { name: string; reader: string; json: unknown; at: (string | number)[] }[] = [
  { name: 'Qdrant search', reader: 'qdrant-search', json: { result: [], status: 'ok', time: 0.0004 }, at: ['result'] },
  { name: 'Qdrant query_points', reader: 'qdrant-search', json: { result: { points: [] }, status: 'ok', time: 0.0004 }, at: ['result'] },
  { name: 'Pinecone query', reader: 'pinecone-query', json: { matches: [], namespace: 'kb', usage: { read_units: 1 } }, at: ['matches'] },
  { name: 'Elasticsearch', reader: 'elasticsearch-hits', json: { took: 1, timed_out: false, hits: { total: { value: 0, relation: 'eq' }, max_score: null, hits: [] } }, at: ['hits', 'hits'] },
  { name: 'Chroma query', reader: 'chroma-query', json: { ids: [[]], documents: [[]], metadatas: [[]], distances: [[]], embeddings: null, included: ['documents'] }, at: ['ids'] },
  { name: 'Milvus REST', reader: 'milvus-search', json: { code: 0, cost: 0, data: [] }, at: ['data'] },
  { name: 'Weaviate GraphQL', reader: 'weaviate-graphql', json: { data: { Get: { Article: [] } } }, at: ['data', 'Get'] },
];

describe('stack readers: empty results', () => {
  for (const c of cases) {
    it(`${c.name}: recognised, no chunks, a warning at ${c.at.join('.')}`, () => {
      const run = runText(JSON.stringify(c.json));
      expectWinner(run, c.reader);
      assert.ok(run.sets.every((s) => s.chunks.length === 0));
      const w = run.diagnostics.find((d) => d.severity === 'warning' && /holds no results/.test(d.message));
      assert.ok(w, JSON.stringify(run.diagnostics));
      assert.deepEqual(w.at, c.at);
    });
  }

  it('through readText the user learns which format it looked like', () => {
    const r = readText(JSON.stringify(cases[0].json), { file: 'empty.json' });
    assert.deepEqual(r.sets.flatMap((s) => s.chunks), []);
    assert.ok(r.diagnostics.some((d) => /Qdrant/.test(d.message)), JSON.stringify(r.diagnostics));
  });
});

describe('stack readers: error responses', () => {
  const errorCases: { name: string; reader: string; json: unknown; message: RegExp }[] = [
    { name: 'Weaviate GraphQL', reader: 'weaviate-graphql', json: { data: { Get: null }, errors: [{ locations: [{ column: 6, line: 1 }], message: 'Cannot query field "Articel" on type "GetObjectsObj".', path: null }] }, message: /Weaviate returned an error instead of results: Cannot query field "Articel"/ },
    { name: 'Elasticsearch', reader: 'elasticsearch-hits', json: { error: { root_cause: [{ type: 'index_not_found_exception', reason: 'no such index [docs]' }], type: 'index_not_found_exception', reason: 'no such index [docs]' }, status: 404 }, message: /failed with status 404 \(index_not_found_exception: no such index \[docs\]\)/ },
    { name: 'Qdrant', reader: 'qdrant-search', json: { status: { error: 'Not found: Collection `kb` doesn\'t exist!' }, time: 0.000012 }, message: /Qdrant returned an error instead of points: Not found: Collection `kb`/ },
  ];
  for (const c of errorCases) {
    it(`${c.name}: an error body is recognised and its message passed on`, () => {
      const run = runText(JSON.stringify(c.json));
      expectWinner(run, c.reader);
      assert.deepEqual(run.sets, []);
      const e = run.diagnostics.find((d) => d.severity === 'error');
      assert.match(e?.message ?? '', c.message);
      const r = readText(JSON.stringify(c.json), { file: 'resp.json' });
      assert.ok(r.diagnostics.some((d) => c.message.test(d.message)), JSON.stringify(r.diagnostics));
    });
  }
});
