// End-to-end "Why?" (issue 11): a real browser on real VS Code (code-server) with the extension under
// development and the tiny test model. A results file is reranked from the explorer, "Why?" on a row
// shows the heat map (the chunk's exact text, one labelled mark per sentence, the arrow keys moving
// between them) and the deletion curve; "Why? Top k" explains three rows at once; screenshots in the
// dark and high-contrast themes go to test-results/.
import * as assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { REPO_ROOT } from '../launch/codeServer.mjs';
import { panel, workbench } from './selectors';
import { assertEventually, explorerContextCommand, panelFrame, pickQuickItem, runCommand, waitForPanelDone } from './workbench';
import { RESULTS_DIR, useWindow } from './window';

const FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'workspace');
const QUERY = 'what happens when a refresh token is reused';
const FAMILY = 'Refresh tokens rotate on every use. When a refresh token is reused, the auth service revokes the whole token family. The user must then sign in again. Reuse is logged as a security event.';
const PASSAGES = [
  { id: 'family', text: FAMILY },
  { id: 'access', text: 'Access tokens are short-lived JWTs. The gateway validates them locally. They expire after fifteen minutes.' },
  { id: 'coffee', text: 'The coffee machine is descaled every second Friday. The schedule is pinned in the kitchen channel.' },
  { id: 'markup', text: 'Advisory sample: <img src=x onerror=alert(1)> must stay text. Tokens are never put in URLs.' },
  { id: 'cache', text: 'Revocation lists are cached for a minute at the gateway. A revoked token may work until the cache expires.' },
];

const why = {
  card: '.explain-card',
  chunkMarks: '.explain-card .heat-chunk mark.heat',
  chunk: '.explain-card .heat-chunk',
  queryMarks: '.explain-card .heat-query mark.heat',
  curve: '.explain-card svg.curve-chart',
  deletion: '.explain-card svg.curve-chart polyline.curve-deletion',
  random: '.explain-card svg.curve-chart polyline.curve-random',
  sentence: '.explain-card .curve-sentence',
  legend: '.explain-card .heat-legend',
  detail: '.explain-card .heat-detail',
  status: '.explain-status',
  topK: 'button.explain-topk',
};

describe('e2e: "Why did this chunk score that?" in VS Code (code-server + Chromium)', function () {
  const win = useWindow({
    tag: 'why',
    prepare: (ws) => {
      cpSync(FIXTURE, ws, { recursive: true });
      writeFileSync(join(ws, 'why.jsonl'), JSON.stringify({ query: QUERY, passages: PASSAGES }) + '\n');
    },
  });
  let page: Page;
  let workspace: string;
  const dialogs = win.dialogs;
  before(() => ({ page, workspace } = win));

  it('1. Rerank File, then "Why?" on a row shows the heat map and the deletion curve', async function () {
    await explorerContextCommand(page, 'why.jsonl', 'Rerank File');
    const f = await waitForPanelDone(page, { rows: PASSAGES.length });
    const row = f.locator(panel.rows).filter({ hasText: 'revokes the whole token family' });
    await row.locator('button.why').click();
    await f.locator(why.deletion).waitFor({ state: 'visible', timeout: 60_000 });
    // The chunk's exact text, one mark per sentence, each saying its effect in words.
    assert.equal(await f.locator(why.chunk).textContent(), FAMILY);
    const labels = await f.locator(why.chunkMarks).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.equal(labels.length, 4, labels.join(' | '));
    labels.forEach((l, i) => assert.match(l, new RegExp(`^(raises the score by \\d+\\.\\d\\d|lowers the score by \\d+\\.\\d\\d|no effect)\\. Sentence ${i + 1} of 4: `)));
    assert.equal(await f.locator(why.queryMarks).count(), QUERY.split(' ').length);
    assert.match((await f.locator(why.legend).getAttribute('aria-label')) ?? '', /^Colour scale: from lowers the score by/);
    // Both curves have N + 1 points, and the sentence explains the area difference.
    assert.equal(((await f.locator(why.deletion).getAttribute('points')) ?? '').split(' ').length, 5);
    assert.equal(((await f.locator(why.random).getAttribute('points')) ?? '').split(' ').length, 5);
    assert.match((await f.locator(why.sentence).innerText()).trim(), /random order/);
    assert.match(await f.locator(why.status).innerText(), /pairs scored by/);
    await f.locator(why.card).first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(RESULTS_DIR, 'explain-why-dark.png') });
  });

  it('2. the keyboard moves between sentences and the live line reads each effect', async function () {
    const f = panelFrame(page);
    const marks = f.locator(why.chunkMarks);
    await marks.first().focus();
    const focused = () => f.locator('body').evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    assert.equal(await focused(), await marks.nth(0).getAttribute('aria-label'));
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), await marks.nth(1).getAttribute('aria-label'));
    await page.keyboard.press('End');
    assert.equal(await focused(), await marks.nth(3).getAttribute('aria-label'));
    assert.equal((await f.locator(why.detail).first().innerText()).trim(), await marks.nth(3).getAttribute('aria-label'));
    // Tab leaves the map in one step (one tab stop per map).
    await page.keyboard.press('Tab');
    assert.doesNotMatch(await focused(), /Sentence \d of 4/);
  });

  it('3. "Why? Top k" explains the top three at once; markup stays text', async function () {
    const f = panelFrame(page);
    await f.locator(why.topK).click();
    await assertEventually(async () => (await f.locator(why.card).count()) === 3, 'three explanation cards', 30_000);
    await f.locator(why.deletion).first().waitFor({ state: 'visible' });
    assert.equal(await f.locator('.explain img, .grid-body img').count(), 0, 'an <img> element was created from chunk text');
    assert.deepEqual(dialogs, []);
  });

  it('4. readable in the high-contrast theme (screenshot)', async function () {
    const f0 = panelFrame(page);
    const row = f0.locator(panel.rows).filter({ hasText: 'revokes the whole token family' });
    await row.locator('button.why').click();
    await f0.locator(why.deletion).waitFor({ state: 'visible', timeout: 60_000 });
    await runCommand(page, 'Preferences: Color Theme');
    await pickQuickItem(page, 'Dark High Contrast');
    await assertEventually(async () => /hc-black/.test((await page.locator(workbench.root).getAttribute('class')) ?? ''), 'the workbench did not switch to high contrast', 30_000);
    const f: FrameLocator = panelFrame(page);
    await assertEventually(async () => /vscode-high-contrast/.test((await f.locator('body').getAttribute('class')) ?? ''), 'the panel did not switch to high contrast', 30_000);
    // High contrast: no fills, underlines carry the direction.
    const style = await f.locator(why.chunkMarks).first().evaluate((e) => {
      const cs = getComputedStyle(e);
      return { bg: cs.backgroundColor, border: cs.borderBottomStyle };
    });
    assert.ok(style.bg === 'rgba(0, 0, 0, 0)' || style.bg === 'transparent', `fill in high contrast: ${style.bg}`);
    await f.locator(why.card).first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS_DIR, 'explain-why-high-contrast.png') });
  });
});
