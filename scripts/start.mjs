#!/usr/bin/env node
// `npm start`: build the extension and open the example workspace (examples/) with it loaded.
//   - desktop VS Code when `code` is on the PATH: `code --extensionDevelopmentPath=<repo> examples/`;
//   - otherwise VS Code in the browser via code-server on 127.0.0.1 (installed into .cache/ on first
//     use), printing the URL to open. It runs until Ctrl+C.
// Before opening, it says which model the examples will use: the folder set in
// examples/.vscode/settings.json (the repo's tiny random-weight test model, offline), or the default
// hub model, which needs one download from the Hugging Face hub.
//
// Usage: npm start [-- --port N] [-- --code-server] [-- --smoke]
//   --code-server  use code-server even when `code` is on the PATH
//   --smoke        (code-server) load the workbench in headless Chromium, rerank one example file, save
//                  test-results/start-smoke.png, and exit: proves `npm start` works on this machine
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseJsonc } from 'jsonc-parser';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const DEFAULT_MODEL = 'cross-encoder/ms-marco-MiniLM-L-6-v2';
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const portArg = argv.includes('--port') ? Number(argv[argv.indexOf('--port') + 1]) : undefined;

function onPath(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function build() {
  console.log('building the extension (esbuild)…');
  const r = spawnSync(process.execPath, [join(root, 'esbuild.config.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm start: the build failed (see above). Did `bash scripts/setup.sh` run?');
    process.exit(1);
  }
}

/** Says which model the example workspace will use and what that needs. */
function describeModel() {
  const file = join(examples, '.vscode', 'settings.json');
  let settings = {};
  if (existsSync(file)) settings = parseJsonc(readFileSync(file, 'utf8')) ?? {};
  const local = settings['rerankLens.localModelPath'];
  if (typeof local === 'string' && local.trim()) {
    const dir = isAbsolute(local) ? local : resolve(examples, local);
    if (existsSync(join(dir, 'config.json')) && existsSync(join(dir, 'onnx', 'model.onnx'))) {
      const tiny = dir.endsWith(join('fixtures', 'models', 'tiny-bert'));
      console.log(`model: local folder ${dir}${tiny ? '\n       (the repo\'s TINY TEST MODEL: random weights, real tokenizer; it runs offline but its scores mean nothing)' : ''}`);
      console.log('       To use the real default model, remove rerankLens.localModelPath from examples/.vscode/settings.json');
      console.log(`       (${DEFAULT_MODEL} then downloads once from the Hugging Face hub), or point it at a local copy of it.`);
      return;
    }
    console.log(`model: examples/.vscode/settings.json points at ${dir}, which is not a model folder (config.json + onnx/model.onnx).`);
  }
  const model = typeof settings['rerankLens.model'] === 'string' ? settings['rerankLens.model'] : DEFAULT_MODEL;
  console.log(`model: ${model} from the Hugging Face hub. The first rerank downloads it once (MiniLM-L6: about 90 MB)`);
  console.log('       into the extension\'s storage; later runs work offline. Without network access, download the model');
  console.log('       folder elsewhere (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) and set');
  console.log('       "rerankLens.localModelPath" to it in examples/.vscode/settings.json or your user settings.');
}

async function startDesktop(code) {
  console.log(`opening desktop VS Code (${code}) on examples/ with the extension under development…`);
  const child = spawn(code, [`--extensionDevelopmentPath=${root}`, '--new-window', examples], { stdio: 'inherit', detached: true });
  child.unref();
}

async function startCodeServerUi() {
  const { installCodeServer } = await import('./install-code-server.mjs');
  const { startCodeServer, devPayload } = await import('../test/launch/codeServer.mjs');
  installCodeServer();
  // A persistent profile under .cache/, so settings and state survive restarts (not the tests' throwaway one).
  const baseDir = join(root, '.cache', 'start-profile');
  mkdirSync(baseDir, { recursive: true });
  const server = await startCodeServer({ folder: examples, baseDir, port: portArg ?? (flag('--smoke') ? undefined : 8080) });
  const url = server.workbenchUrl({ payload: devPayload(root) });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (flag('--smoke')) {
    const code = await smoke(url);
    await server.stop();
    process.exit(code);
  }
  console.log('\nRerank Lens is running in VS Code (code-server) with the example workspace. Open:\n');
  console.log(`  ${url}\n`);
  console.log('(bound to 127.0.0.1 only; Ctrl+C stops it)');
}

/** Loads the printed URL in headless Chromium and reranks examples/multi-query.jsonl through the palette. */
async function smoke(url) {
  const { launchBrowser } = await import('../test/launch/browser.mjs');
  const b = await launchBrowser();
  try {
    const page = await b.context.newPage();
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 120_000 });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input.input').fill('multi-query.jsonl');
    await page.locator('.quick-input-list .monaco-list-row[aria-label*="multi-query.jsonl"]').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active:has-text("multi-query.jsonl")').waitFor({ timeout: 30_000 });
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input').fill('>Rerank Lens: Rerank File');
    const row = page.locator('.quick-input-list .monaco-list-row[aria-label^="Rerank Lens: Rerank File"]').first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    // With no file argument from the palette, Rerank File may ask which file: answer with the same one.
    await page.waitForTimeout(1000);
    const picker = page.locator('.quick-input-widget input.input');
    if (await picker.isVisible()) {
      await picker.fill('multi-query.jsonl');
      await page.waitForTimeout(500);
      await page.keyboard.press('Enter');
    }
    const frame = page.frameLocator('iframe.webview.ready:visible').first().frameLocator('iframe#active-frame');
    await frame.locator('.header .status.phase-done').waitFor({ timeout: 120_000 });
    const rows = await frame.locator('.grid-body .grid-row').count();
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-results', 'start-smoke.png') });
    console.log(`npm start smoke: the example workspace opened, Rerank File ranked ${rows} chunks (test-results/start-smoke.png)`);
    return rows > 0 ? 0 : 1;
  } catch (e) {
    console.error(`npm start smoke failed: ${e.message}`);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await b.context.pages()[0]?.screenshot({ path: join(root, 'test-results', 'start-smoke-failed.png') }).catch(() => {});
    return 1;
  } finally {
    await b.close();
  }
}

build();
describeModel();
const code = !flag('--code-server') && !flag('--smoke') && !process.env.VSCODE_IPC_HOOK_CLI ? onPath('code') : null;
if (code) await startDesktop(code);
else {
  if (!flag('--smoke')) console.log('no `code` on the PATH: serving VS Code with code-server instead');
  await startCodeServerUi();
}
