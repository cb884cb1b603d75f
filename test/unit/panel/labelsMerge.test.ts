// Where saved judgments meet the input's labels (issue 14): the panel's query identity, the rows'
// saved grades after a real save through the label store, saved over input per pair in the lab, and
// the labelled counts the lab shows.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputQrels } from '../../../src/core/labels/attach';
import { chunkIdentity, queryIdentity, textHash } from '../../../src/core/labels/identity';
import type { RetrievalSet } from '../../../src/core/types';
import { labelFileName, LabelStore } from '../../../src/node/labelStore';
import { labelledCounts, mergeQrels, panelQueryId, savedByRow, savedForSet } from '../../../src/panel/labels/merge';

const chunk = (id: string, text: string, originalRank: number) => ({ id, text, originalRank, scoreKind: 'similarity' as const, metadata: {} });

describe('labels merge (saved over input)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'rl-labels-merge-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names the query by the set id, or by the hash of a query typed over it', () => {
    assert.equal(panelQueryId({ queryId: 'q7', query: 'what is bm25' }, 'what is bm25'), 'q7');
    assert.equal(panelQueryId({ queryId: 'q7', query: 'what is bm25' }, 'bm25 explained'), `text:${textHash('bm25 explained')}`);
    // A set without text of its own (a TREC run) keeps its id for the typed query.
    assert.equal(panelQueryId({ queryId: 'q7' }, 'typed'), 'q7');
    // A selection: no set id, the typed query's hash.
    assert.equal(panelQueryId(undefined, 'typed'), `text:${textHash('typed')}`);
    assert.equal(panelQueryId({ queryId: 'q7', query: 'x' }, 'x'), queryIdentity({ queryId: 'q7', query: 'x' }));
  });

  it('finds saved judgments of the rows on screen by id, and by text hash for rows without one', async () => {
    const rows = [
      { index: 0, id: 'd1', text: 'alpha' },
      { index: 1, id: '#2', text: 'beta' },
      { index: 2, id: 'd3', text: 'gamma' },
    ];
    const store = new LabelStore(root);
    const name = labelFileName('data/run.jsonl');
    await store.judge(name, [
      { queryId: 'q1', docId: chunkIdentity(rows[0]), grade: 2, queryText: 'q one', input: 'data/run.jsonl' },
      { queryId: 'q1', docId: chunkIdentity(rows[1]), grade: 0 },
      { queryId: 'q2', docId: 'd3', grade: 1 },
    ]);
    assert.equal(chunkIdentity(rows[1]), `text:${textHash('beta')}`);
    const loaded = await store.load(name);
    assert.deepEqual(savedByRow(rows, loaded.qrels, 'q1'), { 0: 2, 1: 0 });
    assert.deepEqual(savedByRow(rows, loaded.qrels, 'q2'), { 2: 1 });
    assert.deepEqual(savedByRow(rows, loaded.qrels, 'q3'), {});
  });

  it('puts saved judgments over the input labels per pair, keeping the input elsewhere', async () => {
    const set: RetrievalSet = {
      queryId: 'q1', query: 'q one', format: 'test',
      chunks: [chunk('d1', 'alpha', 1), chunk('d2', 'beta', 2), chunk('d3', 'gamma', 3)],
      labels: { byChunkId: { d1: 0, d2: 1 } },
    };
    const store = new LabelStore(root);
    await store.judge('x', [{ queryId: 'q1', docId: 'd1', grade: 2 }, { queryId: 'q1', docId: 'd3', grade: 0 }]);
    const saved = (await store.load('x')).qrels;
    assert.deepEqual(mergeQrels(inputQrels(set), savedForSet(set, saved)), { d1: 2, d2: 1, d3: 0 });
    // No saved judgments: the input's; neither: null (the lab's "unlabelled").
    assert.deepEqual(mergeQrels(inputQrels(set), savedForSet({ queryId: 'q9' }, saved)), { d1: 0, d2: 1 });
    assert.equal(mergeQrels(undefined, undefined), null);
    // A set without id is found by the hash of its query text.
    await store.judge('x', [{ queryId: `text:${textHash('no id here')}`, docId: 'd2', grade: 1 }]);
    assert.deepEqual(Object.fromEntries(savedForSet({ query: 'no id here' }, (await store.load('x')).qrels)!), { d2: 1 });
  });

  it('keeps the good lines of a hand-edited file and says which line was bad', async () => {
    const store = new LabelStore(root);
    await store.judge('h', [{ queryId: 'q1', docId: 'd1', grade: 1 }]);
    writeFileSync(store.qrelsPath('h'), '# comment\nq1 0 d1 1\nq1 0 d2\nq1 0 d3 2\n');
    const loaded = await store.load('h');
    assert.deepEqual(savedByRow([{ index: 0, id: 'd1', text: '' }, { index: 1, id: 'd2', text: '' }, { index: 2, id: 'd3', text: '' }], loaded.qrels, 'q1'), { 0: 1, 2: 2 });
    assert.equal(loaded.diagnostics.find((d) => d.line !== undefined)?.line, 3);
  });

  it('counts labelled queries and pairs', () => {
    assert.deepEqual(labelledCounts([{ a: 1, b: 0 }, null, undefined, {}, { c: 2 }]), { queries: 2, pairs: 3 });
  });
});
