import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, runText, sliceSource, warnings } from './helpers';

describe('stack reader: Amazon Bedrock Knowledge Bases', () => {
  it('reads a Retrieve response: chunk ids from metadata, relevance scores, source locations of any data source type', () => {
    const run = runFixture('bedrock/retrieve-response.json');
    expectWinner(run, 'bedrock-kb-retrieve');
    const [set] = run.sets;
    assert.equal(set.query, 'How long are backups kept?');
    assert.equal(sliceSource(run, set.querySource), 'How long are backups kept?');
    assert.equal(set.chunks.length, 3);
    assert.deepEqual(set.chunks.map((c) => c.id), ['1%3A0%3AeF9kM5QBn1x2a3b4c5d6', '1%3A0%3AfG0lN6RCo2y3b4c5d6e7', '2%3A0%3AhI2nP8TEq4a5d6e7f8g9']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.6672, 0.6113, 0.4018]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.match(set.chunks[0].text, /^Automated backups are retained for 35 days/);
    assert.equal(set.chunks[0].metadata.source, 's3://acme-kb-docs/backup-guide.pdf');
    assert.equal(set.chunks[0].metadata['x-amz-bedrock-kb-document-page-number'], 3);
    assert.equal(set.chunks[2].metadata.source, 'https://status.example.com/maintenance');
    assert.equal(set.chunks[2].metadata.locationType, 'WEB');
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['retrievalResults', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads RetrieveAndGenerate citations once per chunk, in order of first citation, without scores', () => {
    const run = runFixture('bedrock/retrieve-and-generate.json');
    expectWinner(run, 'bedrock-kb-citations');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 2);
    assert.deepEqual(set.chunks.map((c) => c.id), ['1%3A0%3AeF9kM5QBn1x2a3b4c5d6', '1%3A0%3AfG0lN6RCo2y3b4c5d6e7']);
    assert.ok(set.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.deepEqual(set.chunks[0].metadata.citations, [0, 1]);
    assert.deepEqual(set.chunks[1].metadata.citations, [1]);
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['citations', 1, 'retrievedReferences', 0] });
    expectSourcesCoverTexts(run);
  });

  it('skips non-text content with a warning and says so when nothing was retrieved', () => {
    const r = readText(JSON.stringify({ retrievalResults: [
      { content: { type: 'IMAGE', byteContent: 'data:image/png;base64,AAAA' }, location: { type: 'S3' }, score: 0.5 },
      { content: { type: 'TEXT', text: 'A text chunk.' }, location: { type: 'S3' }, score: 0.4 },
    ] }));
    assert.equal(r.format, 'bedrock-kb-retrieve');
    assert.deepEqual(r.sets[0].chunks.map((c) => c.text), ['A text chunk.']);
    assert.match(r.diagnostics.map((d) => d.message).join('\n'), /no text \(content type IMAGE\)/);
    const empty = runText(JSON.stringify({ retrievalResults: [], nextToken: null }));
    expectWinner(empty, 'bedrock-kb-retrieve');
    assert.match(warnings(empty).map((d) => d.message).join('\n'), /holds no results/);
  });

  it('reads the knowledge base lookups of an InvokeAgent trace, with the query the agent searched with', () => {
    const run = runFixture('bedrock/agent-trace-events.json');
    expectWinner(run, 'bedrock-agent-kb-lookup');
    assert.equal(run.sets.length, 1);
    const [set] = run.sets;
    assert.equal(set.query, 'parental leave policy');
    assert.equal(sliceSource(run, set.querySource), 'parental leave policy');
    assert.deepEqual(set.chunks.map((c) => c.id), ['1%3A0%3AaBcD', '1%3A0%3AeFgH']);
    assert.ok(set.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.deepEqual(set.chunks[1].origin, { itemPath: [1, 'trace', 'trace', 'orchestrationTrace', 'observation', 'knowledgeBaseLookupOutput', 'retrievedReferences', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});

