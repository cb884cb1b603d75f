// Opens the real webview bundle (media/main.ts, built here with esbuild) in headless Chromium, outside
// VS Code, for screenshots and for timing in a real browser. Usable by the e2e and bench helpers:
//   const h = await openHarness({ theme: 'dark' }); await h.post({ type: 'state', state }); ...; await h.close();
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../src/panel/protocol';
import { batches, sampleRows, sampleScores, sampleState } from './sampleState';

const REPO = join(__dirname, '../..');

export interface Harness {
  page: Page;
  /** Delivers a host message the way VS Code does (a window message event). */
  post(msg: HostMessage): Promise<void>;
  /** Messages the webview sent to the "host". */
  posted(): Promise<WebviewMessage[]>;
  close(): Promise<void>;
}

/** Builds the webview page into a fresh temp folder: webview.js, panel.css, codicons, harness.html. */
export async function buildHarnessPage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-webview-'));
  await build({ entryPoints: [join(REPO, 'media/main.ts')], bundle: true, platform: 'browser', target: 'es2022', format: 'iife', outfile: join(dir, 'webview.js'), logLevel: 'warning' });
  copyFileSync(join(REPO, 'media/panel.css'), join(dir, 'panel.css'));
  mkdirSync(join(dir, 'codicons'));
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(REPO, 'node_modules/@vscode/codicons/dist', f), join(dir, 'codicons', f));
  copyFileSync(join(__dirname, 'harness.html'), join(dir, 'harness.html'));
  return dir;
}

export async function openHarness(opts: { theme?: 'dark' | 'light' | 'hc'; width?: number; height?: number; reducedMotion?: boolean } = {}): Promise<Harness> {
  const dir = await buildHarnessPage();
  const profile = mkdtempSync(join(tmpdir(), 'rl-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: opts.width ?? 1100, height: opts.height ?? 900 },
    reducedMotion: opts.reducedMotion ? 'reduce' : 'no-preference',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${pathToFileURL(join(dir, 'harness.html')).href}?theme=${opts.theme ?? 'dark'}`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return {
    page,
    post: async (msg) => {
      await page.evaluate((m) => window.postMessage(m, '*'), msg);
      // Message events are async: wait a frame so the DOM reflects the message.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      if (errors.length) throw new Error(`webview error: ${errors.join('; ')}`);
    },
    posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted),
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface RefilterTiming {
  rows: number;
  moves: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
}

/**
 * Time of one threshold-slider move over `rows` scored rows in real Chromium: the input handler
 * re-filters synchronously, and a forced layout afterwards counts the cost of the class changes.
 */
export async function measureRefilter(opts: { rows?: number; moves?: number } = {}): Promise<RefilterTiming> {
  const n = opts.rows ?? 1000;
  const moves = opts.moves ?? 50;
  const h = await openHarness({ theme: 'dark' });
  try {
    const rows = sampleRows(n);
    await h.post({ type: 'state', state: sampleState({ rows, threshold: { space: 'logit', value: 0 } }) });
    for (const b of batches(sampleScores(rows), 64)) await h.post({ type: 'scores', scores: b, status: { phase: 'scoring', done: 0, total: n } });
    const times = await h.page.evaluate((count) => {
      const range = document.querySelector('.controls input[type=range]') as HTMLInputElement;
      const out: number[] = [];
      for (let i = 0; i < count; i++) {
        range.value = String(-8 + (i % 25) * 0.6);
        const t0 = performance.now();
        range.dispatchEvent(new Event('input', { bubbles: true }));
        void document.body.offsetHeight;
        out.push(performance.now() - t0);
      }
      return out;
    }, moves);
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { rows: n, moves, medianMs: at(0.5), p90Ms: at(0.9), maxMs: times[times.length - 1] };
  } finally {
    await h.close();
  }
}
