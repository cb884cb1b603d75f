// Driving VS Code's workbench (served by code-server) from Playwright: the command palette, quick
// open, input boxes, the explorer's context menu, the status bar, and the Rerank Lens webview.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { panel, workbench } from './selectors';

export const LONG = 120_000;

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator(workbench.root).waitFor({ state: 'visible', timeout: LONG });
  // The explorer lists the workspace once the remote file system is connected.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: LONG });
}

async function quickInput(page: Page, timeout = 60_000): Promise<Locator> {
  const box = page.locator(workbench.quickInputBox);
  await box.waitFor({ state: 'visible', timeout });
  return box;
}

/** Runs a command by its palette title ("Rerank Lens: Rerank Selection"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('F1');
  const box = await quickInput(page);
  await box.fill(`>${title}`);
  // The entry whose label is exactly the title (others may contain it: "...Color Theme" vs
  // "...Browse Color Themes in Marketplace").
  const row = page.locator(workbench.quickInputExactRow(title)).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

/**
 * Takes keyboard focus out of a webview (its iframe would get our key presses) back to the
 * workbench's own document, where VS Code's keybindings listen.
 */
export async function focusWorkbench(page: Page): Promise<void> {
  await page.evaluate('document.activeElement && document.activeElement.tagName === "IFRAME" && document.activeElement.blur()');
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  const box = await quickInput(page);
  await box.fill(name);
  await page.locator(workbench.quickInputRow(name)).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator(workbench.activeEditorTab(name)).waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Answers an extension's input box / quick pick. VS Code reuses one quick-input widget for the
 * palette and for prompts, so wait until the prompt (not the closing palette) owns it.
 */
export async function answerInput(page: Page, text: string): Promise<void> {
  const box = await quickInput(page);
  const deadline = Date.now() + 60_000;
  while (/name of a command|Search files by name/i.test((await box.getAttribute('aria-label')) ?? '') || !(await box.isVisible())) {
    if (Date.now() > deadline) throw new Error(`no prompt replaced the palette (input: ${await box.getAttribute('aria-label')})`);
    await page.waitForTimeout(100);
  }
  await box.fill(text);
  await page.keyboard.press('Enter');
  await page.locator(workbench.quickInput).waitFor({ state: 'hidden', timeout: 30_000 });
}

/** Picks an entry of an open quick pick (e.g. a color theme) by typing and clicking it. */
export async function pickQuickItem(page: Page, label: string): Promise<void> {
  const box = await quickInput(page);
  await box.fill(label);
  const row = page.locator(workbench.quickInputExactRow(label)).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
  await page.locator(workbench.quickInput).waitFor({ state: 'hidden', timeout: 30_000 });
}

/** Right-clicks a file in the explorer and picks a context-menu entry. Right after the window opens the
 *  extension's menu entries may not be registered yet: tries again (whileStarting). */
export async function explorerContextCommand(page: Page, fileName: string, menuItem: string): Promise<void> {
  await whileStarting(page, () => contextCommandOnce(page, fileName, menuItem));
}

/** Runs `step` again (after Escape and 3 s) while the extension may still be registering its commands
 *  and menus in a window that just opened; the last failure is thrown. */
export async function whileStarting<T>(page: Page, step: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (e) {
      if (attempt >= attempts) throw e;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(3000);
    }
  }
}

async function contextCommandOnce(page: Page, fileName: string, menuItem: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('Control+Shift+E');
  const row = page.locator(workbench.explorerRow(fileName)).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click({ button: 'right' });
  const item = page.locator(workbench.contextMenuItem(menuItem)).first();
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  // VS Code's menu ignores a click that lands right after it opened; hover (which focuses the
  // entry) and press Enter, as a keyboard user would.
  await item.hover();
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The status bar's "Ln L, Col C (N selected)" for the active editor. */
export async function editorSelection(page: Page): Promise<{ line: number; column: number; selected: number }> {
  const text = (await page.locator(workbench.selectionStatus).innerText()).trim();
  const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
  if (!m) throw new Error(`unexpected selection status "${text}"`);
  return { line: Number(m[1]), column: Number(m[2]), selected: m[3] ? Number(m[3]) : 0 };
}

/** The Rerank Lens panel's content frame (VS Code nests webview content two iframes deep). */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator(`${workbench.webviewOuter}:visible`).first().frameLocator(workbench.webviewInner);
}

/**
 * Waits until the text of `selector` in the panel matches `done`; throws at once when it matches
 * `failed` (the view's error or failure line), else after `timeout` with the last text seen.
 */
export async function waitForPanelText(page: Page, selector: string, done: RegExp, opts: { failed: RegExp; timeout?: number }): Promise<FrameLocator> {
  const deadline = Date.now() + (opts.timeout ?? LONG);
  let last = '';
  while (Date.now() < deadline) {
    const f = panelFrame(page);
    try {
      last = (await f.locator(selector).innerText({ timeout: 2000 })).trim();
      if (done.test(last)) return f;
    } catch {
      // The frame or the view is not there yet.
    }
    if (opts.failed.test(last)) throw new Error(`${selector} shows a failure: ${last}`);
    await page.waitForTimeout(300);
  }
  throw new Error(`${selector} never matched ${done} (last "${last}")`);
}

/** The labelled-set view once every query is scored. */
export function waitForLab(page: Page): Promise<FrameLocator> {
  return waitForPanelText(page, '#lab-view .lab-status', /^Scored (\d+) \/ \1 queries/, { failed: /^Error/ });
}

/** Waits until the panel shows `rows` rows and the run is done (or fails with its error text). */
export async function waitForPanelDone(page: Page, opts: { rows?: number; timeout?: number } = {}): Promise<FrameLocator> {
  const deadline = Date.now() + (opts.timeout ?? LONG);
  let lastNote = '';
  while (Date.now() < deadline) {
    try {
      const f = panelFrame(page);
      if (await f.locator(panel.statusError).count()) {
        throw new Error(`panel shows an error: ${await f.locator(panel.errorMessage).innerText().catch(() => '?')}`);
      }
      const done = await f.locator(panel.statusDone).count();
      const rows = await f.locator(panel.rows).count();
      lastNote = `done=${done} rows=${rows}`;
      if (done && (opts.rows === undefined || rows === opts.rows)) return f;
    } catch (e) {
      if (String(e).includes('panel shows an error')) throw e;
      lastNote = String(e).slice(0, 300);
    }
    await page.waitForTimeout(300);
  }
  throw new Error(`the panel did not finish in time (${lastNote})`);
}

export interface PanelRowView {
  text: string;
  id: string;
  rankText: string;
  originalText: string;
  scorePrimary: string;
  scoreSecondary: string;
  classes: string;
}

/**
 * Reads every row of the ranked table, top to bottom. No named helpers inside the page function:
 * tsx (esbuild keepNames) would wrap them in `__name`, which the page does not define.
 */
export async function readRows(f: FrameLocator): Promise<PanelRowView[]> {
  return f.locator(panel.rows).evaluateAll((els, sel) => els.map((el) => ({
    text: el.querySelector(sel.rowText)?.textContent ?? '',
    id: (el.querySelector(sel.rowId)?.textContent ?? '').trim(),
    rankText: (el.querySelector(sel.rowRank)?.textContent ?? '').trim(),
    originalText: (el.querySelector(sel.rowOriginal)?.textContent ?? '').trim(),
    scorePrimary: (el.querySelector(sel.rowScorePrimary)?.textContent ?? '').trim(),
    scoreSecondary: (el.querySelector(sel.rowScoreSecondary)?.textContent ?? '').trim(),
    classes: el.className,
  })), panel);
}

/** "5 kept · 3 dropped" -> { kept: 5, dropped: 3 }; "Nothing filtered · 12 chunks" -> { kept: 12, dropped: 0 }. */
export async function readCounts(f: FrameLocator): Promise<{ kept: number; dropped: number; text: string }> {
  const text = (await f.locator(panel.counts).innerText()).trim();
  const all = /Nothing filtered · (\d+) chunks?/.exec(text);
  if (all) return { kept: Number(all[1]), dropped: 0, text };
  const kept = /(\d+) kept/.exec(text);
  const dropped = /(\d+) dropped/.exec(text);
  if (!kept || !dropped) throw new Error(`unexpected counts text "${text}"`);
  return { kept: Number(kept[1]), dropped: Number(dropped[1]), text };
}

/** Polls `check` every 200 ms until it is true; fails with `message` (and the last error) after the timeout. */
export async function assertEventually(check: () => Promise<boolean>, message: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${message}${last ? ` (${String(last)})` : ''}`);
}
