// Screenshots of the panel in the three theme kinds, plus a timing of threshold re-filtering over
// 1,000 rows in real Chromium. Run: node --import tsx scripts/webviewHarness/screenshot.ts OUTDIR
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PanelRow } from '../../src/panel/protocol';
import { measureRefilter, openHarness } from './harness';
import { batches, pairScore, sampleRows, sampleScores, sampleState } from './sampleState';

function demoRows(): PanelRow[] {
  const rows = sampleRows(14);
  rows[2] = { ...rows[2], text: `${rows[2].text} <img src=x onerror=alert(1)> This chunk is long enough that the tokenizer cut it: everything after this point was never seen by the model.`, label: 2 };
  rows[5] = { ...rows[5], scoreKind: 'distance', retrieverScore: 0.412, label: 0 };
  return rows;
}

async function main() {
  const out = process.argv[2] ?? '/tmp/rl-shots';
  mkdirSync(out, { recursive: true });
  for (const theme of ['dark', 'light', 'hc'] as const) {
    const h = await openHarness({ theme });
    const rows = demoRows();
    const state = sampleState({ rows, threshold: { space: 'logit', value: 0 }, topK: 8, elapsedMs: 842, cacheHits: 3 });
    await h.post({ type: 'state', state });
    const scores = sampleScores(rows);
    scores[2] = pairScore(2, 6.2, { truncated: true, truncatedAtChar: rows[2].text.indexOf('everything after') });
    for (const b of batches(scores, 5)) await h.post({ type: 'scores', scores: b, status: { phase: 'scoring', done: 0, total: rows.length } });
    await h.post({ type: 'status', status: { phase: 'done', done: rows.length, total: rows.length }, elapsedMs: 842, cacheHits: 3 });
    await h.page.screenshot({ path: join(out, `panel-${theme}.png`), fullPage: false });
    await h.page.click('#tab-diff');
    await h.page.waitForTimeout(50);
    await h.page.screenshot({ path: join(out, `diff-${theme}.png`), fullPage: false });
    await h.close();
  }

  const t = await measureRefilter({ rows: 1000, moves: 50 });
  console.log(`refilter ${t.rows} rows: median ${t.medianMs.toFixed(2)} ms, p90 ${t.p90Ms.toFixed(2)} ms, max ${t.maxMs.toFixed(2)} ms`);
  console.log(`screenshots in ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
