import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Meilisearch', () => {
  it('reads a search with _rankingScore: query, ids, a user-named text field, bookkeeping fields dropped', () => {
    const run = runFixture('meilisearch/search-ranking-score.json');
    expectWinner(run, 'meilisearch-search');
    const [set] = run.sets;
    assert.equal(set.query, 'wormhole space travel');
    assert.equal(sliceSource(run, set.querySource), 'wormhole space travel');
    assert.deepEqual(set.chunks.map((c) => c.id), ['2001', '157336', '1891']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9841, 0.7025, 0.6512]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /^A team of explorers travel through a wormhole/);
    assert.deepEqual(set.chunks[1].metadata, { title: 'Contact', genres: ['Drama', 'Science Fiction'] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads multi-search results as one set per index query, and says when scores were not asked for', () => {
    const r = readText(JSON.stringify({ results: [
      { indexUid: 'movies', hits: [{ id: 1, overview: 'A heist inside dreams.' }], query: 'dreams', processingTimeMs: 1, limit: 20, offset: 0, estimatedTotalHits: 1 },
      { indexUid: 'books', hits: [{ id: 'b7', content: 'A novel about memory and dreams.' }], query: 'memory', processingTimeMs: 1, limit: 20, offset: 0, estimatedTotalHits: 1 },
    ] }));
    assert.equal(r.format, 'meilisearch-search');
    assert.deepEqual(r.sets.map((s) => [s.query, s.name, s.chunks[0].id, s.chunks[0].text]), [
      ['dreams', 'movies', '1', 'A heist inside dreams.'],
      ['memory', 'books', 'b7', 'A novel about memory and dreams.'],
    ]);
    assert.match(r.diagnostics.map((d) => d.message).join('\n'), /showRankingScore/);
  });
});

describe('stack reader: Marqo', () => {
  it('reads a search response: _id, _score, highlights as metadata', () => {
    const run = runFixture('marqo/search-response.json');
    expectWinner(run, 'marqo-search');
    const [set] = run.sets;
    assert.equal(set.query, 'What is the best outfit to wear on the moon?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['article_591', 'article_592']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.6179, 0.5152]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[1].text, /^The EMU is a spacesuit/);
    assert.deepEqual(set.chunks[1].metadata.highlights, [{ Title: 'Extravehicular Mobility Unit (EMU)' }]);
    expectSourcesCoverTexts(run);
  });
});
