// Panel states and score batches for webview tests and the browser harness. Deterministic (seeded),
// shaped like what the panel host sends: rows in input order, scores arriving later in batches.
import type { PairScore } from '../../src/engine/protocol';
import type { PanelRow, PanelState } from '../../src/panel/protocol';
// The test model generator's seeded PRNG, so screenshots and tests are stable (scripts/ stays standalone).
import { mulberry32 } from '../testModel/rng';

const TOPICS = [
  'Cross-encoders score the query and passage together, so they see interactions a bi-encoder misses.',
  'BM25 ranks by term frequency and inverse document frequency; it knows nothing about meaning.',
  'Reranking the top 100 retrieved chunks with a cross-encoder usually improves nDCG@10.',
  'The tokenizer truncates the longest input first when a pair exceeds the max length of 512 tokens.',
  'Vector databases return cosine similarity or a distance, depending on the index configuration.',
  'Chunk size trades recall for precision: long chunks dilute the relevant sentence.',
  'A threshold on the reranker score drops chunks that would only add noise to the prompt.',
  'Hybrid search merges keyword and dense results with reciprocal rank fusion.',
];

export function sampleRows(n: number, seed = 1): PanelRow[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const text = `${TOPICS[i % TOPICS.length]} (${i + 1}) ${TOPICS[(i * 3 + 1) % TOPICS.length]}`;
    const row: PanelRow = {
      index: i,
      id: `doc-${String(i + 1).padStart(3, '0')}`,
      text,
      originalRank: i + 1,
      retrieverScore: Number((0.92 - i * (0.5 / n) - r() * 0.01).toFixed(4)),
      scoreKind: 'similarity',
      metadata: { source: `kb/article-${(i % 7) + 1}.md`, page: (i % 5) + 1 },
      revealable: true,
    };
    return row;
  });
}

export function sampleState(over: Partial<PanelState> = {}): PanelState {
  const rows = over.rows ?? sampleRows(12);
  return {
    version: 1,
    sourceLabel: 'results.jsonl',
    sourceUri: 'file:///work/results.jsonl',
    format: 'langchain-documents',
    queries: [],
    activeQuery: 0,
    query: 'how does a cross-encoder rerank retrieved chunks',
    model: 'cross-encoder/ms-marco-MiniLM-L-6-v2',
    dtype: 'fp32',
    rows,
    status: { phase: 'scoring', done: 0, total: rows.length },
    display: 'probability',
    threshold: { space: 'logit', value: null },
    topK: null,
    onlyMoved: false,
    view: 'table',
    ...over,
  };
}

export function pairScore(index: number, logit: number, extra: Partial<PairScore> = {}): PairScore {
  return {
    index,
    score: logit,
    probability: 1 / (1 + Math.exp(-logit)),
    queryTokens: 9,
    chunkTokens: 40 + (index % 13),
    truncated: false,
    truncatedAtChar: null,
    cached: false,
    ...extra,
  };
}

/** Scores for rows, mostly disagreeing with the retriever so the diff has something to show. */
export function sampleScores(rows: PanelRow[], seed = 7): PairScore[] {
  const r = mulberry32(seed);
  return rows.map((row) => pairScore(row.index, Number((r() * 16 - 9).toFixed(3))));
}

export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
