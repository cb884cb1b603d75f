import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture } from './helpers';

describe('generic rows: web search APIs and LlamaCloud', () => {
  it('Tavily search results are read by the plain query reader: query, content, similarity scores', () => {
    const run = runFixture('plain/tavily-search.json');
    expectWinner(run, 'plain-query-documents');
    const [set] = run.sets;
    assert.equal(set.query, 'Who won the 2022 World Cup?');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9821, 0.9417]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].metadata.url, 'https://en.wikipedia.org/wiki/2022_FIFA_World_Cup_final');
    expectSourcesCoverTexts(run);
  });

  it('LlamaCloud pipeline retrieve results (retrieval_nodes) are read as LlamaIndex nodes', () => {
    const run = runFixture('llamaindex/llamacloud-retrieve-results.json');
    expectWinner(run, 'llamaindex-nodes');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => [c.id, c.retrieverScore, c.scoreKind]), [['n1', 0.83, 'similarity'], ['n2', 0.71, 'similarity']]);
    assert.equal(set.chunks[0].metadata.file_name, 'a.pdf');
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['retrieval_nodes', 1] });
    expectSourcesCoverTexts(run);
  });
});
