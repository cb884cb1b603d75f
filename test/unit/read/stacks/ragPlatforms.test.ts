import { strict as assert } from 'assert';
import { readText } from '../../../../src/core/read/index';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Dify', () => {
  it('reads the dataset retrieve API: query, segment ids, scores, document name; bookkeeping dropped', () => {
    const run = runFixture('dify/dataset-retrieve.json');
    expectWinner(run, 'dify-retrieval');
    const [set] = run.sets;
    assert.equal(set.query, 'How do I install the agent on Linux?');
    assert.equal(sliceSource(run, set.querySource), 'How do I install the agent on Linux?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['7fa6f24f-8679-48b3-bc9d-bdf28d73f218', '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.8123, 0.6541]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].metadata.document_name, 'install-guide.md');
    assert.equal(set.chunks[0].metadata.index_node_hash, undefined);
    assert.equal(set.chunks[0].metadata.created_by, undefined);
    assert.deepEqual(set.chunks.map((c) => c.originalRank), [1, 2]);
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads a workflow knowledge-retrieval node output: score and segment id from metadata', () => {
    const run = runFixture('dify/workflow-knowledge-node.json');
    expectWinner(run, 'dify-retrieval');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['0a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d', '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.7731, 0.6012]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[1].metadata.document_name, 'refunds.md');
    assert.equal(set.chunks[1].metadata.title, 'refunds.md');
    assert.deepEqual(set.chunks[0].origin, { itemPath: ['result', 0] });
    expectSourcesCoverTexts(run);
  });
});

describe('stack reader: RAGFlow', () => {
  it('reads a retrieval response: hybrid similarity, tokenised copies dropped, term/vector similarities kept', () => {
    const run = runFixture('ragflow/retrieval-response.json');
    expectWinner(run, 'ragflow-retrieval');
    const [set] = run.sets;
    assert.deepEqual(set.chunks.map((c) => c.id), ['d78435d142bd5cf6704da62c778795c5', 'e89546e253cf6d07815eb73d889806d6']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [0.9669, 0.7212]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].metadata.content_ltks, undefined);
    assert.equal(set.chunks[1].metadata.vector_similarity, 0.7731);
    assert.equal(set.chunks[1].metadata.document_keyword, 'q3-report.pdf');
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['data', 'chunks', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });
});

describe('stack reader: Azure OpenAI On Your Data', () => {
  it('reads all retrieved documents: query from intent, rerank scores, file#chunk ids', () => {
    const run = runFixture('azure-openai/on-your-data-all-documents.json');
    expectWinner(run, 'azure-openai-on-your-data');
    const [set] = run.sets;
    assert.equal(set.query, 'What health plans are available?');
    assert.deepEqual(set.chunks.map((c) => c.id), ['Benefit_Options.pdf#0', 'Northwind_Plus.pdf#2', 'Benefit_Options.pdf#5']);
    assert.deepEqual(set.chunks.map((c) => c.retrieverScore), [3.41, 2.87, 1.12]);
    assert.ok(set.chunks.every((c) => c.scoreKind === 'similarity'));
    assert.equal(set.chunks[0].metadata.original_search_score, 0.0331);
    assert.equal(set.chunks[2].metadata.filter_reason, 'rerank');
    assert.equal(set.chunks[0].metadata.url, undefined);
    assert.deepEqual(set.chunks[1].origin, { itemPath: ['choices', 0, 'message', 'context', 'all_retrieved_documents', 1] });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads citations alone without scores and says how to get everything retrieved', () => {
    const r = readText(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: 'x [doc1]', context: {
      citations: [{ content: 'Cited chunk.', title: 'a.pdf', url: null, filepath: 'a.pdf', chunk_id: '3' }], intent: '["plans"]' } } }] }));
    assert.equal(r.format, 'azure-openai-on-your-data');
    assert.deepEqual(r.sets[0].chunks.map((c) => [c.id, c.text, c.retrieverScore, c.scoreKind]), [['a.pdf#3', 'Cited chunk.', undefined, 'unknown']]);
    assert.equal(r.sets[0].query, 'plans');
    assert.match(r.diagnostics.map((d) => d.message).join('\n'), /all_retrieved_documents/);
  });
});

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
