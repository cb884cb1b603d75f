// End-to-end: the compare view in real VS Code (code-server + Chromium), as a user would use it: open
// the labelled BEIR folder from the explorer -> Rerank Lens: Compare Scorers from the palette -> keep
// the preselected fp32 and q8 of the tiny model -> "All 6 query sets" -> both score every set through
// the session -> the view shows Kendall's tau and top-k overlap, metrics with the interval of B - A,
// translated thresholds by share and by recall, and a typed threshold on A translates again.
// Screenshots in test-results/ (dark and light).
import * as assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from '../launch/codeServer.mjs';
import { workbench } from './selectors';
import { explorerContextCommand, pickQuickItem, runCommand, waitForPanelText } from './workbench';
import { RESULTS_DIR, useWindow } from './window';

const LAB_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'labelled-set');

describe('e2e: the compare view (issue 10)', function () {
  const win = useWindow({
    tag: 'compare',
    prepare: (ws) => {
      cpSync(LAB_FIXTURE, join(ws, 'labelled-set'), { recursive: true });
    },
  });
  let page: Page;
  let workspace: string;
  let view: FrameLocator;
  before(() => ({ page, workspace } = win));

  it('1. Compare Scorers: fp32 and q8 of the tiny model on every set of a labelled folder', async function () {
    await explorerContextCommand(page, 'labelled-set', 'Open as Labelled Set');
    await waitForPanelText(page, '#lab-view .lab-status', /^Scored (\d+) \/ \1 queries/, { failed: /failed|^Error/, timeout: 150_000 });
    await runCommand(page, 'Rerank Lens: Compare Scorers');
    // The scorer picker (several at once): fp32 and q8 of the configured model come preselected.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Compare Scorers' }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(workbench.quickInputRow('(q8)')).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Compare Scorers on' }).waitFor({ state: 'visible', timeout: 30_000 });
    // The BEIR folder's BM25 first stage keeps the 6 judged queries: "All 6 query sets".
    const all = page.locator(workbench.quickInputRow('query sets')).first();
    await all.waitFor({ state: 'visible', timeout: 30_000 });
    await all.click();
    await page.locator(workbench.quickInput).waitFor({ state: 'hidden', timeout: 30_000 });
    view = await waitForPanelText(page, '.compare-view .cmp-status', /^All scorers done\./, { failed: /failed|^Error/, timeout: 150_000 });
    const legend = await view.locator('.cmp-legend').innerText();
    assert.match(legend, /A tiny-bert \(fp32\) \[raw logit\]/);
    assert.match(legend, /B tiny-bert \(q8\) \[raw logit\]/);
  });

  it('2. the view shows agreement, metrics with the interval of the difference, and translated thresholds', async function () {
    const agreement = await view.locator('.cmp-agreement-table tbody tr').first().locator('td').allInnerTexts();
    assert.equal(agreement[0], 'A vs B');
    const tau = Number(agreement[1]);
    assert.ok(tau > 0.5 && tau <= 1, `fp32 and q8 of one model agree: tau ${agreement[1]}`);
    assert.match(agreement[3], /%$/);
    const metrics = await view.locator('.cmp-metrics-table tbody tr').allInnerTexts();
    assert.equal(metrics.length, 3, 'retriever, A and B');
    assert.match(metrics[2], /\[-?\d/, 'B - A with its interval');
    const header = await view.locator('.cmp-translation-table thead').innerText();
    assert.match(header, /Same share[\s\S]*Same recall/);
    const before = await view.locator('.cmp-translation-table tbody tr').first().innerText();
    assert.match(await view.locator('.cmp-source').innerText(), /^A ≥ -?[\d.]+ keeps \d+ chunks \([\d.]+%\), recall [\d.]+%\.$/);
    // A typed threshold on A is translated again, in the view.
    const input = view.locator('.cmp-threshold');
    const typed = String(Number(await input.inputValue()) + 0.05);
    await input.fill(typed);
    await input.press('Enter');
    await input.blur();
    await view.locator('.cmp-source', { hasText: `A ≥ ${Number(Number(typed).toFixed(4))}` }).waitFor({ timeout: 10_000 });
    assert.ok((await view.locator('.cmp-scatter circle').count()) > 20, 'the scatter has a point per chunk');
    assert.ok((await view.locator('.cmp-translation-table tbody tr').first().innerText()).length > 0, before);
    await page.screenshot({ path: join(RESULTS_DIR, 'compare-dark.png') });
  });

  it('3. screenshots in the light theme too', async function () {
    await runCommand(page, 'Preferences: Color Theme');
    await pickQuickItem(page, 'Light Modern');
    await page.waitForFunction((sel) => / vs( |$)/.test(document.querySelector(sel)?.getAttribute('class') ?? ''), workbench.root, { timeout: 15_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(RESULTS_DIR, 'compare-light.png') });
  });
});
