import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Vespa', () => {
  it('reads root.children: documentid, relevance as similarity, fields.text', () => {
    const run = runFixture('vespa/query-response.json');
    expectWinner(run, 'vespa-query');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['id:docs:doc::vespa-ranking-012', 'id:docs:doc::vespa-ranking-019', 'id:docs:doc::vespa-nn-004']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.7436, 0.6981, 0.5124]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[1].text, /^A global-phase expression/);
    assert.deepEqual(set.chunks[1].metadata, { source: 'content', sddocname: 'doc', title: 'Global-phase ranking', url: '/en/phased-ranking.html#global-phase' });
    assert.deepEqual(set.chunks[0].origin, { itemPath: ['root', 'children', 0] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});
