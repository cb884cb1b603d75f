import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: OpenAI retrieval', () => {
  it('reads a vector store search page: query, file ids made unique, scores, attributes as metadata', () => {
    const run = runFixture('openai/vector-store-search.json');
    expectWinner(run, 'openai-vector-store-search');
    const [set] = run.sets;
    assert.equal(set.query, 'What is the return policy?');
    assert.equal(sliceSource(run, set.querySource), 'What is the return policy?');
    assert.equal(set.chunks.length, 3);
    // Two chunks of one file: the shared file id gets a tag of each chunk's text, so ids differ and do
    // not depend on the order (an export in reranked order reads back with the same ids).
    assert.match(set.chunks[0].id, /^file-3xKq9Zr1tYbN2mLw7~[0-9a-f]{6}$/);
    assert.match(set.chunks[1].id, /^file-3xKq9Zr1tYbN2mLw7~[0-9a-f]{6}$/);
    assert.notEqual(set.chunks[0].id, set.chunks[1].id);
    assert.equal(set.chunks[2].id, 'file-8pLm4Vc6sQwE1nHj0');
    const swapped = JSON.parse(run.text) as { data: unknown[] };
    swapped.data.reverse();
    const again = readText(JSON.stringify(swapped)).sets[0].chunks;
    assert.deepEqual(again.map((c) => c.id).sort(), set.chunks.map((c) => c.id).sort());
    assert.equal(again.find((c) => c.text === set.chunks[0].text)?.id, set.chunks[0].id);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8721, 0.7315, 0.5129]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[1].text, /^Refunds are issued/);
    assert.deepEqual(set.chunks[0].metadata, { filename: 'customer-policies.pdf', department: 'support', year: 2024 });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['data', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads file_search_call results from a Responses API response', () => {
    const run = runFixture('openai/responses-file-search.json');
    expectWinner(run, 'openai-file-search');
    assert.equal(run.sets.length, 1);
    const [set] = run.sets;
    assert.equal(set.query, 'attributes of an ancient brown dragon');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9331, 0.8127, 0.4172]);
    assert.deepEqual(set.chunks.map((c) => c.id.replace(/~[0-9a-f]{6}$/, '~tag')), ['file-4wDz5b167pAf72nx1h81eZ~tag', 'file-4wDz5b167pAf72nx1h81eZ~tag', 'file-9aQe2c3R4sT5uV6wX7yZ8']);
    assert.equal(new Set(set.chunks.map((c) => c.id)).size, 3);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[2].metadata.chapter, 'D');
    assert.deepEqual(set.chunks[0].origin, { itemPath: ['output', 0, 'results', 0] });
    expectSourcesCoverTexts(run);
  });

  it('says what to do when the file_search call was saved without its results', () => {
    const r = readText(JSON.stringify({ object: 'response', output: [{ type: 'file_search_call', id: 'fs_1', status: 'completed', queries: ['q'], results: null }] }));
    assert.equal(r.sets.length, 0);
    assert.match(r.diagnostics.map((d) => `${d.message} ${d.hint ?? ''}`).join('\n'), /include=\["file_search_call\.results"\]/);
  });

  it('reads Assistants run steps whose file_search results carry content parts', () => {
    const step = {
      id: 'step_abc', object: 'thread.run.step', type: 'tool_calls',
      step_details: { type: 'tool_calls', tool_calls: [{ id: 'call_1', type: 'file_search', file_search: {
        ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0 },
        results: [
          { file_id: 'file-a', file_name: 'a.md', score: 0.8, content: [{ type: 'text', text: 'Alpha chunk.' }] },
          { file_id: 'file-b', file_name: 'b.md', score: 0.6, content: [{ type: 'text', text: 'Beta chunk.' }] },
        ] } }] },
    };
    const r = readText(JSON.stringify(step));
    assert.equal(r.format, 'openai-file-search');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore]), [['file-a', 'Alpha chunk.', 0.8], ['file-b', 'Beta chunk.', 0.6]]);
  });
});
