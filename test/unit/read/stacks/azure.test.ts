import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, runText, warnings } from './helpers';

describe('stack reader: Azure AI Search', () => {
  it('reads a semantic hybrid REST response: reranker scores as the order, @search.score and captions as metadata', () => {
    const run = runFixture('azure-ai-search/semantic-hybrid-response.json');
    expectWinner(run, 'azure-ai-search');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['a1b2c3_pages_4', 'a1b2c3_pages_5', 'd4e5f6_pages_1']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [2.9321, 2.4107, 1.1874]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /^Employees accrue 1\.5 days/);
    assert.equal(set.chunks[0].metadata.searchScore, 0.03253968432545662);
    assert.deepEqual(set.chunks[0].metadata.captions, ['Employees accrue 1.5 days of paid leave per month of service.']);
    assert.equal(set.chunks[2].metadata.title, 'expenses.pdf');
    // The vector field and the engine's own keys stay out of the metadata.
    assert.equal(set.chunks[0].metadata.text_vector, undefined);
    assert.ok(Object.keys(set.chunks[0].metadata).every((k) => !k.startsWith('@search.')));
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['value', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads the Python SDK result dicts (list of docs with @search.score, null reranker score)', () => {
    const run = runFixture('azure-ai-search/python-sdk-results.json');
    expectWinner(run, 'azure-ai-search');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['1', '7', '12']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [4.2071, 3.1184, 1.0526]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[0].metadata, { category: 'Luxury', highlights: { content: ['indoor <em>pool</em>'] } });
    expectSourcesCoverTexts(run);
  });

  it('reads a user-named text field, a multi-valued one, and an empty response with a warning', () => {
    const named = readText(JSON.stringify({ value: [{ '@search.score': 1.5, HotelId: '3', Description: 'A quiet hotel near the old harbour with free breakfast.', Rating: 4 }] }));
    assert.equal(named.format, 'azure-ai-search');
    assert.equal(named.sets[0].chunks[0].text, 'A quiet hotel near the old harbour with free breakfast.');
    const multi = readText(JSON.stringify({ value: [{ '@search.score': 1, id: 'x', content: ['First paragraph here.', 'Second paragraph here.'] }] }));
    assert.equal(multi.sets[0].chunks[0].text, 'First paragraph here.\nSecond paragraph here.');
    const empty = runText(JSON.stringify({ '@odata.context': "https://s.search.windows.net/indexes('i')/$metadata#docs(*)", value: [] }));
    expectWinner(empty, 'azure-ai-search');
    assert.match(warnings(empty).map((d) => d.message).join('\n'), /holds no results/);
  });

  it('takes the query from a {query, response} envelope', () => {
    const r = readText(JSON.stringify({ query: 'hotels with a pool', response: { value: [{ '@search.score': 2, id: 'a', content: 'Pool and spa on the top floor.' }] } }));
    assert.equal(r.sets[0].query, 'hotels with a pool');
    assert.equal(r.sets[0].chunks[0].text, 'Pool and spa on the top floor.');
  });
});
