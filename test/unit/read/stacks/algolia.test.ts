import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Algolia', () => {
  it('reads a search response: objectIDs, query, no scores, highlight bookkeeping dropped', () => {
    const run = runFixture('algolia/search-response.json');
    expectWinner(run, 'algolia-search');
    const [set] = run.sets;
    assert.equal(set.query, 'webhooks');
    assert.equal(sliceSource(run, set.querySource), 'webhooks');
    assert.deepEqual(set.chunks.map((c) => c.id), ['doc-481-3', 'doc-102-1']);
    assert.ok(set.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.match(set.chunks[1].text, /^Failed webhook deliveries/);
    assert.deepEqual(set.chunks[0].metadata, { title: 'Configure webhooks', url: 'https://docs.example.com/webhooks' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('is not mistaken for Meilisearch (both have hitsPerPage), and reads multi-index results', () => {
    const r = readText(JSON.stringify({ results: [
      { index: 'docs', hits: [{ objectID: 'a', content: 'Alpha passage text.' }], nbHits: 1, hitsPerPage: 20, query: 'alpha', processingTimeMS: 1 },
      { index: 'faq', hits: [{ objectID: 'b', content: 'Beta passage text.' }], nbHits: 1, hitsPerPage: 20, query: 'beta', processingTimeMS: 1 },
    ] }));
    assert.equal(r.format, 'algolia-search');
    assert.deepEqual(r.sets.map((s) => [s.name, s.query, s.chunks[0].id]), [['docs', 'alpha', 'a'], ['faq', 'beta', 'b']]);
  });
});
