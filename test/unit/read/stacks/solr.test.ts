import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Apache Solr', () => {
  it('reads a select response: q, multi-valued text fields, scores, highlighting as metadata', () => {
    const run = runFixture('solr/select-response.json');
    expectWinner(run, 'solr-select');
    const [set] = run.sets;
    assert.equal(set.query, 'solar panel efficiency');
    assert.equal(sliceSource(run, set.querySource), 'solar panel efficiency');
    assert.deepEqual(set.chunks.map((c) => c.id), ['doc-118', 'doc-042', 'doc-305']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [7.8123, 6.2241, 3.0957]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].text, 'Most residential solar panels convert 18 to 22 percent of sunlight into electricity.');
    assert.deepEqual(set.chunks[1].metadata, {
      highlighting: { body: ['<em>Panel</em> <em>efficiency</em> drops by about 0.4 percent'] },
      title: ['Panel temperature'],
      category: 'energy',
    });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['response', 'docs', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('takes no query from a {!knn} query and says when fl left out the score', () => {
    const r = readText(JSON.stringify({
      responseHeader: { status: 0, QTime: 2, params: { q: '{!knn f=vector topK=3}[0.1,0.2,0.3]', fl: 'id,text' } },
      response: { numFound: 2, start: 0, docs: [{ id: 'a', text: 'First chunk text.' }, { id: 'b', text: 'Second chunk text.' }] },
    }));
    assert.equal(r.format, 'solr-select');
    assert.equal(r.sets[0].query, undefined);
    assert.ok(r.sets[0].chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.match(r.diagnostics.map((d) => d.message).join('\n'), /fl=\*,score/);
  });
});
