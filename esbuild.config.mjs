// Builds every runnable piece of Rerank Lens from TypeScript:
//   dist/extension.js  the VS Code extension (CJS, node20; `vscode` is provided by the host)
//   dist/engine.js     the model engine, run as a separate child process by the extension and the CLI
//   dist/readWorker.js the input reader in a worker thread, so big files never block the extension host
//   dist/cli.js        the `rerank-lens` command-line tool
//   dist/webview.js    the panel front end, for the browser
//   out/test/...       the integration suite that runs inside a real extension host
// onnxruntime-node stays external: it loads a native `.node` addon plus libonnxruntime at run time.
// sharp is aliased to a stub: transformers.js imports it for images, which we never use.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode', 'onnxruntime-node'],
  // jsonc-parser's `main` is a UMD build whose require('./impl/format') esbuild cannot follow (the
  // bundle then fails at load with "Cannot find module './impl/format'"); its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  alias: { sharp: join(root, 'src/engine/sharpStub.js') },
  logLevel: 'warning',
  // Prefer ESM entries: jsonc-parser's UMD `main` hides its requires from the bundler.
  mainFields: ['module', 'main'],
  // transformers.js reads import.meta.url in its ESM build; give it a CJS equivalent.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const builds = [
  { ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { ...nodeCommon, entryPoints: ['src/engine/server.ts'], outfile: 'dist/engine.js' },
  { ...nodeCommon, entryPoints: ['src/node/read/worker.ts'], outfile: 'dist/readWorker.js' },
  { ...nodeCommon, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node\n' + nodeCommon.banner.js } },
  {
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', sourcemap: !production, minify: production,
    entryPoints: ['media/main.ts'], outfile: 'dist/webview.js', logLevel: 'warning',
    loader: { '.css': 'css' },
  },
  { ...nodeCommon, entryPoints: ['test/integration/index.ts'], outfile: 'out/test/integration/index.js', external: [...nodeCommon.external, 'mocha'] },
].filter((b) => b.entryPoints.every((e) => existsSync(join(root, e))));

function copyStatic() {
  // The webview loads codicons' font and CSS from dist/ (localResourceRoots is limited to dist/).
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  if (existsSync(codicons)) {
    mkdirSync(join(root, 'dist/codicons'), { recursive: true });
    for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join(codicons, f), join(root, 'dist/codicons', f));
  }
  if (existsSync(join(root, 'media/panel.css'))) cpSync(join(root, 'media/panel.css'), join(root, 'dist/panel.css'));
}

copyStatic();
if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
  console.log('esbuild: watching', builds.map((b) => b.outfile).join(', '));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log('esbuild: built', builds.map((b) => b.outfile).join(', '));
}
