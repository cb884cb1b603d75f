// How long the panel needs to re-decide kept/dropped for 1,000 chunks after a slider move
// (selectKept on an existing ranking) and after new scores arrive (rankChunks + selectKept).
import type { PairScore } from '../src/engine/protocol';
import type { Chunk } from '../src/core/types';
import { mulberry32 } from '../scripts/testModel/rng';
import { median, percentile } from './stats';

type RankModule = typeof import('../src/core/rank');

export interface RefilterResult { chunks: number; sliderMoveMsMedian: number; sliderMoveMsP99: number; rerankAndFilterMsMedian: number; rerankAndFilterMsP99: number; iterations: number }

export function benchRefilter(rank: RankModule, n = 1000, iterations = 300): RefilterResult {
  const next = mulberry32(99);
  const chunks: Chunk[] = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: `chunk ${i}`, originalRank: i + 1, scoreKind: 'similarity', metadata: {} }));
  const scores: PairScore[] = chunks.map((_, i) => {
    const score = next() * 16 - 8;
    return { index: i, score, probability: 1 / (1 + Math.exp(-score)), queryTokens: 8, chunkTokens: 200, truncated: false, truncatedAtChar: null, cached: false };
  });
  const ranked = rank.rankChunks(chunks, scores);
  const slider: number[] = [];
  const full: number[] = [];
  let sink = 0;
  for (let it = 0; it < iterations; it++) {
    const threshold = { space: 'logit' as const, value: -8 + (16 * it) / iterations };
    const topK = it % 3 === 0 ? null : 1 + (it % n);
    let t0 = performance.now();
    sink += rank.selectKept(ranked, { threshold, topK }).filter(Boolean).length;
    slider.push(performance.now() - t0);
    t0 = performance.now();
    sink += rank.selectKept(rank.rankChunks(chunks, scores), { threshold, topK }).filter(Boolean).length;
    full.push(performance.now() - t0);
  }
  if (sink < 0) console.log(sink); // keeps the work observable
  return {
    chunks: n,
    iterations,
    sliderMoveMsMedian: median(slider),
    sliderMoveMsP99: percentile(slider, 99),
    rerankAndFilterMsMedian: median(full),
    rerankAndFilterMsP99: percentile(full, 99),
  };
}
