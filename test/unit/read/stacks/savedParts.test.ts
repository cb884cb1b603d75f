// Users often save only the list inside a response (response["hits"], response["retrievalResults"]),
// or wrap a response with its request. Each such part must still be read by its stack's reader, with
// paths into the file as saved.
import { strict as assert } from 'assert';
import { expectWinner, runText, sliceSource } from './helpers';

const cases: { name: string; reader: string; json: unknown; ids: string[]; scores: number[]; kind: string; texts: string[]; origin: (string | number)[]; query?: string }[] = [
  {
    name: 'Meilisearch hits alone', reader: 'meilisearch-search',
    json: [{ id: 1, overview: 'A heist inside dreams.', _rankingScore: 0.9 }, { id: 2, overview: 'Space travel through a wormhole.', _rankingScore: 0.7 }],
    ids: ['1', '2'], scores: [0.9, 0.7], kind: 'similarity', texts: ['A heist inside dreams.', 'Space travel through a wormhole.'], origin: [1],
  },
  {
    name: 'Meilisearch federated search (weightedRankingScore)', reader: 'meilisearch-search',
    json: { hits: [{ id: 1, overview: 'A heist inside dreams.', _federation: { indexUid: 'movies', queriesPosition: 0, weightedRankingScore: 0.91 } }], processingTimeMs: 3, limit: 20, offset: 0, estimatedTotalHits: 1 },
    ids: ['1'], scores: [0.91], kind: 'similarity', texts: ['A heist inside dreams.'], origin: ['hits', 0],
  },
  {
    name: 'Marqo hits alone', reader: 'marqo-search',
    json: [{ _id: 'a', _score: 0.6, _highlights: [{ Description: 'A long description here.' }], Description: 'A long description here.' }],
    ids: ['a'], scores: [0.6], kind: 'similarity', texts: ['A long description here.'], origin: [0],
  },
  {
    name: 'Typesense hits alone', reader: 'typesense-search',
    json: [{ document: { id: '1', text: 'Refunds take five days.' }, text_match: 100, highlights: [] }, { document: { id: '2', text: 'Store credit never expires.' }, text_match: 90, highlights: [] }],
    ids: ['1', '2'], scores: [100, 90], kind: 'similarity', texts: ['Refunds take five days.', 'Store credit never expires.'], origin: [1],
  },
  {
    name: 'Typesense {hits} without the envelope bookkeeping', reader: 'typesense-search',
    json: { hits: [{ document: { id: '1', text: 'Refunds take five days.' }, vector_distance: 0.2 }, { document: { id: '3', text: 'Returns need a receipt.' }, vector_distance: 0.3 }] },
    ids: ['1', '3'], scores: [0.2, 0.3], kind: 'distance', texts: ['Refunds take five days.', 'Returns need a receipt.'], origin: ['hits', 1],
  },
  {
    name: 'OpenAI file_search results alone', reader: 'openai-vector-store-search',
    json: [{ file_id: 'f1', filename: 'a.md', score: 0.8, text: 'Alpha chunk.' }, { file_id: 'f2', filename: 'b.md', score: 0.7, text: 'Beta chunk.' }],
    ids: ['f1', 'f2'], scores: [0.8, 0.7], kind: 'similarity', texts: ['Alpha chunk.', 'Beta chunk.'], origin: [1],
  },
  {
    name: 'Bedrock retrievalResults alone', reader: 'bedrock-kb-retrieve',
    json: [{ content: { text: 'Kept 35 days.', type: 'TEXT' }, location: { type: 'S3', s3Location: { uri: 's3://b/a.pdf' } }, score: 0.5, metadata: {} }],
    ids: ['#1'], scores: [0.5], kind: 'similarity', texts: ['Kept 35 days.'], origin: [0],
  },
  {
    name: 'Azure response with its request (query from `search`)', reader: 'wrapped-response', query: 'pool hotels',
    json: { request: { search: 'pool hotels', queryType: 'semantic', top: 3 }, response: { '@odata.context': 'x', value: [{ '@search.score': 1.2, id: 'a', content: 'A hotel with a pool.' }] } },
    ids: ['a'], scores: [1.2], kind: 'similarity', texts: ['A hotel with a pool.'], origin: ['response', 'value', 0],
  },
  {
    name: 'Bedrock Retrieve with its request (query from retrievalQuery.text)', reader: 'wrapped-response', query: 'backup retention',
    json: { request: { knowledgeBaseId: 'KB1', retrievalQuery: { text: 'backup retention' } }, response: { retrievalResults: [{ content: { text: 'Kept 35 days.' }, location: { type: 'S3' }, score: 0.5 }] } },
    ids: ['#1'], scores: [0.5], kind: 'similarity', texts: ['Kept 35 days.'], origin: ['response', 'retrievalResults', 0],
  },
];

describe('stack readers: parts of responses saved on their own, and request envelopes', () => {
  for (const c of cases) {
    it(c.name, () => {
      const run = runText(JSON.stringify(c.json, null, 1));
      expectWinner(run, c.reader);
      assert.equal(run.sets.length, 1);
      const [set] = run.sets;
      assert.equal(set.query, c.query);
      if (c.query) assert.equal(sliceSource(run, set.querySource), c.query);
      assert.deepEqual(set.chunks.map((x) => x.id), c.ids);
      assert.deepEqual(set.chunks.map((x) => x.retrieverScore), c.scores);
      assert.ok(set.chunks.every((x) => x.scoreKind === c.kind));
      assert.deepEqual(set.chunks.map((x) => x.text), c.texts);
      for (const x of set.chunks) assert.equal(sliceSource(run, x.source), x.text);
      assert.deepEqual(set.chunks[set.chunks.length - 1].origin, { itemPath: c.origin });
      assert.deepEqual(run.diagnostics.filter((d) => d.severity !== 'info'), []);
    });
  }
});
