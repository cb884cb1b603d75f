// The integration suite's entry: VS Code calls `run()` inside a real extension host, the same way
// under both launchers (test/launch/runIntegration.mjs): @vscode/test-electron (desktop VS Code)
// and code-server (VS Code in a browser, result read back by Playwright).
//
// This file is bundled by esbuild into out/test/integration/index.js with `mocha` left external:
// it resolves from the repo's node_modules at run time. The suites are bundled in, and required
// lazily inside run() so that mocha's globals (describe/it) exist when their bodies are evaluated.
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Add one require line per suite file (test/integration/*.test.ts). */
function loadSuites(): void {
  require('./smoke.test');
  require('./extension.test');
  require('./panel.test');
  require('./download.test');
  require('./lab.test');
  require('./explain.test');
  require('./issue13.test');
  require('./labels.test');
  require('./compare.test');
  require('./exportSafety.test');
  require('./tokens.test');
}

/**
 * Writes every line of the report to the extension host's console (forwarded to the launcher by
 * test-electron, and to the browser's codeAutomationLog by code-server) and, when the launcher
 * set RERANK_LENS_TEST_REPORT, appends it to that file too: a side channel that does not depend
 * on how a given VS Code build forwards extension-host output.
 */
function reportLine(line: string): void {
  console.log(line);
  const file = process.env.RERANK_LENS_TEST_REPORT;
  if (file) {
    try { fs.appendFileSync(file, line + '\n'); } catch { /* the console copy still exists */ }
  }
}

/** The suites' temporary folders (`rl-it-*`) made since `since`: removed after the run, failed or not,
 *  so repeated runs do not fill the temp directory. Older ones (another run's) are left alone. */
function removeTempFolders(since: number): void {
  for (const name of fs.readdirSync(tmpdir())) {
    if (!name.startsWith('rl-it-')) continue;
    const p = join(tmpdir(), name);
    try {
      if (fs.statSync(p).birthtimeMs >= since - 1000) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      /* gone already, or not ours to remove */
    }
  }
}

export function run(): Promise<void> {
  const started = Date.now();
  const grep = process.env.RERANK_LENS_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, ...(grep ? { grep } : {}) });
  // Mocha's reporters print through Base.consoleLog; route it through reportLine.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = (...args: unknown[]) => reportLine(format(...args));
  // Give the bundled suites mocha's globals before they are evaluated.
  mocha.suite.emit('pre-require', globalThis, 'bundled-integration-suite', mocha);
  loadSuites();
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        removeTempFolders(started);
        reportLine(`RERANK_LENS_INTEGRATION_RESULT ${JSON.stringify({ failures })}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reportLine(`RERANK_LENS_INTEGRATION_RESULT ${JSON.stringify({ failures: -1, error: String(e) })}`);
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
