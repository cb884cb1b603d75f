#!/usr/bin/env node
// Installs code-server (VS Code served to a browser) as a TEST TOOL into .cache/code-server/,
// a folder with its own package.json, so it is never one of the extension's dependencies and
// never ends up in a VSIX. The integration and end-to-end tests use it as the "real VS Code"
// on machines where no desktop VS Code build can be downloaded.
//
// Why the ripgrep trick: code-server depends on @vscode/ripgrep, whose postinstall downloads rg
// from GitHub; with no internet that fails the whole install. Its downloader first looks in a
// cache folder under the OS temp dir, so we put a tarball of the system's rg (Debian `ripgrep`)
// there under the exact name it asks for.
//
// Idempotent: does nothing when the pinned version is already installed.
// Usage: node scripts/install-code-server.mjs [--force]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_DIR = join(root, '.cache', 'code-server');
export const CODE_SERVER_BIN = join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');

// The @vscode/ripgrep version code-server 4.100.3 pulls in and the rg build it asks for.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_VERSION = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

function installedVersion() {
  const pkg = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'package.json');
  if (!existsSync(pkg) || !existsSync(CODE_SERVER_BIN)) return null;
  try { return JSON.parse(readFileSync(pkg, 'utf8')).version; } catch { return null; }
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Puts a tarball of the system rg where @vscode/ripgrep's postinstall looks before downloading. */
function seedRipgrepCache(tmp) {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is not installed: run `apt-get install -y ripgrep` first.');
  const target = RIPGREP_TARGETS[process.arch];
  if (!target) throw new Error(`no known ripgrep build name for arch ${process.arch}`);
  const cacheDir = join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  mkdirSync(cacheDir, { recursive: true });
  const stage = mkdtempSync(join(tmp, 'rg-stage-'));
  copyFileSync(rg, join(stage, 'rg'));
  execFileSync('tar', ['-czf', join(cacheDir, `ripgrep-${RIPGREP_VERSION}-${target}.tar.gz`), '-C', stage, 'rg']);
  rmSync(stage, { recursive: true, force: true });
}

export function installCodeServer({ force = false } = {}) {
  const have = installedVersion();
  if (have === CODE_SERVER_VERSION && !force) {
    console.log(`code-server ${have} already installed in ${CODE_SERVER_DIR}`);
    return CODE_SERVER_BIN;
  }
  const started = Date.now();
  console.log(`installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (test tool only; ~300 MB, 1-3 min)`);
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // A package.json of its own so npm does not walk up to the extension's package.json.
  writeFileSync(join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({
    name: 'rerank-lens-test-code-server', private: true,
    description: 'code-server as a test tool for Rerank Lens (never shipped). Installed by scripts/install-code-server.mjs.',
    // npm 11 asks for install scripts to be approved (advisory today, enforced later). These two are
    // reviewed: code-server's postinstall links its bundled VS Code modules; argon2 places its prebuilt addon.
    allowScripts: { 'code-server': true, argon2: true },
  }, null, 2) + '\n');
  const tmp = mkdtempSync(join(tmpdir(), 'rl-code-server-install-'));
  seedRipgrepCache(tmp);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--unsafe-perm', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: CODE_SERVER_DIR,
    stdio: 'inherit',
    // code-server's postinstall refuses to run as root unless npm_config_unsafe_perm is "true" (which
    // --unsafe-perm sets; npm 11 warns that it does not know the option but still passes it on).
    env: { ...process.env, TMPDIR: tmp, TEMP: tmp, TMP: tmp, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
  });
  rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0 || installedVersion() !== CODE_SERVER_VERSION) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status}); see the output above`);
  }
  console.log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return CODE_SERVER_BIN;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    installCodeServer({ force: process.argv.includes('--force') });
  } catch (e) {
    console.error(`install-code-server: ${e.message}`);
    process.exit(1);
  }
}
