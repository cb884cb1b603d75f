import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: MongoDB Atlas Vector Search', () => {
  it('reads Extended JSON documents: $oid ids, $numberDouble scores, a user-named text field', () => {
    const run = runFixture('mongodb/vector-search-ejson.json');
    expectWinner(run, 'mongodb-atlas-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['573a1399f29313caabcee886', '573a13a0f29313caabd04cd8', '573a13b5f29313caabd447f5']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.7529, 0.7412, 0.7283]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[2].text, /^An astronaut stranded on Mars/);
    assert.deepEqual(set.chunks[0].metadata, { title: 'Robot Realm', year: 1998 });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads relaxed EJSON with a searchScore projection and drops the embedding', () => {
    const r = readText(JSON.stringify([
      { _id: { $oid: '65a1f0c2e4b0a1b2c3d4e5f6' }, text: 'Atlas Vector Search indexes embeddings.', embedding: [0.1, 0.2], searchScore: 3.2 },
      { _id: { $oid: '65a1f0c2e4b0a1b2c3d4e5f7' }, text: 'Use $search for full-text queries.', embedding: [0.3, 0.1], searchScore: 2.9 },
    ]));
    assert.equal(r.format, 'mongodb-atlas-search');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind]), [['65a1f0c2e4b0a1b2c3d4e5f6', 3.2, 'similarity'], ['65a1f0c2e4b0a1b2c3d4e5f7', 2.9, 'similarity']]);
    assert.deepEqual(r.sets[0].chunks[0].metadata, {});
  });
});

describe('stack reader: MongoDB rows dumped with json.dumps(default=str)', () => {
  it('reads hex-string ObjectIds with a vectorSearchScore projection', () => {
    const r = readText(JSON.stringify([
      { _id: '65a1f0c2e4b0a1b2c3d4e5f6', plot: 'A heist inside layered dreams.', title: 'Inception', vectorSearchScore: 0.81 },
      { _id: '65a1f0c2e4b0a1b2c3d4e5f7', plot: 'A thief steals corporate secrets through dreams.', title: 'Dreamers', vectorSearchScore: 0.79 },
    ]));
    assert.equal(r.format, 'mongodb-atlas-search');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind, c.metadata.title]), [
      ['65a1f0c2e4b0a1b2c3d4e5f6', 0.81, 'similarity', 'Inception'],
      ['65a1f0c2e4b0a1b2c3d4e5f7', 0.79, 'similarity', 'Dreamers'],
    ]);
  });
});
