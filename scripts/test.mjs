#!/usr/bin/env node
// The whole test command (`npm test`, which `.ci/run` runs):
//   build -> typecheck -> unit (mocha) -> integration (real extension host; the launcher picks
//   desktop VS Code or code-server itself) -> e2e (Playwright + Chromium on code-server) ->
//   package (platform VSIXs; the linux-x64 one installed into code-server and used for a rerank).
// Prints each stage's time and, at the end, `N passed, N failed` over all tests of all stages
// (a stage without mocha tests, like build or typecheck, counts as one).
//
// Usage: node scripts/test.mjs [--only stage,stage] [--skip stage,stage]
//   stages: build typecheck unit integration e2e package
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Each stage: the command, whether it reports mocha counts, and whether a failure stops the run. */
const STAGES = [
  { name: 'build', cmd: [node, join(root, 'esbuild.config.mjs')], fatal: true },
  { name: 'typecheck', cmd: [bin('tsc'), '-p', '.', '--noEmit'] },
  { name: 'unit', cmd: [bin('mocha'), 'test/unit/**/*.test.ts'], mocha: true },
  { name: 'integration', cmd: [node, join(root, 'test/launch/runIntegration.mjs'), '--no-build'], mocha: true },
  { name: 'e2e', cmd: [bin('mocha'), '--config', join(root, 'test/e2e/.mocharc.json')], mocha: true },
  { name: 'package', cmd: [node, join(root, 'scripts/package.mjs'), '--test'], mocha: true },
];

function parseList(flag) {
  const i = process.argv.indexOf(flag);
  return i >= 0 && process.argv[i + 1] ? new Set(process.argv[i + 1].split(',')) : null;
}

/** Runs a command with its output shown live, collecting it to read mocha's summary lines. */
function runStage(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    const pass = (stream) => (buf) => { out += buf; stream.write(buf); };
    child.stdout.on('data', pass(process.stdout));
    child.stderr.on('data', pass(process.stderr));
    child.on('error', (e) => { out += String(e); resolve({ code: 1, out }); });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

/** Sums every "N passing" / "N failing" line mocha printed (a stage may run several mocha runs). */
function mochaCounts(out) {
  let passed = 0, failed = 0, seen = false;
  for (const m of out.matchAll(/^\s*(\d+) passing\b/gm)) { passed += Number(m[1]); seen = true; }
  for (const m of out.matchAll(/^\s*(\d+) failing\b/gm)) { failed += Number(m[1]); seen = true; }
  return { passed, failed, seen };
}

const fmt = (ms) => (ms >= 60_000 ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)}s`);

const only = parseList('--only');
const skip = parseList('--skip');
const results = [];
const t0 = Date.now();
for (const stage of STAGES) {
  if ((only && !only.has(stage.name)) || (skip && skip.has(stage.name))) continue;
  console.log(`\n=== stage ${stage.name}: ${stage.cmd.map((c) => c.replace(root + '/', '')).join(' ')}`);
  const started = Date.now();
  const { code, out } = await runStage(stage.cmd);
  const ms = Date.now() - started;
  let passed, failed;
  const counts = stage.mocha ? mochaCounts(out) : { seen: false };
  if (counts.seen) {
    ({ passed, failed } = counts);
    // A non-zero exit with no failing test counted (a crash, a launcher error) is still a failure.
    if (code !== 0 && failed === 0) failed = 1;
  } else {
    passed = code === 0 ? 1 : 0;
    failed = code === 0 ? 0 : 1;
  }
  results.push({ name: stage.name, code, ms, passed, failed });
  console.log(`=== stage ${stage.name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${fmt(ms)} (${passed} passed, ${failed} failed)`);
  if (code !== 0 && stage.fatal) {
    console.log(`=== stopping: the ${stage.name} stage failed and every later stage depends on it`);
    break;
  }
}

console.log('\n=== summary');
for (const r of results) {
  console.log(`  ${r.name.padEnd(12)} ${(r.code === 0 ? 'ok' : 'FAILED').padEnd(7)} ${fmt(r.ms).padStart(7)}  ${r.passed} passed, ${r.failed} failed`);
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`  total time ${fmt(Date.now() - t0)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
