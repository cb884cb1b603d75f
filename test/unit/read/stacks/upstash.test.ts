import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Upstash Vector', () => {
  it('reads a query-data response: text from data, metadata kept, similarities', () => {
    const run = runFixture('upstash/query-data-response.json');
    expectWinner(run, 'upstash-vector-query');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['faq-12', 'faq-31', 'faq-07']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9412, 0.8877, 0.8102]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[1].metadata, { url: 'https://example.com/faq#customs', topic: 'customs' });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['result', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a batch query as one set per query, text from metadata when there is no data', () => {
    const r = readText(JSON.stringify({ result: [
      [{ id: 'a', score: 0.9, metadata: { text: 'First query hit.' } }],
      [{ id: 'b', score: 0.8, metadata: { text: 'Second query hit.' } }],
    ] }));
    assert.equal(r.format, 'upstash-vector-query');
    assert.deepEqual(r.sets.map((s) => [s.queryId, s.chunks[0].id, s.chunks[0].text]), [['0', 'a', 'First query hit.'], ['1', 'b', 'Second query hit.']]);
  });
});
