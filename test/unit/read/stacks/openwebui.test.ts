import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Open WebUI sources', () => {
  it('reads a chat export: the user question as query, one set per source, falling scores as similarities', () => {
    const run = runFixture('open-webui/chat-export.json');
    expectWinner(run, 'open-webui-sources');
    assert.equal(run.sets.length, 1);
    const [set] = run.sets;
    assert.equal(set.name, 'it-handbook.pdf');
    assert.equal(set.query, 'How do I connect to the office VPN?');
    assert.equal(sliceSource(run, set.querySource), 'How do I connect to the office VPN?');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8123, 0.6407, 0.3115]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[1].metadata.page, 5);
    assert.deepEqual(set.chunks[2].origin, { columnPath: [0, 'chat', 'messages', 1, 'sources', 0, 'document'], columnIndex: 2 });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads history.messages maps (query from the parent message) and rising distances as distances', () => {
    const chat = { chat: { history: { currentId: 'b', messages: {
      a: { id: 'a', parentId: null, role: 'user', content: 'What is the refund window?' },
      b: { id: 'b', parentId: 'a', role: 'assistant', content: 'Thirty days.', sources: [{ source: { name: 'policy.md' }, document: ['Refunds within 30 days.', 'Shipping is free.'], metadata: [{}, {}], distances: [0.21, 0.47] }] },
    } } } };
    const r = readText(JSON.stringify(chat));
    assert.equal(r.format, 'open-webui-sources');
    assert.equal(r.sets[0].query, 'What is the refund window?');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.text, c.scoreKind]), [['Refunds within 30 days.', 'distance'], ['Shipping is free.', 'distance']]);
  });
});
