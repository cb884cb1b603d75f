#!/usr/bin/env node
// Runs the integration suite (out/test/integration/index.js, mocha inside the real extension host)
// with whichever real VS Code this machine can provide, and exits with the suite's code:
//   1. desktop VS Code through @vscode/test-electron, when a build can be had: VSCODE_EXECUTABLE,
//      a `code` on PATH, or a download (tried only if the update server answers quickly);
//   2. otherwise VS Code served by code-server (a test tool in .cache/code-server), the suite passed
//      as extensionTestsPath in the window's payload and the result read back through the browser
//      (window.codeAutomationLog / codeAutomationExit, exposed by Playwright before the page loads).
// It prints which launcher ran.
//
// Usage: node test/launch/runIntegration.mjs [--launcher auto|electron|code-server] [--no-build]
//          [--grep PATTERN] [--installed-extensions-dir DIR]
//   --installed-extensions-dir: run against an extension INSTALLED there (e.g. from the VSIX) instead
//   of the extension under development (code-server launcher only).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT, codeServerInstalled, devPayload, startCodeServer } from './codeServer.mjs';
import { testSettings } from './testSettings.mjs';

const SUITE = join(REPO_ROOT, 'out', 'test', 'integration', 'index.js');

function parseArgs(argv) {
  const o = { launcher: process.env.RERANK_LENS_LAUNCHER || 'auto', build: true, grep: undefined, installedExtensionsDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--launcher') o.launcher = argv[++i];
    else if (a === '--no-build') o.build = false;
    else if (a === '--grep') o.grep = argv[++i];
    else if (a === '--installed-extensions-dir') o.installedExtensionsDir = argv[++i];
    else throw new Error(`unknown argument ${a}`);
  }
  if (!['auto', 'electron', 'code-server'].includes(o.launcher)) throw new Error(`--launcher must be auto, electron or code-server, not ${o.launcher}`);
  return o;
}

function onPath(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** A throwaway copy of examples/ as the window's workspace, so tests may write files freely. */
function makeWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'rl-it-workspace-'));
  const examples = join(REPO_ROOT, 'examples');
  if (existsSync(examples)) cpSync(examples, dir, { recursive: true, filter: (src) => !src.includes(`${join('examples', '.vscode')}`) });
  return dir;
}

/**
 * `code` on the PATH is a launcher script; test-electron wants the Electron binary it starts:
 * linux  <install>/bin/code            -> <install>/code
 * macOS  <App>/Contents/Resources/app/bin/code -> <App>/Contents/MacOS/Electron (or Code)
 * win32  <install>\\bin\\code.cmd         -> <install>\\Code.exe
 */
function electronBesideCli(cli) {
  const real = realpathSync(cli);
  const bin = dirname(real);
  const candidates = process.platform === 'darwin'
    ? [join(bin, '..', '..', '..', 'MacOS', 'Electron'), join(bin, '..', '..', '..', 'MacOS', 'Code')]
    : process.platform === 'win32'
      ? [join(bin, '..', 'Code.exe')]
      : [join(bin, '..', 'code'), join(bin, '..', 'code-oss')];
  return candidates.find((c) => existsSync(c)) ?? real;
}

/** An empty extension (own id, no code) whose only job is to put the window in development mode. */
function placeholderExtension() {
  const dir = mkdtempSync(join(tmpdir(), 'rl-it-placeholder-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: 'rerank-lens-test-placeholder', publisher: 'rerank-lens-tests', version: '0.0.0',
    engines: { vscode: '^1.95.0' }, description: 'Lets the integration suite run against an installed Rerank Lens.',
  }));
  return dir;
}

/** Desktop VS Code executable, or null with the reason it could not be had. */
async function findDesktopVSCode() {
  if (process.env.VSCODE_EXECUTABLE) {
    return existsSync(process.env.VSCODE_EXECUTABLE)
      ? { path: process.env.VSCODE_EXECUTABLE, how: 'VSCODE_EXECUTABLE' }
      : { path: null, why: `VSCODE_EXECUTABLE=${process.env.VSCODE_EXECUTABLE} does not exist` };
  }
  // A `code` inside a code-server/remote terminal is only a remote CLI shim, not a runnable build.
  const code = !process.env.VSCODE_IPC_HOOK_CLI && onPath('code');
  if (code) {
    // `code` is a launcher script; test-electron wants the Electron binary beside it. Ask the CLI.
    return { path: code, how: '`code` on PATH', isCli: true };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !onPath('Xvfb')) {
    return { path: null, why: 'no DISPLAY and no Xvfb, so a desktop build could not show a window' };
  }
  try {
    const r = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(5000) });
    if (!r.ok) return { path: null, why: `update.code.visualstudio.com answered ${r.status}` };
  } catch (e) {
    return { path: null, why: `no VS Code download possible (${e.cause?.code ?? e.message})` };
  }
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  try {
    const path = await downloadAndUnzipVSCode({ version: '1.100.3', cachePath: join(REPO_ROOT, '.vscode-test'), timeout: 30_000 });
    return { path, how: 'downloaded VS Code 1.100.3' };
  } catch (e) {
    return { path: null, why: `VS Code download failed: ${e.message}` };
  }
}

async function runWithElectron(vscode, opts) {
  const { runTests } = await import('@vscode/test-electron');
  const workspace = makeWorkspace();
  const userDataDir = mkdtempSync(join(tmpdir(), 'rl-it-ud-'));
  const extensionsDir = mkdtempSync(join(tmpdir(), 'rl-it-exts-'));
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(testSettings(), null, 2));
  const executable = vscode.isCli ? electronBesideCli(vscode.path) : vscode.path;
  const args = [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`, '--skip-welcome', '--skip-release-notes'];
  // Electron needs a display; on a headless Linux box give it a virtual one.
  let xvfb = null;
  if (process.platform === 'linux' && !process.env.DISPLAY && onPath('Xvfb')) {
    const display = `:${90 + Math.floor(Math.random() * 9)}`;
    xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x1024x24'], { stdio: 'ignore' });
    process.env.DISPLAY = display;
    await new Promise((r) => setTimeout(r, 1000));
  }
  try {
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE,
      launchArgs: args,
      extensionTestsEnv: { RERANK_LENS_TEST_GREP: opts.grep ?? '', RERANK_LENS_REPO_ROOT: REPO_ROOT },
    });
    return code;
  } catch (e) {
    console.error(`integration (electron): ${e.message}`);
    return 1;
  } finally {
    if (xvfb) xvfb.kill('SIGTERM');
    for (const d of [workspace, userDataDir, extensionsDir]) rmSync(d, { recursive: true, force: true });
  }
}

async function runWithCodeServer(opts) {
  const { launchBrowser } = await import('./browser.mjs');
  const workspace = makeWorkspace();
  const reportFile = join(mkdtempSync(join(tmpdir(), 'rl-it-report-')), 'report.txt');
  writeFileSync(reportFile, '');
  const server = await startCodeServer({
    folder: workspace,
    settings: testSettings(),
    extensionsDir: opts.installedExtensionsDir,
    env: { RERANK_LENS_TEST_REPORT: reportFile, RERANK_LENS_TEST_GREP: opts.grep ?? '', RERANK_LENS_REPO_ROOT: REPO_ROOT },
  });
  const browser = await launchBrowser();
  let printedFromFile = 0;
  const flushReport = () => {
    const text = readFileSync(reportFile, 'utf8');
    if (text.length > printedFromFile) {
      process.stdout.write(text.slice(printedFromFile));
      printedFromFile = text.length;
    }
  };
  const timer = setInterval(flushReport, 500);
  let placeholder = null;
  try {
    const page = await browser.context.newPage();
    const exitCode = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      // The suite's own report arrives through the report file; keep only problems from the workbench.
      if (level === 'error' || level === 'warn') {
        const text = String(message);
        if (!/telemetry|update|marketplace|gallery|open-vsx|integration test\(s\) failed/i.test(text)) process.stderr.write(`[workbench ${level}] ${text.slice(0, 2000)}\n`);
      }
    });
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    // VS Code runs extensionTestsPath only in extension-development mode. To test an INSTALLED
    // extension, develop an empty placeholder extension instead: the installed one loads as usual.
    if (opts.installedExtensionsDir) placeholder = placeholderExtension();
    const payload = placeholder ? devPayload(placeholder, SUITE) : devPayload(REPO_ROOT, SUITE);
    await page.goto(server.workbenchUrl({ payload }));
    const timeoutMs = Number(process.env.RERANK_LENS_INTEGRATION_TIMEOUT_MS || 15 * 60_000);
    const code = await Promise.race([
      exitCode,
      new Promise((r) => setTimeout(() => r('timeout'), timeoutMs)),
    ]);
    flushReport();
    if (code === 'timeout') {
      console.error(`integration (code-server): no result after ${timeoutMs / 1000} s. code-server said:\n${server.output().slice(-3000)}`);
      return 1;
    }
    if (!/RERANK_LENS_INTEGRATION_RESULT/.test(readFileSync(reportFile, 'utf8'))) {
      console.error(`integration (code-server): the suite never reported (exit ${code}); did the extension host load ${SUITE}? code-server said:\n${server.output().slice(-3000)}`);
      return code === 0 ? 1 : code;
    }
    return code;
  } finally {
    clearInterval(timer);
    await browser.close();
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(join(reportFile, '..'), { recursive: true, force: true });
    if (placeholder) rmSync(placeholder, { recursive: true, force: true });
  }
}

export async function runIntegration(opts) {
  if (opts.build) {
    const b = spawnSync(process.execPath, [join(REPO_ROOT, 'esbuild.config.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (b.status !== 0) { console.error('integration: build failed'); return 1; }
  }
  if (!existsSync(SUITE)) { console.error(`integration: ${SUITE} was not built`); return 1; }

  let launcher = opts.launcher;
  let vscode = null;
  if (opts.installedExtensionsDir && launcher === 'auto') launcher = 'code-server';
  if (launcher !== 'code-server') {
    vscode = await findDesktopVSCode();
    if (vscode.path) launcher = 'electron';
    else if (launcher === 'electron') { console.error(`integration: --launcher electron, but ${vscode.why}`); return 1; }
    else { launcher = 'code-server'; console.log(`integration: desktop VS Code unavailable: ${vscode.why}`); }
  }
  if (launcher === 'electron') {
    console.log(`integration launcher: @vscode/test-electron with desktop VS Code (${vscode.how}: ${vscode.path})`);
    const code = await runWithElectron(vscode, opts);
    console.log(`integration launcher: @vscode/test-electron finished with exit code ${code}`);
    return code;
  }
  if (!codeServerInstalled()) {
    console.error('integration: code-server is not installed; run `node scripts/install-code-server.mjs`');
    return 1;
  }
  const version = JSON.parse(readFileSync(join(REPO_ROOT, '.cache/code-server/node_modules/code-server/package.json'), 'utf8')).version;
  console.log(`integration launcher: code-server ${version} (VS Code in headless Chromium)${opts.installedExtensionsDir ? ', installed extension' : ', extension under development'}`);
  const code = await runWithCodeServer(opts);
  console.log(`integration launcher: code-server finished with exit code ${code}`);
  return code;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let opts;
  try { opts = parseArgs(process.argv.slice(2)); } catch (e) { console.error(e.message); process.exit(2); }
  runIntegration(opts).then((code) => process.exit(code), (e) => { console.error(e.stack ?? e); process.exit(1); });
}
