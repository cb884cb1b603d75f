import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Qdrant', () => {
  it('reads a points/search response: integer and uuid ids, similarities, payload metadata', () => {
    const run = runFixture('qdrant/search-response.json');
    expectWinner(run, 'qdrant-search');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['10231', '6f1d1c2a-8b5e-4c39-9a0f-5e7d2c1b3a49', '10240']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9132, 0.8874, 0.8419]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /^To rotate a TLS certificate/);
    assert.deepEqual(set.chunks[0].metadata, { version: 14, source: 'ops/tls-rotation.md', section: 'Zero-downtime rotation' });
    // LangChain's Qdrant store writes page_content + nested metadata.
    assert.match(set.chunks[2].text, /^An expired intermediate/);
    assert.deepEqual(set.chunks[2].metadata, { version: 14, source: 'ops/tls-troubleshooting.md', section: 'Chain errors' });
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['result', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a query_points response ({result: {points}})', () => {
    const run = runFixture('qdrant/query-points-response.json');
    expectWinner(run, 'qdrant-search');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['result', 'points', 2] });
    assert.equal(set.chunks[1].retrieverScore, 0.8874);
    expectSourcesCoverTexts(run);
  });

  it('reads search/batch as one set per query; rising (Euclid) scores are distances', () => {
    const run = runFixture('qdrant/search-batch-euclid.json');
    expectWinner(run, 'qdrant-search');
    assert.equal(run.sets.length, 2);
    assert.deepEqual(run.sets[0].chunks.map((c) => c.retrieverScore), [0.4121, 0.638]);
    assert.ok(run.sets[0].chunks.every((c) => c.scoreKind === 'distance'));
    // One point says nothing about the order: the documented default stands.
    assert.equal(run.sets[1].chunks[0].scoreKind, 'similarity');
    assert.deepEqual(run.sets.map((s) => s.queryId), ['0', '1']);
  });
});
