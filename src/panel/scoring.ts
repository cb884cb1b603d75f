// One scoring run with VS Code progress around it: a cancellable notification with pairs done/total
// (opened only if the run takes more than a moment, so cached reruns do not flash one), a second
// cancellable notification with per-file percent while the model downloads, and the status bar.
// Cancelling either one aborts the engine request through its AbortSignal.
import * as vscode from 'vscode';
import type { ScoreOutcome } from '../engine/client';
import type { DownloadProgress, PairScore } from '../engine/protocol';
import type { Services } from '../host/services';
import { modelSpec, runOptions, shortModelName, type Settings } from '../host/settings';

export interface ScoringHooks {
  onBatch(scores: PairScore[], done: number, total: number): void;
  onDownload(p: DownloadProgress, overallPercent: number | undefined): void;
}

const NOTIFY_AFTER_MS = 400;

export async function scoreWithProgress(
  svc: Services,
  settings: Settings,
  req: { query: string; chunks: string[]; signal: AbortSignal },
  hooks: ScoringHooks,
): Promise<ScoreOutcome> {
  const spec = modelSpec(settings, svc.modelCacheDir);
  const name = shortModelName(spec.model);
  const controller = new AbortController();
  const abort = () => controller.abort();
  req.signal.addEventListener('abort', abort);

  const started = Date.now();
  let scoringProgress: { report(v: { message?: string; increment?: number }): void } | undefined;
  let lastDonePct = 0;
  let latest = 'loading model...';
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

  svc.log.info(
    `Scoring ${req.chunks.length} pairs with ${spec.model} (${spec.dtype}, max ${spec.maxLength} tokens, batch ${settings.batchSize}, ` +
      `threads ${settings.threads || 'all'}${spec.offline ? ', offline' : ''}${spec.hubUrl ? `, hub ${spec.hubUrl}` : ''})`,
  );
  const download = new DownloadNotification(name, abort);
  if (svc.statusBar.current().kind !== 'ready') svc.statusBar.set({ kind: 'loading' });
  try {
    const outcome = await svc.engine().score({
      spec,
      run: runOptions(settings),
      query: req.query,
      chunks: req.chunks,
      signal: controller.signal,
      onBatch: (scores, done, total) => {
        download.close();
        const pct = total > 0 ? (done / total) * 100 : 100;
        latest = `${done}/${total} pairs`;
        scoringProgress?.report({ message: latest, increment: pct - lastDonePct });
        lastDonePct = pct;
        svc.statusBar.set({ kind: 'scoring', done, total });
        hooks.onBatch(scores, done, total);
      },
      onProgress: (p) => {
        if (p.status === 'initiate') svc.log.info(`Downloading ${spec.model}: ${p.file}`);
        else if (p.status === 'done') svc.log.info(`Downloaded ${spec.model}: ${p.file}${p.total ? ` (${(p.total / 1e6).toFixed(1)} MB)` : ''}`);
        const overall = download.update(p);
        latest = `downloading ${p.file}`;
        svc.statusBar.set({ kind: 'downloading', percent: overall, file: p.file });
        hooks.onDownload(p, overall);
      },
    });
    svc.statusBar.set({ kind: 'ready', detail: `${outcome.info.dtype}, max ${outcome.info.maxLength} tokens` });
    svc.log.info(
      `Scored ${req.chunks.length} pairs with ${spec.model} (${outcome.info.dtype}) in ${outcome.elapsedMs} ms` +
        ` (${outcome.cacheHits} from cache; model ${outcome.info.fromCache ? 'from cache' : 'loaded'} in ${outcome.info.loadMs} ms; wall ${Date.now() - started} ms)`,
    );
    return outcome;
  } finally {
    clearTimeout(timer);
    finish();
    download.close();
    req.signal.removeEventListener('abort', abort);
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
