import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Cohere chat documents', () => {
  it('reads a v1 chat response: grounding documents in order, the generated search query', () => {
    const run = runFixture('cohere-chat/v1-chat-documents.json');
    expectWinner(run, 'cohere-chat-documents');
    const [set] = run.sets;
    assert.equal(set.query, 'tallest penguin species height');
    assert.equal(sliceSource(run, set.querySource), 'tallest penguin species height');
    assert.deepEqual(set.chunks.map((c) => c.id), ['doc_0', 'doc_1']);
    assert.ok(set.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.match(set.chunks[1].text, /^The smallest penguin/);
    assert.deepEqual(set.chunks[0].metadata, { title: 'Tall penguins', url: 'https://example.com/penguins/tall' });
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['documents', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a v2 chat response: cited documents once each, in order of first citation', () => {
    const run = runFixture('cohere-chat/v2-chat-citations.json');
    expectWinner(run, 'cohere-chat-documents');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['doc:0', 'doc:1']);
    assert.deepEqual(set.chunks[1].metadata, { title: 'Penguin facts' });
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['message', 'citations', 1, 'sources', 0] });
    expectSourcesCoverTexts(run);
  });
});
