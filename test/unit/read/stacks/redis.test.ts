import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Redis vector search', () => {
  it('reads RedisVL VectorQuery results: string vector_distance read as a distance without a warning', () => {
    const run = runFixture('redis/redisvl-vector-query.json');
    expectWinner(run, 'redis-vector-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['chunk:01HZX3N6F2Q8', 'chunk:01HZX3N6F2Q9', 'chunk:01HZX3N6F2QA']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.118260860443, 0.209714651108, 0.351847708225]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.deepEqual(set.chunks[1].metadata, { source: 'indexes.md' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a RESP3 FT.SEARCH reply: extra_attributes, the __<field>_score KNN alias as a distance', () => {
    const run = runFixture('redis/ft-search-resp3.json');
    expectWinner(run, 'redis-vector-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind]), [['doc:17', 0.0923, 'distance'], ['doc:4', 0.1874, 'distance']]);
    assert.equal(set.chunks[0].text, 'Streams are append-only logs with consumer groups.');
    assert.deepEqual(set.chunks[0].metadata, { title: 'Streams' });
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['results', 1] });
    expectSourcesCoverTexts(run);
  });
});
