// What every command and the panel host need, created once in activate() and passed down.
// The engine process is started lazily: activation stays cheap, and nothing forks until the first run.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EngineClient } from '../engine/client';
import { ScoreStore } from '../node/scoreStore';
import type { Log } from './log';
import { vscodeProxyEnv } from './proxyEnv';
import { readSettings, type Settings } from './settings';
import type { ModelStatusBar } from './statusBar';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Log;
  readonly statusBar: ModelStatusBar;
  /** Current settings, read fresh each time (settings change while the extension runs). */
  settings(): Settings;
  /** The engine client, created (and its process forked) on first use. */
  engine(): EngineClient;
  /** Stops the engine process; the next engine() call starts a new one. */
  disposeEngine(): void;
  /** Stops the engine once its requests in flight are done (settings it reads at start changed). */
  restartEngineWhenIdle(): void;
  /** Process id of the running engine, if any (log and tests). */
  enginePid(): number | undefined;
  /** Where downloaded models are cached: <globalStorage>/models. */
  readonly modelCacheDir: string;
  /** The on-disk score store (<globalStorage>/scores), opened on first use; cleared with the model cache. */
  scoreStore(): Promise<ScoreStore>;
  /** Pairs/s of the recent local runs in this window (undefined before one was measured). */
  throughput(): number | undefined;
  /** Records a finished run (pairs scored by the model, not from a cache, and how long it took). */
  recordThroughput(pairs: number, ms: number): void;
}

export function createServices(context: vscode.ExtensionContext, log: Log, statusBar: ModelStatusBar): Services & vscode.Disposable {
  let client: EngineClient | undefined;
  let unsubscribe: (() => void) | undefined;
  const engine = (): EngineClient => {
    if (client) return client;
    const enginePath = path.join(context.extensionPath, 'dist', 'engine.js');
    log.info(`Starting engine ${enginePath}`);
    client = new EngineClient({
      enginePath,
      env: vscodeProxyEnv,
      log: (level, msg) => (level === 'error' ? log.error(msg) : level === 'warn' ? log.warn(msg) : log.info(msg)),
    });
    unsubscribe = client.onStateChange((s) => {
      log.debug(`engine ${s.state}${s.detail ? `: ${s.detail}` : ''}`);
      if (restartPending && s.state !== 'busy' && s.state !== 'starting') setImmediate(restartEngineWhenIdle);
      if (s.state === 'crashed') statusBar.set({ kind: 'error', message: `engine stopped${s.detail ? `: ${s.detail}` : ''}` });
    });
    return client;
  };
  let restartPending = false;
  const restartEngineWhenIdle = (): void => {
    restartPending = !!client?.busy;
    if (client && !client.busy) disposeEngine();
  };
  const disposeEngine = () => {
    unsubscribe?.();
    unsubscribe = undefined;
    client?.dispose();
    client = undefined;
  };
  const storeDir = path.join(context.globalStorageUri.fsPath, 'scores');
  let store: Promise<ScoreStore> | undefined;
  const scoreStore = (): Promise<ScoreStore> => {
    store ??= ScoreStore.open(storeDir).catch((e: unknown) => {
      store = undefined;
      throw e;
    });
    return store;
  };
  let rate: number | undefined;
  return {
    throughput: () => rate,
    // Only runs long enough to say something; a moving average so one odd run does not decide.
    recordThroughput: (pairs, ms) => {
      if (pairs < 16 || ms < 500) return;
      const r = (pairs / ms) * 1000;
      rate = rate === undefined ? r : 0.7 * rate + 0.3 * r;
    },
    scoreStore,
    context,
    log,
    statusBar,
    settings: readSettings,
    engine,
    disposeEngine,
    restartEngineWhenIdle,
    enginePid: () => client?.pid,
    modelCacheDir: path.join(context.globalStorageUri.fsPath, 'models'),
    dispose: disposeEngine,
  };
}
