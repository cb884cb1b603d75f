import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Anthropic search_result blocks', () => {
  it('reads search results inside a tool_result: source as id, title as metadata, no scores', () => {
    const run = runFixture('anthropic/tool-result-search-results.json');
    expectWinner(run, 'anthropic-search-results');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['https://docs.example.com/api/rate-limits', 'https://docs.example.com/api/errors', 'https://docs.example.com/api/auth']);
    assert.ok(set.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.match(set.chunks[1].text, /^Retry 429 responses/);
    assert.deepEqual(set.chunks[1].metadata, { title: 'Errors' });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['content', 0, 'content', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a bare list of blocks, joining several text parts', () => {
    const r = readText(JSON.stringify([{ type: 'search_result', source: 's1', title: 'T', content: [{ type: 'text', text: 'Part one.' }, { type: 'text', text: 'Part two.' }] }]));
    assert.equal(r.format, 'anthropic-search-results');
    assert.equal(r.sets[0].chunks[0].text, 'Part one.\nPart two.');
  });
});
