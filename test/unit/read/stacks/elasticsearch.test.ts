import { strict as assert } from 'assert';
import { makeElasticsearchReader } from '../../../../src/core/read/stacks/elasticsearch';
import { expectSourcesCoverTexts, expectWinner, makeContextFor, runFixture, warnings } from './helpers';

describe('stack reader: Elasticsearch / OpenSearch', () => {
  it('reads hits.hits: _id, _score as similarity, the body field as text, highlight only as metadata', () => {
    const run = runFixture('elasticsearch/search-highlight.json');
    expectWinner(run, 'elasticsearch-hits');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['kb-vpn-0007', 'kb-vpn-0002', 'kb-mfa-0011']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [9.8123, 7.441, 4.0917]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /^If the VPN client shows 'TLS handshake failed'/);
    assert.doesNotMatch(set.chunks[0].text, /<em>/);
    assert.deepEqual(set.chunks[1].metadata, {
      title: 'VPN on hotel networks',
      team: 'it-support',
      _index: 'it-kb',
      highlight: { body: ['switch the <em>VPN</em> client to TCP port 443'] },
    });
    assert.deepEqual(set.chunks[2].origin, { itemPath: ['hits', 'hits', 2] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads an OpenSearch k-NN response with a passage field and nested metadata', () => {
    const run = runFixture('elasticsearch/opensearch-knn.json');
    expectWinner(run, 'elasticsearch-hits');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.equal(set.chunks[0].id, 'dishwasher-e24');
    assert.match(set.chunks[0].text, /^Error E24 means/);
    assert.deepEqual(set.chunks[0].metadata, { model: 'SMV4HTX', page: 48, _index: 'manuals' });
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.91322, 0.8841, 0.84077]);
  });

  it('reads _msearch as one set per response: fields arrays, and the longest _source string when no usual field exists', () => {
    const run = runFixture('elasticsearch/msearch.json');
    expectWinner(run, 'elasticsearch-hits');
    assert.equal(run.sets.length, 2);
    const [a, b] = run.sets;
    assert.deepEqual(a.chunks.map((c) => c.id), ['r-101', 'r-088']);
    assert.match(a.chunks[0].text, /^Toast the cumin seeds/);
    assert.deepEqual(b.chunks.map((c) => c.id), ['r-230', 'r-231']);
    assert.match(b.chunks[1].text, /^Fry cumin seeds in butter/);
    assert.deepEqual(b.chunks[1].metadata, { name: 'Jeera rice', _index: 'recipes-v2' });
    const info = run.diagnostics.find((d) => d.severity === 'info');
    assert.match(info?.message ?? '', /longest string field "instructions_markdown"/);
    expectSourcesCoverTexts(run);
  });

  it('takes a configured text field list', () => {
    const reader = makeElasticsearchReader(['title']);
    const { root, ctx } = makeContextFor('elasticsearch/search-highlight.json');
    const [set] = reader.read(root, ctx);
    assert.deepEqual(set.chunks.map((c) => c.text), ['Connecting to the VPN', 'VPN on hotel networks', 'Authenticator app']);
  });
});
