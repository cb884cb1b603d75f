// Starts and stops code-server (VS Code 1.100 served to a browser) for the integration and
// end-to-end tests, following the recipe that works on these machines:
// - a free 127.0.0.1 port, no auth, no TLS, no telemetry or update checks;
// - throwaway HOME / XDG / user-data / extensions folders, so a run never sees (or writes) the
//   user's own VS Code state and two runs never see each other's;
// - its own process group (detached), so `kill -TERM -- -PGID` also ends the extension host and
//   the engine process it forks (killing only code-server's PID leaves them running).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CODE_SERVER_BIN = join(REPO_ROOT, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');

/** User settings every test window gets: quiet, deterministic, nothing reaching for the network. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'npm.autoDetect': 'off',
  'typescript.tsc.autoDetect': 'off',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
};

export function codeServerInstalled() {
  return existsSync(CODE_SERVER_BIN);
}

/** Asks the OS for a free port on 127.0.0.1 (it may be taken again before we bind; start() retries). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return true;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/**
 * Starts code-server on `folder` (opened as the workspace when a browser connects).
 * @param {object} opts
 * @param {string} [opts.folder]        folder to open (defaults to none)
 * @param {object} [opts.settings]      user settings merged over BASE_SETTINGS
 * @param {string} [opts.extensionsDir] extensions folder to use (default: a fresh empty one)
 * @param {Record<string,string>} [opts.env] extra environment (the extension host inherits it)
 * @param {string} [opts.baseDir]    persistent folder for HOME/XDG/user data (default: a throwaway one)
 * @param {number} [opts.port]         port to bind (default: a free one)
 * @param {boolean} [opts.keep]         keep the throwaway folder after stop (for debugging)
 * @param {(line: string) => void} [opts.log] receives code-server's output lines
 * @returns {Promise<{ url: string, port: number, dir: string, userDataDir: string, extensionsDir: string,
 *   env: NodeJS.ProcessEnv, workbenchUrl: (o?: { folder?: string, payload?: [string,string][] }) => string,
 *   stop: () => Promise<void>, output: () => string }>}
 */
export async function startCodeServer(opts = {}) {
  if (!codeServerInstalled()) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_BIN}: run \`node scripts/install-code-server.mjs\``);
  }
  // A given baseDir persists (npm start keeps the user's settings between runs); else a throwaway one.
  const persistent = Boolean(opts.baseDir);
  const dir = opts.baseDir ?? mkdtempSync(join(tmpdir(), 'rl-code-server-'));
  const home = join(dir, 'home');
  const userDataDir = join(dir, 'ud');
  const extensionsDir = opts.extensionsDir ?? join(dir, 'exts');
  for (const d of [home, join(dir, 'xdg-config'), join(dir, 'xdg-data'), join(dir, 'xdg-cache'), join(userDataDir, 'User'), extensionsDir]) {
    mkdirSync(d, { recursive: true });
  }
  const userSettings = join(userDataDir, 'User', 'settings.json');
  if (!persistent || !existsSync(userSettings)) writeFileSync(userSettings, JSON.stringify({ ...BASE_SETTINGS, ...(opts.settings ?? {}) }, null, 2));
  // code-server's extension host is a remote one: machine-scoped settings (rerankLens.localModelPath)
  // come from the remote (Machine) settings, as on SSH/WSL. The user file alone is read at start and
  // dropped on the first settings write (seen after a theme switch), so write them there too.
  const machineSettings = join(userDataDir, 'Machine', 'settings.json');
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  if (!persistent || !existsSync(machineSettings)) writeFileSync(machineSettings, JSON.stringify({ ...BASE_SETTINGS, ...(opts.settings ?? {}) }, null, 2));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(dir, 'xdg-config'),
    XDG_DATA_HOME: join(dir, 'xdg-data'),
    XDG_CACHE_HOME: join(dir, 'xdg-cache'),
    ...(opts.env ?? {}),
  };
  // Password/port variables of an outer code-server must not leak into ours.
  for (const k of ['PASSWORD', 'HASHED_PASSWORD', 'PORT', 'VSCODE_IPC_HOOK_CLI']) delete env[k];

  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = opts.port && attempt === 1 ? opts.port : await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      '--config', configFile,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--disable-file-downloads',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--ignore-last-opened',
    ];
    if (opts.folder) args.push(opts.folder);
    let out = '';
    const child = spawn(CODE_SERVER_BIN, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (buf) => {
      const text = buf.toString();
      out += text;
      if (out.length > 200_000) out = out.slice(-100_000);
      if (opts.log) for (const line of text.split('\n')) if (line.trim()) opts.log(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = new Promise((r) => child.once('exit', r));

    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
        const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
        await exited;
        clearTimeout(timer);
      }
      // The group may still hold the extension host or engine after code-server itself exited.
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* none left */ }
      if (!opts.keep && !persistent) rmSync(dir, { recursive: true, force: true });
    };

    if (await waitHealthy(url, child, 60_000)) {
      const workbenchUrl = ({ folder = opts.folder, payload } = {}) => {
        const q = [];
        if (folder) q.push(`folder=${encodeURIComponent(folder)}`);
        if (payload) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
        return `${url}/${q.length ? '?' + q.join('&') : ''}`;
      };
      return { url, port, dir, userDataDir, extensionsDir, env, workbenchUrl, stop, output: () => out };
    }
    lastError = out.slice(-2000);
    await stop().catch(() => {});
    if (!/EADDRINUSE/.test(out)) break;
  }
  if (!opts.keep && !persistent) rmSync(dir, { recursive: true, force: true });
  throw new Error(`code-server did not become healthy. Its last output:\n${lastError}`);
}

/** The payload that loads the extension under development (no install) into the window. */
export function devPayload(extensionPath, extensionTestsPath) {
  const p = [['extensionDevelopmentPath', `vscode-remote://remote${extensionPath}`]];
  if (extensionTestsPath) p.push(['extensionTestsPath', `vscode-remote://remote${extensionTestsPath}`]);
  return p;
}

/** Runs code-server's CLI (e.g. --install-extension) against the same throwaway dirs. */
export function codeServerCli(args, { env = process.env, extensionsDir, userDataDir } = {}) {
  return new Promise((res) => {
    const full = [...args];
    if (extensionsDir) full.push('--extensions-dir', extensionsDir);
    if (userDataDir) full.push('--user-data-dir', userDataDir);
    const child = spawn(CODE_SERVER_BIN, full, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    child.on('exit', (code) => res({ code: code ?? 1, output: out }));
  });
}
