// One VS Code window per e2e suite: a temporary workspace, code-server serving it, Chromium showing it,
// and the hooks every suite needs (a screenshot of each failed test in test-results/, everything
// stopped and removed afterwards). Call useWindow() inside a describe(); its fields are set once the
// suite's first `before` hook ran.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../launch/browser.mjs';
import { REPO_ROOT, devPayload, startCodeServer, type CodeServer } from '../launch/codeServer.mjs';
import { testSettings } from '../launch/testSettings.mjs';
import { waitForWorkbench } from './workbench';

export const RESULTS_DIR = join(REPO_ROOT, 'test-results');

export interface E2eWindow {
  page: Page;
  server: CodeServer;
  workspace: string;
  /** Messages of alert()/confirm() dialogs from any frame (dismissed): an <img onerror> that ran shows up here. */
  dialogs: string[];
}

export function useWindow(opts: {
  /** Names the temp folder and the failure screenshots (`e2e-<tag>-failed-<test>.png`). */
  tag: string;
  /** Fills the workspace folder before the window opens. */
  prepare?: (workspace: string) => void;
  viewport?: { width: number; height: number };
}): E2eWindow {
  const win = { dialogs: [] as string[] } as E2eWindow;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  before(async function () {
    mkdirSync(RESULTS_DIR, { recursive: true });
    win.workspace = mkdtempSync(join(tmpdir(), `rl-e2e-${opts.tag}-`));
    opts.prepare?.(win.workspace);
    win.server = await startCodeServer({ folder: win.workspace, settings: testSettings({ 'workbench.colorTheme': 'Default Dark Modern' }) });
    browser = await launchBrowser({ colorScheme: 'dark', ...(opts.viewport ? { viewport: opts.viewport } : {}) });
    win.page = await browser.context.newPage();
    win.page.on('dialog', (d) => {
      win.dialogs.push(d.message());
      void d.dismiss();
    });
    await win.page.goto(win.server.workbenchUrl({ payload: devPayload(REPO_ROOT) }));
    await waitForWorkbench(win.page);
  });

  after(async function () {
    await browser?.close();
    await win.server?.stop();
    if (win.workspace) rmSync(win.workspace, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && win.page) {
      const name = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await win.page.screenshot({ path: join(RESULTS_DIR, `e2e-${opts.tag}-failed-${name}.png`) }).catch(() => {});
    }
  });

  return win;
}
