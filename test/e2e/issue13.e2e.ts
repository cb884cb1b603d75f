// End-to-end for issue 13. Part 1: the real webview bundle in Chromium at 320 and 900 px wide in the
// dark, light and high-contrast themes (the harness stands in for VS Code's theme variables): no
// sideways scrolling, the Rerank button whole, rows before a screen of controls, compact rows shorter;
// screenshots in test-results/. Part 2: real VS Code (code-server) in a 900 px window: Select Model
// with a workspace localModelPath (the workspace file changes only when "This workspace" is chosen),
// and Export of a multi-query file that scores the unscored queries first.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../launch/codeServer.mjs';
import { TINY_MODEL_DIR } from '../launch/testSettings.mjs';
import { openHarness } from '../../scripts/webviewHarness/harness';
import { batches, pairScore, sampleRows, sampleScores, sampleState } from '../../scripts/webviewHarness/sampleState';
import { workbench } from './selectors';
import { explorerContextCommand, focusWorkbench, runCommand, waitForPanelDone, whileStarting } from './workbench';
import { RESULTS_DIR, useWindow } from './window';

const FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'workspace');

describe('e2e issue 13, part 1: the panel at 320 and 900 px, in three themes', function () {
  before(() => mkdirSync(RESULTS_DIR, { recursive: true }));

  for (const width of [320, 900]) {
    for (const theme of ['dark', 'light', 'hc'] as const) {
      it(`${width} px, ${theme}: no sideways scroll, Rerank button whole, rows come early`, async function () {
        const h = await openHarness({ theme, width, height: 700 });
        try {
          const rows = sampleRows(14);
          rows[1] = { ...rows[1], id: '#2' };
          await h.post({ type: 'state', state: sampleState({ rows, display: 'logit', threshold: { space: 'logit', value: null }, modelNote: 'test model, scores are meaningless', format: 'selection-numbered', status: { phase: 'scoring', done: 0, total: 14 } }) });
          const scores = sampleScores(rows);
          scores[3] = pairScore(3, 5.5);
          for (const b of batches(scores, 5)) await h.post({ type: 'scores', scores: b, status: { phase: 'scoring', done: 0, total: 14 } });
          await h.post({ type: 'status', status: { phase: 'done', done: 14, total: 14 }, elapsedMs: 420 });
          const m = await h.page.evaluate(() => {
            const doc = document.documentElement;
            const rerun = [...document.querySelectorAll('.query-row button')].find((b) => b.textContent?.includes('Rerank'))!.getBoundingClientRect();
            const first = document.querySelector('.grid-body .grid-row')!.getBoundingClientRect();
            return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, rerunRight: rerun.right, rerunLeft: rerun.left, firstRowTop: first.top };
          });
          assert.ok(m.scrollWidth <= m.clientWidth, `the panel scrolls sideways: ${m.scrollWidth} > ${m.clientWidth}`);
          assert.ok(m.rerunLeft >= 0 && m.rerunRight <= m.clientWidth, `the Rerank button is clipped: ${m.rerunLeft}-${m.rerunRight} of ${m.clientWidth}`);
          assert.ok(m.firstRowTop < 700, `the first row starts below the first screen (${m.firstRowTop} px)`);
          await h.page.screenshot({ path: join(RESULTS_DIR, `issue13-panel-${width}-${theme}.png`) });
          // Compact rows: shorter than the comfortable ones, and remembered through a settings message.
          const tall = await h.page.evaluate(() => document.querySelector('.grid-body .grid-row')!.getBoundingClientRect().height);
          if (width === 320) await h.page.click('.filters-fold');
          await h.page.click('.compact-label');
          const short = await h.page.evaluate(() => document.querySelector('.grid-body .grid-row')!.getBoundingClientRect().height);
          assert.ok(short < tall * 0.75, `compact rows are not shorter (${short} vs ${tall} px)`);
          await h.page.screenshot({ path: join(RESULTS_DIR, `issue13-panel-${width}-${theme}-compact.png`) });
          await h.page.waitForTimeout(300);
          const posted = await h.posted();
          assert.ok(posted.some((p) => p.type === 'settings' && p.density === 'compact'), 'density was not sent to the host');
        } finally {
          await h.close();
        }
      });
    }
  }
});

describe('e2e issue 13, part 2: Select Model and Export in VS Code (code-server + Chromium, 900 px window)', function () {
  let wsSettings: string;
  // A shared workspace setting, with a comment: rewritten by VS Code it would lose its formatting.
  const original = `{\n  // the team's test model\n  "rerankLens.localModelPath": ${JSON.stringify(TINY_MODEL_DIR)}\n}\n`;
  const win = useWindow({
    tag: '13',
    viewport: { width: 900, height: 800 },
    prepare: (ws) => {
      cpSync(FIXTURE, ws, { recursive: true });
      mkdirSync(join(ws, '.vscode'), { recursive: true });
      wsSettings = join(ws, '.vscode', 'settings.json');
      writeFileSync(wsSettings, original);
    },
  });
  let page: Page;
  let workspace: string;
  before(() => ({ page, workspace } = win));

  const quickBox = () => page.locator(workbench.quickInputBox);
  const focusedRow = () => page.locator('.quick-input-list .monaco-list-row.focused').first();
  async function waitForTitle(text: RegExp) {
    const title = page.locator('.quick-input-widget .quick-input-title');
    const deadline = Date.now() + 30_000;
    while (!text.test((await title.innerText().catch(() => '')) ?? '')) {
      if (Date.now() > deadline) throw new Error(`no quick pick titled ${text}`);
      await page.waitForTimeout(100);
    }
  }

  it('1. Select Model highlights the current (workspace) model; saving to the user settings leaves the workspace file as it was', async function () {
    // Right after start-up (on a busy machine) the palette may not list the extension's commands yet.
    await whileStarting(page, () => runCommand(page, 'Rerank Lens: Select Model'));
    await waitForTitle(/Select Model/);
    assert.match(await focusedRow().innerText(), /tiny-bert/, 'the current model is not the highlighted entry');
    // One Enter keeps the current model: nothing is written.
    await page.keyboard.press('Enter');
    await page.locator(workbench.quickInput).waitFor({ state: 'hidden' });
    assert.equal(readFileSync(wsSettings, 'utf8'), original);

    await runCommand(page, 'Rerank Lens: Select Model');
    await waitForTitle(/Select Model/);
    await quickBox().fill('ms-marco-MiniLM-L-12-v2');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await waitForTitle(/save .* where\?/);
    assert.match(await page.locator('.quick-input-list').innerText(), /User settings[\s\S]*This workspace/);
    await quickBox().fill('User settings');
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
    await page.locator(workbench.quickInput).waitFor({ state: 'hidden' });
    // The notification says the workspace's folder still applies.
    await page.locator(`${workbench.notificationToast}:has-text("still applies here")`).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(500);
    assert.equal(readFileSync(wsSettings, 'utf8'), original, 'the workspace settings file changed although the user chose their user settings');
    await page.screenshot({ path: join(RESULTS_DIR, 'issue13-select-model-900-dark.png') });
  });

  it('2. Export of a multi-query file scores the unscored query first, after asking', async function () {
    await explorerContextCommand(page, 'multi.jsonl', 'Rerank File');
    const f = await waitForPanelDone(page, { rows: 3 });
    await page.screenshot({ path: join(RESULTS_DIR, 'issue13-vscode-900-dark.png') });
    // The panel beside the editor in a 900 px window: no sideways scroll.
    const sideways = await f.locator('body').evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
    assert.equal(sideways, false, 'the panel scrolls sideways in a 900 px window');
    await f.locator('.header button.export').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await dialog.innerText(), /1 of 2 queries/);
    await dialog.locator('.monaco-button:has-text("Score All and Export")').click();
    await waitForTitle(/Export Reranked Results/);
    await quickBox().fill('Same shape');
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
    // The save dialog (VS Code's own in the browser) proposes multi.reranked.jsonl beside the input.
    const target = join(workspace, 'multi.reranked.jsonl');
    await page.waitForTimeout(1000);
    await focusWorkbench(page);
    const box = quickBox();
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await box.inputValue(), /multi\.reranked\.jsonl$/);
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 60_000;
    while (!existsSync(target)) {
      assert.ok(Date.now() < deadline, 'the export file was not written');
      await page.waitForTimeout(300);
    }
    await page.waitForTimeout(500);
    const lines = readFileSync(target, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { passages: { rerank?: unknown }[] });
    assert.equal(lines.length, 2);
    assert.ok(lines.every((l) => l.passages.every((p) => p.rerank)), 'a query was exported without rerank fields');
  });
});
