// End-to-end: the labelled-set view in real VS Code (code-server + Chromium), as a user would use it:
// open a BEIR folder from the explorer -> the lab view scores every query -> drag the threshold with
// the keyboard -> the "at this threshold" card and the kept counts change -> click the worst query ->
// the per-query view opens on it with the same threshold. Screenshots in test-results/ (dark, light).
import * as assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from '../launch/codeServer.mjs';
import { panel, workbench } from './selectors';
import { explorerContextCommand, pickQuickItem, runCommand, waitForLab, waitForPanelDone } from './workbench';
import { RESULTS_DIR, useWindow } from './window';

const LAB_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'labelled-set');

describe('e2e: the labelled-set view (threshold lab)', function () {
  const win = useWindow({
    tag: 'lab',
    prepare: (ws) => {
      cpSync(LAB_FIXTURE, join(ws, 'labelled-set'), { recursive: true });
    },
  });
  let page: Page;
  let workspace: string;
  let lab: FrameLocator;
  let thresholdText = '';
  before(() => ({ page, workspace } = win));

  it('1. Open as Labelled Set on a BEIR folder scores every query and shows metrics, curves and cutoffs', async function () {
    await explorerContextCommand(page, 'labelled-set', 'Open as Labelled Set');
    lab = await waitForLab(page);
    assert.ok(await lab.locator('.lab-metrics tbody tr').count() >= 10, 'the before/after table has a row per measure');
    assert.match(await lab.locator('.lab-verdict').innerText(), /better, \d+ tied, \d+ worse/);
    assert.ok(await lab.locator('.lab-curve-f1').count(), 'the F1 curve is drawn');
    assert.match(await lab.locator('.lab-recs').innerText(), /Best F1[\s\S]*logit/);
    assert.ok((await lab.locator('.lab-queries tbody tr').count()) >= 6);
    await page.screenshot({ path: join(RESULTS_DIR, 'lab-dark.png') });
  });

  it('2. moving the threshold updates the card and the kept counts', async function () {
    const card = lab.locator('.lab-at .lab-card').first();
    const keptCells = () => lab.locator('.lab-queries tbody tr td:nth-child(6)').allInnerTexts();
    const before = await card.innerText();
    const keptBefore = await keptCells();
    const handle = lab.locator('.lab-handle');
    await handle.focus();
    await handle.press('Home');
    const atLowest = await card.innerText();
    assert.notEqual(atLowest, before, 'the card did not change when the threshold moved');
    assert.match(atLowest, /keeps/);
    const keptLowest = await keptCells();
    // At the lowest threshold every candidate of every query is kept.
    for (const k of keptLowest) {
      const [kept, of] = k.split('/').map((x) => Number(x.trim()));
      assert.equal(kept, of, `kept ${k} at the lowest threshold`);
    }
    assert.notDeepEqual(keptLowest, keptBefore);
    for (let i = 0; i < 40; i++) await handle.press('ArrowRight');
    thresholdText = (await handle.getAttribute('aria-valuenow')) ?? '';
    assert.ok(Number.isFinite(Number(thresholdText)), `aria-valuenow ${thresholdText}`);
  });

  it('3. a click on the worst query opens it in the per-query view with the same threshold', async function () {
    const first = lab.locator('.lab-queries tbody tr').first();
    const queryText = (await first.locator('td').first().innerText()).trim();
    await first.click();
    const f = await waitForPanelDone(page);
    assert.equal(await f.locator(panel.queryInput).inputValue(), queryText);
    const value = Number(await f.locator(panel.thresholdNumber).inputValue());
    assert.ok(Math.abs(value - Number(thresholdText)) < 0.01, `per-query threshold ${value}, lab threshold ${thresholdText}`);
    assert.ok(await f.locator('.lab-back').isVisible(), 'a way back to the labelled set');
    await f.locator('.lab-back').click();
    await lab.locator('#lab-view').waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('4. screenshots in the light theme too', async function () {
    await runCommand(page, 'Preferences: Color Theme');
    await pickQuickItem(page, 'Light Modern');
    await page.waitForFunction((sel) => / vs( |$)/.test(document.querySelector(sel)?.getAttribute('class') ?? ''), workbench.root, { timeout: 15_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(RESULTS_DIR, 'lab-light.png') });
  });
});
