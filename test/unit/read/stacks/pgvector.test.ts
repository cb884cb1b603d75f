// SQL rows from pgvector (Supabase match_documents RPC, psql json_agg) are plain chunk rows: the generic
// reader reads them, with the score kind from the column name.
import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('generic rows: pgvector / SQL', () => {
  it('reads Supabase match_documents rows: similarity column, nested metadata spread', () => {
    const run = runFixture('plain/pgvector-supabase-match-documents.json');
    expectWinner(run, 'plain-chunks');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['112', '97', '240']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8623, 0.8139, 0.7984]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.deepEqual(set.chunks[0].metadata, { source: 'docs/auth/rls.mdx', heading: 'Policies' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads psql json_agg rows with a cosine distance column as distances', () => {
    const run = runFixture('plain/pgvector-psql-json-agg-distance.json');
    expectWinner(run, 'plain-chunks');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.equal(set.chunks[0].id, '3f6c2e1a-9b1d-4f7e-8a2c-1d5e6f7a8b9c');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.1612, 0.2377, 0.2903]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'distance'));
    assert.match(set.chunks[1].text, /^An HNSW index/);
    expectSourcesCoverTexts(run);
  });

  it('reads SQL column aliases: cosine_distance / l2_distance as distances, rrf_score / rerank_score as similarities', () => {
    const kinds = (col: string) => readText(JSON.stringify([{ id: 1, content: 'First row text.', [col]: 0.2 }, { id: 2, content: 'Second row text.', [col]: 0.4 }])).sets[0].chunks.map((c) => [c.retrieverScore, c.scoreKind]);
    assert.deepEqual(kinds('cosine_distance'), [[0.2, 'distance'], [0.4, 'distance']]);
    assert.deepEqual(kinds('l2_distance'), [[0.2, 'distance'], [0.4, 'distance']]);
    assert.deepEqual(kinds('rrf_score'), [[0.2, 'similarity'], [0.4, 'similarity']]);
    assert.deepEqual(kinds('rerank_score'), [[0.2, 'similarity'], [0.4, 'similarity']]);
  });
});
