import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, runText, warnings } from './helpers';

const IDS = ['0b3f4a6e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', '1c4a5b7f-2d3e-4f60-9bac-1d2e3f4a5b6c', '2d5b6c80-3e4f-4071-acbd-2e3f4a5b6c7d'];

describe('stack reader: Weaviate GraphQL', () => {
  it('reads nearText results: _additional.distance is a distance', () => {
    const run = runFixture('weaviate/graphql-neartext-distance.json');
    expectWinner(run, 'weaviate-graphql');
    const [set] = run.sets;
    assert.equal(set.name, 'Article');
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), IDS);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.1832, 0.2417, 0.2906]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.match(set.chunks[0].text, /^C4 plants such as maize/);
    assert.equal(set.chunks[0].metadata.title, 'Photosynthesis in C4 plants');
    assert.equal(set.chunks[0].metadata._additional, undefined);
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads certainty as a similarity', () => {
    const run = runFixture('weaviate/graphql-certainty.json');
    expectWinner(run, 'weaviate-graphql');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9084, 0.8791, 0.8547]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
  });

  it('reads hybrid scores that arrive as strings, without warnings', () => {
    const run = runFixture('weaviate/graphql-hybrid.json');
    expectWinner(run, 'weaviate-graphql');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8360656, 0.5, 0.23155737]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(String(set.chunks[1].metadata.explainScore), /hybrid/);
    assert.deepEqual(warnings(run), []);
  });
});

describe('stack reader: Weaviate v4 client objects', () => {
  it('reads objects with properties and metadata.distance', () => {
    const run = runFixture('weaviate/v4-client-objects.json');
    expectWinner(run, 'weaviate-objects');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.equal(set.chunks[0].id, '3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.2214, 0.287, 0.3391]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.match(set.chunks[0].text, /^A Fresnel lens/);
    assert.deepEqual(set.chunks[0].metadata, { collection: 'Maritime', title: 'Lighthouse lenses' });
    expectSourcesCoverTexts(run);
  });
});

describe('stack reader: Weaviate reranker module', () => {
  it('keeps _additional.rerank[0].score as metadata beside the retriever distance', () => {
    const run = runText(JSON.stringify({ data: { Get: { Doc: [
      { body: 'Tides are caused mainly by the gravitational pull of the Moon.', _additional: { id: 'a1', distance: 0.21, rerank: [{ score: 0.93 }] } },
      { body: 'Spring tides happen when the Sun and Moon line up.', _additional: { id: 'a2', distance: 0.25, rerank: [{ score: 0.41 }] } },
    ] } } }));
    expectWinner(run, 'weaviate-graphql');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind, c.metadata.rerankScore]), [['a1', 0.21, 'distance', 0.93], ['a2', 0.25, 'distance', 0.41]]);
  });
});
