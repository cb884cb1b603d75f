import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Astra DB', () => {
  it('reads a vectorize find response: $vectorize as the text, $similarity, $-fields out of the metadata', () => {
    const run = runFixture('astra-db/find-vectorize-response.json');
    expectWinner(run, 'astra-db-find');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 3);
    assert.equal(set.chunks[0].id, 'b7c1e5a2-4d1f-4c8e-9a2b-3f6d7e8a9b0c');
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9378, 0.9101, 0.8845]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[1].text, /^Sort by \$vectorize/);
    assert.deepEqual(set.chunks[1].metadata, { source: 'find.md' });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});
