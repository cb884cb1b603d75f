#!/usr/bin/env node
// `npm run package`: one VSIX per platform, each carrying only its own onnxruntime binaries.
//
// The extension bundles everything with esbuild except onnxruntime-node (a native addon plus
// libonnxruntime, loaded at run time), which ships all platforms in one npm package: 45 MB for
// linux-x64, 64 MB win32-x64, 86 MB darwin-arm64, 25 MB linux-arm64. A VSIX for one target gets the
// repo's .vscodeignore plus lines that drop every other platform's bin folder (vsce --ignoreFile), so
// nothing is copied or staged. (onnxruntime-node 1.30 has no darwin-x64 build, so no such VSIX.)
//
// Usage: node scripts/package.mjs [--targets linux-x64,win32-x64] [--no-build] [--test]
//   --test: after packaging, check each VSIX's file list, install the linux-x64 one into code-server
//   (--install-extension), rerank with the CLI from the INSTALLED copy, and run the integration smoke
//   suite against the installed extension. Prints mocha-style results ("N passing") for npm test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listZipEntries } from './zipList.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
export const OUT_DIR = join(root, 'out', 'vsix');

/** vsce target -> onnxruntime-node's bin/napi-v6/<platform>/<arch> folder. */
export const TARGETS = {
  'linux-x64': 'linux/x64',
  'win32-x64': 'win32/x64',
  'darwin-arm64': 'darwin/arm64',
  'linux-arm64': 'linux/arm64',
};
const ALL_ORT_BINS = ['linux/x64', 'linux/arm64', 'win32/x64', 'win32/arm64', 'darwin/arm64', 'darwin/x64'];

export const vsixPath = (target) => join(OUT_DIR, `${pkg.name}-${target}-${pkg.version}.vsix`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function ignoreFileFor(target) {
  // vsce lets any `!` pattern win, so the all-platforms negation is replaced, not overridden.
  const base = readFileSync(join(root, '.vscodeignore'), 'utf8');
  const all = '!node_modules/onnxruntime-node/bin/**';
  if (!base.split('\n').some((l) => l.trim() === all)) throw new Error(`.vscodeignore has no "${all}" line to narrow per platform`);
  const text = base.split('\n').map((l) => (l.trim() === all ? `!node_modules/onnxruntime-node/bin/napi-v6/${TARGETS[target]}/**` : l)).join('\n');
  const file = join(mkdtempSync(join(tmpdir(), 'rl-vscodeignore-')), '.vscodeignore');
  writeFileSync(file, text);
  return file;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function packageTargets(targets, { build = true } = {}) {
  if (build) {
    // Minified, no source maps: what users get.
    const b = run(process.execPath, ['esbuild.config.mjs', '--production'], { stdio: 'inherit' });
    if (b.code !== 0) throw new Error('esbuild --production failed');
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const vsce = join(root, 'node_modules', '.bin', 'vsce');
  const made = [];
  for (const target of targets) {
    if (!TARGETS[target]) throw new Error(`unknown target ${target}; known: ${Object.keys(TARGETS).join(', ')}`);
    const out = vsixPath(target);
    rmSync(out, { force: true });
    const ignore = ignoreFileFor(target);
    const started = Date.now();
    const r = run(vsce, ['package', '--target', target, '--out', out, '--ignoreFile', ignore,
      '--allow-missing-repository', '--no-rewrite-relative-links',
      '--no-gitHubIssueLinking', '--no-gitLabIssueLinking'], { env: { ...process.env, CI: 'true' }, input: 'n\n' });
    rmSync(dirname(ignore), { recursive: true, force: true });
    if (r.code !== 0 || !existsSync(out)) throw new Error(`vsce package --target ${target} failed:\n${r.out}`);
    const size = statSync(out).size;
    console.log(`packaged ${target.padEnd(13)} ${mb(size).padStart(9)}  ${out.replace(root + '/', '')}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    made.push({ target, path: out, size });
  }
  return made;
}

// ---------------------------------------------------------------- checks (--test)

/** What every VSIX must hold (paths inside the zip). A missing one = a packaging mistake. */
const REQUIRED = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/engine.js', 'extension/dist/readWorker.js', 'extension/dist/cli.js',
  'extension/dist/webview.js', 'extension/node_modules/onnxruntime-node/dist/index.js',
  'extension/node_modules/onnxruntime-common/package.json'];

export function checkVsixContents({ target, path }) {
  const names = listZipEntries(readFileSync(path));
  const problems = [];
  for (const r of REQUIRED) if (!names.includes(r)) problems.push(`missing ${r}`);
  const ortBin = `extension/node_modules/onnxruntime-node/bin/napi-v6/${TARGETS[target]}/onnxruntime_binding.node`;
  if (!names.includes(ortBin)) problems.push(`missing ${ortBin}`);
  for (const other of ALL_ORT_BINS.filter((b) => b !== TARGETS[target])) {
    if (names.some((n) => n.startsWith(`extension/node_modules/onnxruntime-node/bin/napi-v6/${other}/`))) problems.push(`carries ${other} onnxruntime binaries`);
  }
  for (const n of names) {
    if (/^extension\/(src|test|bench|scripts|examples|media|\.cache|out)\//.test(n)) { problems.push(`carries source/test file ${n}`); break; }
    if (/^extension\/node_modules\/(@huggingface|code-server|playwright-core|mocha|typescript|esbuild)\//.test(n)) { problems.push(`carries a bundled or dev dependency: ${n}`); break; }
  }
  return { entries: names.length, problems };
}

async function installedRerankCheck(linuxVsix) {
  const { codeServerCli, codeServerInstalled } = await import('../test/launch/codeServer.mjs');
  const { TINY_MODEL_DIR } = await import('../test/launch/testSettings.mjs');
  if (!codeServerInstalled()) throw new Error('code-server is not installed: run `node scripts/install-code-server.mjs`');
  const base = mkdtempSync(join(tmpdir(), 'rl-vsix-install-'));
  const extensionsDir = join(base, 'exts');
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(base, 'cfg'), XDG_DATA_HOME: join(base, 'data') };
  const inst = await codeServerCli(['--install-extension', linuxVsix, '--force'], { env, extensionsDir, userDataDir: join(base, 'ud') });
  if (inst.code !== 0) throw new Error(`code-server --install-extension failed:\n${inst.output}`);
  const folder = readdirSync(extensionsDir).find((d) => d.startsWith(`${pkg.publisher}.${pkg.name}-`));
  if (!folder) throw new Error(`no ${pkg.publisher}.${pkg.name}-* folder in ${extensionsDir} after install:\n${inst.output}`);
  const installed = join(extensionsDir, folder);
  return { base, extensionsDir, installed, env, tiny: TINY_MODEL_DIR };
}

function cliRerankFromInstalled({ installed, tiny, base }) {
  const input = join(base, 'pairs.json');
  const docs = [
    'Retries with exponential backoff spread load after an outage.',
    'The office closes early on public holidays.',
    'A circuit breaker stops calls to a failing dependency until it recovers.',
  ];
  writeFileSync(input, JSON.stringify({ query: 'how to stop cascading failures between services', documents: docs }));
  // A clean cwd and NODE_PATH so nothing can resolve from the repo's node_modules: only the VSIX's files.
  const r = spawnSync(process.execPath, [join(installed, 'dist', 'cli.js'), 'rerank', input, '--model', tiny, '--offline', '--cache-dir', join(base, 'model-cache'), '--format', 'json'],
    { cwd: base, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' }, timeout: 180_000 });
  if (r.status !== 0) throw new Error(`installed CLI exited ${r.status}:\n${r.stderr}${r.stdout}`);
  const json = JSON.parse(r.stdout);
  const results = json.queries?.[0]?.results;
  if (!Array.isArray(results) || results.length !== docs.length) throw new Error(`expected ${docs.length} results, got ${r.stdout.slice(0, 500)}`);
  for (let i = 1; i < results.length; i++) if (!(results[i - 1].score >= results[i].score)) throw new Error('results not sorted by score');
  if (!results.every((x) => Number.isFinite(x.score) && docs[x.index] === x.text)) throw new Error(`bad result rows: ${JSON.stringify(results)}`);
  return `${results.length} chunks reranked, top score ${results[0].score.toFixed(4)}`;
}

async function runTests(made) {
  const checks = [];
  const test = async (title, fn) => {
    const t = Date.now();
    try {
      const note = await fn();
      checks.push({ title, ok: true });
      console.log(`    ✔ ${title}${note ? ` (${note})` : ''} (${Date.now() - t}ms)`);
    } catch (e) {
      checks.push({ title, ok: false, error: e });
      console.log(`    ${checks.filter((c) => !c.ok).length}) ${title}\n       ${String(e.message ?? e).split('\n').join('\n       ')}`);
    }
  };
  console.log('\n  package: platform VSIXs');
  for (const m of made) {
    await test(`${m.target} VSIX holds the bundle and only its own onnxruntime binaries`, () => {
      const { entries, problems } = checkVsixContents(m);
      if (problems.length) throw new Error(problems.join('; '));
      return `${entries} files, ${mb(m.size)}`;
    });
  }
  const linux = made.find((m) => m.target === 'linux-x64');
  if (linux && process.platform === 'linux' && process.arch === 'x64') {
    let ctx;
    await test('linux-x64 VSIX installs into code-server (--install-extension)', async () => {
      ctx = await installedRerankCheck(linux.path);
      return ctx.installed.replace(ctx.base, '…');
    });
    if (ctx) {
      await test('the installed extension\'s CLI reranks with the tiny model using only the VSIX\'s files', () => cliRerankFromInstalled(ctx));
      await test('the installed extension activates, registers its commands and reranks a file in code-server (smoke suite)', async () => {
        const { runIntegration } = await import('../test/launch/runIntegration.mjs');
        const code = await runIntegration({ launcher: 'code-server', build: false, grep: 'smoke', installedExtensionsDir: ctx.extensionsDir });
        if (code !== 0) throw new Error(`smoke suite against the installed VSIX exited ${code}`);
      });
      rmSync(ctx.base, { recursive: true, force: true });
    }
  }
  const passed = checks.filter((c) => c.ok).length;
  const failed = checks.length - passed;
  console.log(`\n  ${passed} passing`);
  if (failed) console.log(`  ${failed} failing`);
  return failed === 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const ti = argv.indexOf('--targets');
  const targets = ti >= 0 ? argv[ti + 1].split(',') : Object.keys(TARGETS);
  try {
    const made = packageTargets(targets, { build: !argv.includes('--no-build') });
    if (argv.includes('--test')) {
      const ok = await runTests(made);
      // The test run rebuilt dist/ minified; put the development build back for later dev use.
      if (!argv.includes('--no-build')) run(process.execPath, ['esbuild.config.mjs']);
      process.exit(ok ? 0 : 1);
    }
  } catch (e) {
    console.error(`package: ${e.message}`);
    process.exit(1);
  }
}
