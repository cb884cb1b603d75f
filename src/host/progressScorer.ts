// A Scorer with VS Code progress around each run: a cancellable notification with pairs done/total
// (opened only if the run takes more than a moment, so cached reruns do not flash one), a second
// cancellable notification with per-file percent while a model downloads, the status bar, and a log
// line per run. Cancelling either notification aborts the run through its AbortSignal. The session
// sees an ordinary Scorer; the panel never deals with notifications.
import * as vscode from 'vscode';
import { LocalScorer } from '../session/localScorer';
import { ScorerFailure, type Scorer, type ScoreRequest, type ScoreResult, type ScoreProgress } from '../session/scorer';
import { scorerFromParsed } from '../scorers/fromSpec';
import type { ScorerSpecError } from '../scorers/spec';
import { envWithVscodeProxy } from './proxyEnv';
import { confirmSendOnce } from './remoteConsent';
import { parsedScorerSetting, resolveScorerSettings, type ScorerSettings } from './scorerSettings';
import { apiKeys } from './secrets';
import type { Services } from './services';
import { workspaceTrusted, modelKey, modelSpec, runOptions, SECTION, shortModelName, type Settings } from './settings';
import { warnIgnoredUntrusted } from './trust';

type DownloadProgress = NonNullable<ScoreProgress['download']>;

const NOTIFY_AFTER_MS = 400;

/** The local engine scorer for the current settings, with progress UI. */
export function localScorerFor(svc: Services, settings: Settings): Scorer {
  const spec = modelSpec(settings, svc.modelCacheDir);
  const inner = new LocalScorer(svc.engine(), spec, runOptions(settings));
  svc.log.info(
    `Scorer ${spec.model} (${spec.dtype}, max ${spec.maxLength} tokens, batch ${settings.batchSize}, ` +
      `threads ${settings.threads || 'all'}${spec.offline ? ', offline' : ''}${spec.hubUrl ? `, hub ${spec.hubUrl}` : ''})`,
  );
  return withProgressUi(svc, inner);
}

/** rerankLens.scorer and rerankLens.compareScorers, workspace values only when trusted. */
export function readScorerSettings(): ScorerSettings {
  return resolveScorerSettings(vscode.workspace.getConfiguration(SECTION), workspaceTrusted());
}

/** What the panel remembers thresholds by: the rerankLens.scorer SPEC when set (a server's number
 *  has its own meaning and scale), else the local model. */
export function scorerKey(settings: Settings): string {
  return readScorerSettings().scorer || modelKey(settings);
}

/** The configured scorer (`rerankLens.scorer`, a SPEC), else the local engine; with progress UI. */
export async function scorerFor(svc: Services, settings: Settings): Promise<Scorer> {
  const configured = readScorerSettings();
  warnIgnoredUntrusted(configured.ignoredUntrusted);
  return configured.scorer ? specScorerFor(svc, settings, configured.scorer) : localScorerFor(svc, settings);
}

/**
 * A scorer from a SPEC with the extension's engine, model cache and settings; the provider's key from
 * SecretStorage (the environment's when none is stored); consent asked once per server URL. A SPEC
 * that cannot be used gives a scorer whose runs fail with its message and hint (never a throw).
 */
export async function specScorerFor(svc: Services, settings: Settings, specText: string, settingKey = 'scorer'): Promise<Scorer> {
  const spec = parsedScorerSetting(specText, settingKey);
  if (spec instanceof Error) return unusableScorer(spec, specText);
  try {
    const apiKey = spec.kind === 'remote' ? await apiKeys(svc.context.secrets).get(spec.provider) : undefined;
    const inner = scorerFromParsed(spec, envWithVscodeProxy(), {
      engine: svc.engine(),
      cacheDir: svc.modelCacheDir,
      offline: !settings.allowDownloads,
      maxLength: settings.maxLength,
      batchSize: settings.batchSize,
      threads: settings.threads,
      ...(settings.hubUrl ? { hubUrl: settings.hubUrl } : {}),
      ...(apiKey ? { apiKey } : {}),
      ...(vscode.workspace.workspaceFolders?.[0]?.uri.scheme === 'file' ? { cwd: vscode.workspace.workspaceFolders[0].uri.fsPath } : {}),
      remote: {
        confirmSend: confirmSendOnce(svc.context.globalState),
        log: (level, m) => (level === 'error' ? svc.log.error(m) : level === 'warn' ? svc.log.warn(m) : svc.log.info(m)),
      },
    });
    const info = inner.info();
    svc.log.info(`Scorer ${info.label} (${info.kind}, ${info.meaning}${info.url ? `, ${info.url}` : ''})`);
    return withProgressUi(svc, inner);
  } catch (e) {
    return unusableScorer(e as ScorerSpecError, specText);
  }
}

/** Stands in for a scorer that cannot be built: every run fails with the reason. */
function unusableScorer(err: { message: string; hint?: string; missingKey?: boolean }, spec: string): Scorer {
  return {
    info: () => ({ identity: `unusable|${spec}`, label: spec, kind: 'remote', provider: spec.split(':')[0] ?? '', model: '', meaning: 'relevance' }),
    score: async () => {
      // A missing key is an auth failure (a key fixes it: the compare view offers Set API Key).
      throw new ScorerFailure(err.missingKey ? 'auth' : 'bad-request', err.message, err.hint ?? 'Fix the rerankLens.scorer setting, or run Rerank Lens: Set API Key.');
    },
    dispose: () => undefined,
  };
}

export function withProgressUi(svc: Services, inner: Scorer): Scorer {
  const scorer: Scorer = {
    info: () => inner.info(),
    dispose: () => inner.dispose(),
    score: (req) => scoreWithProgress(svc, inner, req, (wrapped) => inner.score({ query: req.query, ...wrapped })),
  };
  // Several queries as one stream only when the inner scorer offers it (scorer.ts).
  const pairs = inner.scorePairs?.bind(inner);
  if (pairs) scorer.scorePairs = (req) => scoreWithProgress(svc, inner, req, (wrapped) => pairs({ queries: req.queries, queryOf: req.queryOf, ...wrapped }));
  return scorer;
}

type Wrapped = Omit<ScoreRequest, 'query'>;

async function scoreWithProgress(svc: Services, inner: Scorer, req: Wrapped, call: (wrapped: Wrapped) => Promise<ScoreResult>): Promise<ScoreResult> {
  const name = shortModelName(inner.info().label);
  const controller = new AbortController();
  const abort = () => controller.abort();
  req.signal?.addEventListener('abort', abort);
  if (req.signal?.aborted) controller.abort();

  const started = Date.now();
  let scoringProgress: { report(v: { message?: string; increment?: number }): void } | undefined;
  let lastDonePct = 0;
  // A rerank server has no model to load here: what the wait is, is its answer.
  const info = inner.info();
  let latest = info.kind === 'remote' ? `waiting for ${/^\w+:\/\/([^/]+)/.exec(info.url ?? '')?.[1] ?? info.label}...` : 'loading model...';
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(() => {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Rerank Lens: scoring ${req.chunks.length} chunks with ${name}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(abort);
        scoringProgress = progress;
        progress.report({ message: latest, increment: lastDonePct });
        await finished;
      },
    );
  }, NOTIFY_AFTER_MS);

  const download = new DownloadNotification(name, abort);
  if (svc.statusBar.current().kind !== 'ready') svc.statusBar.set({ kind: 'loading' });
  try {
    const result = await call({
      chunks: req.chunks,
      signal: controller.signal,
      onBatch: (scores, p) => {
        download.close();
        const pct = p.total > 0 ? (p.done / p.total) * 100 : 100;
        latest = `${p.done}/${p.total} pairs`;
        scoringProgress?.report({ message: latest, increment: pct - lastDonePct });
        lastDonePct = pct;
        svc.statusBar.set({ kind: 'scoring', done: p.done, total: p.total });
        req.onBatch?.(scores, p);
      },
      onProgress: (p) => {
        const d = p.download;
        if (d) {
          if (d.status === 'initiate') svc.log.info(`Downloading ${inner.info().model}: ${d.file}`);
          else if (d.status === 'done') svc.log.info(`Downloaded ${inner.info().model}: ${d.file}${d.total ? ` (${(d.total / 1e6).toFixed(1)} MB)` : ''}`);
          const overall = download.update(d);
          latest = `downloading ${d.file}`;
          svc.statusBar.set({ kind: 'downloading', percent: overall, file: d.file });
          req.onProgress?.({ ...p, ...(overall !== undefined && d.percent === undefined ? { download: { ...d, percent: overall } } : {}) });
          return;
        }
        req.onProgress?.(p);
      },
    });
    const details = result.details as { dtype?: string; maxLength?: number; fromCache?: boolean; loadMs?: number } | undefined;
    // A rerank server has no dtype or token limit we know of: its label and what its number means.
    const detail = result.info.kind === 'remote' ? `${result.info.label}, ${result.info.meaning}` : `${details?.dtype ?? result.info.dtype ?? ''}, max ${details?.maxLength ?? result.info.maxLength ?? '?'} tokens`;
    svc.statusBar.set({ kind: 'ready', detail });
    svc.log.info(
      `Scored ${req.chunks.length} pairs with ${result.info.label} in ${result.elapsedMs} ms (${result.cacheHits} from cache` +
        `${details?.loadMs !== undefined ? `; model ${details.fromCache ? 'from cache' : 'loaded'} in ${details.loadMs} ms` : ''}; wall ${Date.now() - started} ms)`,
    );
    svc.recordThroughput(req.chunks.length - result.cacheHits, result.elapsedMs);
    return result;
  } finally {
    clearTimeout(timer);
    finish();
    download.close();
    req.signal?.removeEventListener('abort', abort);
  }
}

/** The download notification: opened on the first progress event, per-file percent in its message,
 *  overall percent as the bar. */
class DownloadNotification {
  private files = new Map<string, { loaded: number; total: number }>();
  private report?: (v: { message?: string; increment?: number }) => void;
  private close_?: () => void;
  private shownPct = 0;
  private pending?: { message: string; overall: number };
  private opened = false;

  constructor(
    private readonly model: string,
    private readonly onCancel: () => void,
  ) {}

  /** Returns the overall percent over all files seen so far (undefined when sizes are unknown). */
  update(p: DownloadProgress): number | undefined {
    if (p.total !== undefined && p.total > 0) {
      this.files.set(p.file, { loaded: p.status === 'done' ? p.total : (p.loaded ?? 0), total: p.total });
    }
    let loaded = 0;
    let total = 0;
    for (const f of this.files.values()) {
      loaded += f.loaded;
      total += f.total;
    }
    const overall = total > 0 ? (loaded / total) * 100 : undefined;
    if (p.status === 'initiate' || p.status === 'download' || p.status === 'progress') this.open();
    const pct = p.percent ?? (p.total ? ((p.loaded ?? 0) / p.total) * 100 : undefined);
    const message = `${p.file}${pct === undefined ? '' : ` ${Math.floor(pct)}%`}${p.total ? ` of ${(p.total / 1e6).toFixed(1)} MB` : ''}`;
    this.pending = { message, overall: overall ?? 0 };
    this.flush();
    return overall;
  }

  private open(): void {
    if (this.opened) return;
    this.opened = true;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Rerank Lens: downloading ${this.model}`, cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          token.onCancellationRequested(this.onCancel);
          this.report = (v) => progress.report(v);
          this.close_ = resolve;
          this.flush();
        }),
    );
  }

  private flush(): void {
    if (!this.report || !this.pending) return;
    const inc = Math.max(0, this.pending.overall - this.shownPct);
    this.shownPct += inc;
    this.report({ message: this.pending.message, increment: inc });
  }

  close(): void {
    this.close_?.();
    this.close_ = undefined;
    this.report = undefined;
  }
}
