// End-to-end: judging rows in the per-query view (issue 14) in real VS Code (code-server + Chromium):
// Rerank File on a one-query JSONL -> judge three rows with the keyboard (2, 0, 1 on the focused row)
// -> the diff view's nDCG/RR/recall appear and change -> reload the window: the judgments are still
// on the rows -> the workspace's `.rerank-lens/labels/*.qrels` holds them -> `rerank-lens eval --qrels`
// on that file prints the same before/after metrics as the panel -> the labelled-set view counts them
// and one more judgment moves its recommended cutoff. Screenshots in test-results/.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from '../launch/codeServer.mjs';
import { TINY_MODEL_DIR } from '../launch/testSettings.mjs';
import { panel } from './selectors';
import { explorerContextCommand, runCommand, waitForLab, waitForPanelDone, waitForWorkbench } from './workbench';
import { RESULTS_DIR, useWindow } from './window';

const INPUT = 'judge.jsonl';
const PASSAGES: [string, string][] = [
  ['pw-rotate', 'Rotate the database password every 90 days; the vault CLI does it without downtime.'],
  ['pw-hash', 'Passwords are stored as salted bcrypt hashes, never in plain text.'],
  ['lunch', 'The cafeteria on the second floor opens at noon and closes at three.'],
  ['vault-cli', 'vault write database/rotate-root/mydb rotates the root credentials of a database.'],
  ['parking', 'Visitor parking is behind building C; ask the front desk for a pass.'],
  ['audit', 'Every credential rotation is written to the audit log with the operator name.'],
];

/** "0.613 → 0.920" per stat of the diff summary. */
async function diffStats(f: FrameLocator): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const k of ['ndcg', 'rr', 'recall']) {
    const el = f.locator(`${panel.diffSummary} [data-stat="${k}"]`);
    if (await el.count()) out[k] = (await el.innerText()).trim();
  }
  return out;
}

/** Row id -> pressed grade (or null) as the judging buttons show it. */
async function judged(f: FrameLocator): Promise<Record<string, number | null>> {
  return f.locator(panel.rows).evaluateAll((els) =>
    Object.fromEntries(
      els.map((el) => {
        const on = el.querySelector('.judging button.judge[aria-pressed="true"]');
        return [(el.querySelector('.chunk-head .chunk-id')?.textContent ?? '').trim(), on ? Number(on.getAttribute('data-grade')) : null];
      }),
    ),
  );
}

describe('e2e: judging rows in the per-query view (labels)', function () {
  const win = useWindow({
    tag: 'labels',
    prepare: (ws) => {
      writeFileSync(join(ws, INPUT), `${JSON.stringify({ query_id: 'q-rotate', query: 'how do I rotate the database password', passages: PASSAGES.map(([id, text], i) => ({ id, text, score: Number((0.9 - i * 0.05).toFixed(2)) })) })}\n`);
    },
  });
  let page: Page;
  let workspace: string;
  let statsJudged: Record<string, string> = {};
  let marks: Record<string, number | null> = {};
  before(() => ({ page, workspace } = win));

  it('1. three rows judged with the keyboard change the diff metrics', async function () {
    await explorerContextCommand(page, INPUT, 'Rerank File');
    const f = await waitForPanelDone(page, { rows: PASSAGES.length });
    await f.locator(panel.tabDiff).click();
    assert.deepEqual(await diffStats(f), {}, 'no labels yet, no quality metrics');
    await f.locator(panel.tabTable).click();
    // The first three rows of the reranked table: highly relevant, not relevant, relevant.
    const rows = f.locator(panel.rows);
    for (const [i, key] of [[0, '2'], [1, '0'], [2, '1']] as const) {
      await rows.nth(i).focus();
      await rows.nth(i).press(key);
    }
    // Each judgment goes through the host (saved, then confirmed): wait for the third before reading.
    await f.locator('.labels-summary').filter({ hasText: /3 of 6 rows judged · saved in \.rerank-lens\/labels\// }).waitFor({ timeout: 30_000 });
    marks = await judged(f);
    assert.deepEqual(Object.values(marks).slice(0, 3), [2, 0, 1], JSON.stringify(marks));
    assert.equal(Object.values(marks).filter((m) => m !== null).length, 3);
    await page.screenshot({ path: join(RESULTS_DIR, 'labels-judged.png') });
    await f.locator(panel.tabDiff).click();
    statsJudged = await diffStats(f);
    assert.deepEqual(Object.keys(statsJudged), ['ndcg', 'rr', 'recall'], JSON.stringify(statsJudged));
    // One more judgment (the last row, relevant) changes them again.
    await f.locator(panel.tabTable).click();
    await rows.nth(PASSAGES.length - 1).focus();
    await rows.nth(PASSAGES.length - 1).press('1');
    await f.locator('.labels-summary').filter({ hasText: /4 of 6 rows judged/ }).waitFor({ timeout: 30_000 });
    await f.locator(panel.tabDiff).click();
    const statsFour = await diffStats(f);
    assert.notDeepEqual(statsFour, statsJudged, 'a new judgment did not change the metrics');
    await page.screenshot({ path: join(RESULTS_DIR, 'labels-diff.png') });
    // Back to the three judgments (x clears the fourth).
    await f.locator(panel.tabTable).click();
    await rows.nth(PASSAGES.length - 1).focus();
    await rows.nth(PASSAGES.length - 1).press('x');
    await f.locator('.labels-summary').filter({ hasText: /3 of 6 rows judged/ }).waitFor({ timeout: 30_000 });
    await f.locator(panel.tabDiff).click();
    assert.deepEqual(await diffStats(f), statsJudged);
    await f.locator(panel.tabTable).click();
  });

  it('2. after a window reload the judgments are still on the rows', async function () {
    await page.waitForTimeout(1000);
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(2000);
    await waitForWorkbench(page);
    const f = await waitForPanelDone(page, { rows: PASSAGES.length });
    const deadline = Date.now() + 20_000;
    let now = await judged(f);
    while (JSON.stringify(now) !== JSON.stringify(marks) && Date.now() < deadline) {
      await page.waitForTimeout(300);
      now = await judged(f);
    }
    assert.deepEqual(now, marks);
    await f.locator(panel.tabDiff).click();
    assert.deepEqual(await diffStats(f), statsJudged);
  });

  it('3. the qrels file holds them and `rerank-lens eval --qrels` prints the same metrics as the panel', async function () {
    const dir = join(workspace, '.rerank-lens', 'labels');
    const files = readdirSync(dir).filter((n) => n.endsWith('.qrels'));
    assert.equal(files.length, 1, files.join(', '));
    const qrelsFile = join(dir, files[0]);
    const lines = readFileSync(qrelsFile, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const expected = Object.entries(marks).filter(([, g]) => g !== null).map(([id, g]) => `q-rotate 0 ${id} ${g}`).sort();
    assert.deepEqual([...lines].sort(), expected);
    const out = execFileSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'eval', join(workspace, INPUT), '--qrels', qrelsFile, '--model', TINY_MODEL_DIR, '--format', 'json', '--no-score-cache'], { encoding: 'utf8', timeout: 120_000 });
    const report = JSON.parse(out) as { metrics: { before: Record<string, number>; after: Record<string, number> } | null; labels: unknown };
    assert.ok(report.metrics, `no metrics: ${out.slice(0, 400)}`);
    const cli = (m: string) => `${report.metrics!.before[m].toFixed(3)} → ${report.metrics!.after[m].toFixed(3)}`;
    assert.deepEqual({ ndcg: cli('ndcg@10'), rr: cli('mrr@10'), recall: cli('recall@10') }, statsJudged);
    writeFileSync(join(RESULTS_DIR, 'labels-eval.json'), out);
  });

  it('4. the labelled-set view counts the judgments, and one more moves the recommended cutoff', async function () {
    await explorerContextCommand(page, INPUT, 'Open as Labelled Set');
    const lab = await waitForLab(page);
    const notes = lab.locator('#lab-view .lab-notes');
    await notes.filter({ hasText: 'Labelled: 1 of 1 queries, 3 pairs.' }).waitFor({ timeout: 15_000 });
    const recs = lab.locator('#lab-view .lab-recs');
    const before = await recs.innerText();
    assert.match(before, /Best F1/);
    await page.screenshot({ path: join(RESULTS_DIR, 'labels-lab.png') });
    await lab.locator('.lab-queries tbody tr').first().click();
    const f = await waitForPanelDone(page, { rows: PASSAGES.length });
    await f.locator(panel.tabTable).click();
    const last = f.locator(panel.rows).nth(PASSAGES.length - 1);
    await last.focus();
    await last.press('1');
    await f.locator('.labels-summary').filter({ hasText: /4 of 6 rows judged/ }).waitFor({ timeout: 15_000 });
    await f.locator('.lab-back').click();
    await notes.filter({ hasText: 'Labelled: 1 of 1 queries, 4 pairs.' }).waitFor({ timeout: 15_000 });
    const after = await recs.innerText();
    assert.notEqual(after, before, 'the recommended cutoffs did not change');
    await page.screenshot({ path: join(RESULTS_DIR, 'labels-lab-after.png') });
  });
});
