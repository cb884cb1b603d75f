import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, warnings } from './helpers';

describe('stack reader: Amazon Kendra', () => {
  it('reads a Retrieve response: passage text, no numeric score, confidence bucket and attributes as metadata', () => {
    const run = runFixture('kendra/retrieve-response.json');
    expectWinner(run, 'kendra-results');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 2);
    assert.match(set.chunks[0].id, /-e8a1d2c3-4b5a-6c7d-8e9f-0a1b2c3d4e5f$/);
    assert.ok(set.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.match(set.chunks[0].text, /^Passwords must be at least 14 characters/);
    assert.equal(set.chunks[0].metadata.scoreConfidence, 'VERY_HIGH');
    assert.equal(set.chunks[0].metadata._excerpt_page_number, 2);
    assert.equal(set.chunks[1].metadata.title, 'Multi-factor authentication');
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a Query response (DocumentExcerpt.Text, DocumentTitle.Text)', () => {
    const r = readText(JSON.stringify({ QueryId: 'q1', TotalNumberOfResults: 1, ResultItems: [
      { Id: 'r1', Type: 'DOCUMENT', DocumentId: 'd1', DocumentTitle: { Text: 'MFA', Highlights: [] }, DocumentExcerpt: { Text: 'Use a hardware key.', Highlights: [] }, DocumentURI: 'https://x/mfa', ScoreAttributes: { ScoreConfidence: 'MEDIUM' } },
    ] }));
    assert.equal(r.format, 'kendra-results');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.metadata.title, c.metadata.type]), [['r1', 'Use a hardware key.', 'MFA', 'DOCUMENT']]);
  });
});
