// The labelled-set view in a real browser: 1,000 queries x 100 candidates with labels, in the real
// webview bundle (headless Chromium, scripts/webviewHarness). Measures
//   - a threshold move: the keyboard handler (sweep.at + perQuery + marker + cards + 1,000 kept cells)
//     plus the layout it forces, per move;
//   - the full recompute when data arrives (analyzeSet: metrics, bootstrap, sweep, cutoffs, table).
// Run: node --import tsx bench/labDrag.ts   (writes bench/lab-results.json)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalQuery } from '../src/core/eval/queries';
import type { LabData } from '../src/panel/lab/protocol';
import type { HostMessage } from '../src/panel/protocol';
import { openHarness } from '../scripts/webviewHarness/harness';
import { mulberry32 } from '../scripts/testModel/rng';
import { median, percentile } from './stats';

function labData(queries: number, candidates: number): LabData {
  const next = mulberry32(7);
  const qs: EvalQuery[] = Array.from({ length: queries }, (_, q) => {
    const qrels: Record<string, number> = {};
    const cands = Array.from({ length: candidates }, (_, c) => {
      const relevant = next() < 0.08;
      if (relevant) qrels[`d${c}`] = next() < 0.5 ? 2 : 1;
      const score = (relevant ? 2 : -1) + (next() - 0.5) * 6;
      return { id: `d${c}`, retrieverScore: candidates - c, score, probability: 1 / (1 + Math.exp(-score)) };
    });
    return { queryId: `q${q}`, query: `query number ${q}`, retrieverKind: 'similarity', candidates: cands, qrels };
  });
  return {
    sourceLabel: 'bench', scorerLabel: 'synthetic (logit)', setIndexes: qs.map((_, i) => i), queries: qs,
    labels: { labelledQueries: queries, unknownQueries: 0, unknownDocuments: 0 }, threshold: { space: 'logit', value: 0 }, recallTarget: 0.9,
  };
}

async function main(): Promise<void> {
  const h = await openHarness({ theme: 'dark', width: 1200, height: 900 });
  try {
    const data = labData(1000, 100);
    const t0 = Date.now();
    await h.post({ type: 'lab', data } as unknown as HostMessage);
    await h.page.waitForSelector('#lab-view .lab-queries tbody tr');
    const firstRenderMs = Date.now() - t0;
    // A query finishing while the set streams in: the message, the analysis and the redraw of the next frame.
    const recompute = await h.page.evaluate(async (query) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const s = performance.now();
        window.postMessage({ type: 'labQuery', position: 0, query }, '*');
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        document.body.getBoundingClientRect();
        times.push(performance.now() - s);
      }
      return times;
    }, data.queries[0]);
    const jsOnly = await h.page.evaluate(() => {
      const handle = document.querySelector('#lab-view .lab-handle') as SVGElement;
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        const s = performance.now();
        handle.dispatchEvent(new KeyboardEvent('keydown', { key: i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft', bubbles: true }));
        times.push(performance.now() - s);
      }
      return times;
    });
    const moves = await h.page.evaluate(() => {
      const handle = document.querySelector('#lab-view .lab-handle') as SVGElement;
      const times: number[] = [];
      for (let i = 0; i < 200; i++) {
        const s = performance.now();
        handle.dispatchEvent(new KeyboardEvent('keydown', { key: i % 40 < 20 ? 'ArrowRight' : 'ArrowLeft', bubbles: true }));
        document.body.getBoundingClientRect();
        times.push(performance.now() - s);
      }
      return times;
    });
    const result = {
      queries: 1000,
      candidatesPerQuery: 100,
      firstRenderWallMs: firstRenderMs,
      recomputeMsMedian: median(recompute),
      thresholdMoveScriptMsMedian: median(jsOnly),
      thresholdMoveMsMedian: median(moves),
      thresholdMoveMsP90: percentile(moves, 90),
      thresholdMoveMsMax: Math.max(...moves),
      moves: moves.length,
    };
    console.log(`lab view, 1,000 queries x 100 candidates, Chromium: threshold move median ${result.thresholdMoveMsMedian.toFixed(2)} ms (p90 ${result.thresholdMoveMsP90.toFixed(2)}, max ${result.thresholdMoveMsMax.toFixed(1)}; script alone ${result.thresholdMoveScriptMsMedian.toFixed(2)} ms), query arrives -> full recompute and redraw, median ${result.recomputeMsMedian.toFixed(0)} ms, first render ${firstRenderMs} ms`);
    writeFileSync(join(__dirname, 'lab-results.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await h.close();
  }
}

void main();
