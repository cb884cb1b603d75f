// BM25 first stage: scores equal the Okapi BM25 formula with Lucene's idf on a hand-countable corpus,
// ties fall in trec_eval's order, depth cuts, a small corpus comes back whole, and the committed BEIR
// sample gets sets with labels.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, bm25FirstStage, describeBm25 } from '../../../src/core/firstStage/bm25';
import { bm25Sets, parseBeirJsonl } from '../../../src/core/firstStage/sets';
import { parseQrelsText } from '../../../src/core/labels/qrels';
import { FIXTURES_DIR } from '../../support/paths';

const docs = [
  { id: 'a', title: 'Cats', text: 'cats purr' },
  { id: 'b', title: '', text: 'dogs bark loudly at night' },
  { id: 'c', title: '', text: 'birds sing' },
  { id: 'd', title: '', text: 'cats sleep' },
];

function bm25(tf: number, dl: number, avgdl: number, n: number, N: number, k1 = 1.2, b = 0.75): number {
  const idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
  return idf * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * dl) / avgdl)));
}

describe('BM25 first stage', () => {
  it('the analyzer lowercases, splits on non-letters (keeping non-ASCII words), drops stop words and stems', () => {
    assert.deepEqual(analyze('The Cats were RUNNING, café-au-lait!'), ['cat', 'run', 'café', 'au', 'lait']);
  });

  it('scores are Okapi BM25 with Lucene idf (k1 1.2, b 0.75) over title + text', () => {
    const r = bm25FirstStage(docs, [{ id: 'q', text: 'cats' }], { depth: 10 });
    // Lengths after analysis: a = cat cat purr (3), b = dog bark loud night (4), c = bird sing (2), d = cat sleep (2).
    const avgdl = (3 + 4 + 2 + 2) / 4;
    const hits = r.byQuery.get('q')!;
    assert.deepEqual(hits.map((h) => h.id), ['a', 'd', 'c', 'b']);
    assert.ok(Math.abs(hits[0].score - bm25(2, 3, avgdl, 2, 4)) < 1e-8, `${hits[0].score}`);
    assert.ok(Math.abs(hits[1].score - bm25(1, 2, avgdl, 2, 4)) < 1e-8);
    // Whole corpus (4 <= depth 10): unmatched documents follow with score 0, ids descending.
    assert.deepEqual(hits.slice(2), [{ id: 'c', score: 0 }, { id: 'b', score: 0 }]);
    assert.equal(r.settings.wholeCorpus, true);
    assert.match(describeBm25(r.settings), /k1=1.2, b=0.75.*Porter2/);
  });

  it('depth keeps only matching documents, best first; a query matching nothing has no candidates', () => {
    const r = bm25FirstStage(docs, [{ id: 'q', text: 'cats' }, { id: 'none', text: 'zebra' }], { depth: 3 });
    assert.deepEqual(r.byQuery.get('q')!.map((h) => h.id), ['a', 'd']);
    assert.deepEqual(r.byQuery.get('none'), []);
  });

  it('equal scores fall in trec_eval order (id descending)', () => {
    const twins = [{ id: 'x1', text: 'red apple' }, { id: 'x2', text: 'red apple' }, { id: 'x3', text: 'green pear' }, { id: 'x4', text: 'blue plum' }];
    const r = bm25FirstStage(twins, [{ id: 'q', text: 'apple' }], { depth: 2 });
    assert.deepEqual(r.byQuery.get('q')!.map((h) => h.id), ['x2', 'x1']);
  });

  it('a corpus of fewer than 3 documents comes back whole and unscored', () => {
    const r = bm25FirstStage(docs.slice(0, 2), [{ id: 'q', text: 'cats' }]);
    assert.equal(r.settings.unscored, true);
    assert.deepEqual(r.byQuery.get('q')!.map((h) => h.id), ['b', 'a']);
  });

  it('builds labelled sets from the committed BEIR sample', () => {
    const dir = join(FIXTURES_DIR, 'formats/infra/beir-sample');
    const corpus = parseBeirJsonl(readFileSync(join(dir, 'corpus.jsonl'), 'utf8'), 'corpus.jsonl');
    const queries = parseBeirJsonl(readFileSync(join(dir, 'queries.jsonl'), 'utf8'), 'queries.jsonl');
    const qrels = parseQrelsText(readFileSync(join(dir, 'qrels/test.tsv'), 'utf8'), 'qrels/test.tsv');
    assert.equal(qrels.format, 'beir');
    const out = bm25Sets(corpus.rows, queries.rows, qrels.qrels, { depth: 100 });
    assert.equal(out.sets.length, 3);
    for (const s of out.sets) {
      assert.equal(s.chunks.length, corpus.rows.length, 'whole corpus: it is smaller than the depth');
      assert.ok(s.labels?.byChunkId);
      assert.deepEqual(s.chunks.map((c) => c.originalRank), s.chunks.map((_, i) => i + 1));
    }
    // q1 is about migrating birds at night: a judged document is BM25's first hit.
    assert.ok(['bm-001', 'bm-002', 'bm-003'].includes(out.sets[0].chunks[0].id), out.sets[0].chunks[0].id);
  });
});
