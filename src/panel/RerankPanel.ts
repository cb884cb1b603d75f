// The panel host: one "Rerank Lens" webview panel, its PanelState, and the scoring runs behind it.
// It sends `state` on create/ready, streams `scores` batch by batch, and `status` for download and
// scoring progress. Every webview message is validated with parseWebviewMessage before use.
// The webview persists PanelState with setState; after a window reload the serializer hands it back
// and `restore` re-renders it (the rows carry everything needed to rerun a query).
import * as vscode from 'vscode';
import type { ReadResult } from '../core/types';
import type { PairScore } from '../engine/protocol';
import { isCancelled, notifyError, toUserError, type UserError } from '../host/errors';
import type { Services } from '../host/services';
import { notify } from '../host/notify';
import { modelKey, readSettings, SECTION, writeTarget } from '../host/settings';
import { panelHtml, webviewOptions } from './html';
import { parseWebviewMessage, type HostMessage, type PanelState, type PanelStatus, type ThresholdSetting, type WebviewMessage } from './protocol';
import { applyScores, chunksFromRows, clearScores, errorStatus, initialState, isPanelState } from './state';
import { scoreWithProgress } from './scoring';
import { rememberQuery } from '../commands/queryInput';

export const PANEL_VIEW_TYPE = 'rerankLens.panel';

/** What a rerank command read: the reader's result plus where it came from. */
export interface RerankInput {
  kind: 'selection' | 'file';
  /** "results.jsonl" or "Selection in notes.md (lines 3-40)". */
  sourceLabel: string;
  sourceUri?: vscode.Uri;
  /** Editor column the chunks came from: reveal opens the source there, not over the panel. */
  viewColumn?: vscode.ViewColumn;
  /** The text the reader read (selection or file), kept for export in the input's own shape. */
  text?: string;
  result: ReadResult;
}

/** Where a panel's chunks came from, as its title and reveal links need it. */
export interface PanelSource {
  label: string;
  kind: 'selection' | 'file';
  uri?: vscode.Uri;
}

/** Scores kept per set (multi-query files) so export can write every set scored so far. */
export interface ScoredSet {
  query: string;
  model: string;
  scores: (PairScore | undefined)[];
}

const thresholdKey = (model: string) => `rerankLens.threshold:${model}`;
const TOPK_KEY = 'rerankLens.topK';

export class RerankPanel implements vscode.Disposable {
  static current: RerankPanel | undefined;

  private state: PanelState;
  private input: RerankInput | undefined;
  private readonly scored = new Map<number, ScoredSet>();
  private generation = 0;
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  /** Opens (or reveals) the panel for a new input and scores set `setIndex` with `query`. */
  static async show(svc: Services, input: RerankInput, setIndex: number, query: string): Promise<RerankPanel> {
    const panel = RerankPanel.current ?? RerankPanel.create(svc, undefined);
    panel.panel.reveal(undefined, false);
    panel.input = input;
    panel.startOver({ label: input.sourceLabel, kind: input.kind, uri: input.sourceUri }, input.result, setIndex, query);
    panel.post({ type: 'state', state: panel.state });
    await panel.rerank(query);
    return panel;
  }

  /** Shows an input error (bad JSON, nothing found) in the panel; the caller also notifies. */
  static showInputError(svc: Services, source: PanelSource, err: UserError): RerankPanel {
    const panel = RerankPanel.current ?? RerankPanel.create(svc, undefined);
    panel.panel.reveal(undefined, true);
    panel.stopRun();
    panel.input = undefined;
    panel.startOver(source, { sets: [], diagnostics: [] }, 0, '');
    panel.state.status = errorStatus(err.message, err.hint);
    panel.post({ type: 'state', state: panel.state });
    return panel;
  }

  /** Re-creates the host side of a panel VS Code restored after a reload. */
  static restore(svc: Services, webviewPanel: vscode.WebviewPanel, saved: unknown): RerankPanel {
    RerankPanel.current?.dispose();
    const panel = new RerankPanel(svc, webviewPanel, undefined);
    if (isPanelState(saved)) {
      panel.state = saved;
      const phase = saved.status.phase;
      if (phase === 'scoring' || phase === 'loading-model' || phase === 'downloading') {
        // The run that was going on died with the old extension host.
        panel.state.status = { phase: 'cancelled', done: saved.status.done, total: saved.status.total, message: 'Interrupted by a window reload. Press Enter in the query box to run it again.' };
      }
    }
    RerankPanel.current = panel;
    return panel;
  }

  /**
   * A fresh state for a new source (shared by `show` and `showInputError`): current settings, the
   * threshold and top-k stored for the model, and the view choices (table/diff, only-moved) kept from
   * the state before. Clears the scores kept for export and retitles the panel; does not post.
   */
  private startOver(source: PanelSource, result: ReadResult, setIndex: number, query: string): void {
    this.scored.clear();
    const settings = this.svc.settings();
    const model = modelKey(settings);
    this.state = initialState({
      sourceLabel: source.label,
      sourceKind: source.kind,
      sourceUri: source.uri?.toString(),
      result,
      setIndex,
      query,
      model,
      dtype: settings.dtype,
      // Rows link back to the source only when there is one to open (an input error has no rows).
      canReveal: source.uri !== undefined,
      display: settings.scoreDisplay,
      threshold: this.storedThreshold(model),
      topK: this.storedTopK(),
      previous: this.state,
    });
    this.panel.title = `Rerank: ${source.label}`;
  }

  private static create(svc: Services, state: PanelState | undefined): RerankPanel {
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Rerank Lens',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(svc.context.extensionUri),
    );
    const panel = new RerankPanel(svc, webviewPanel, state);
    RerankPanel.current = panel;
    return panel;
  }

  private constructor(
    private readonly svc: Services,
    private readonly panel: vscode.WebviewPanel,
    state: PanelState | undefined,
  ) {
    const settings = svc.settings();
    const model = modelKey(settings);
    this.state =
      state ??
      initialState({
        sourceLabel: 'Nothing reranked yet',
        sourceKind: 'selection',
        result: { sets: [], diagnostics: [] },
        setIndex: 0,
        query: '',
        model,
        dtype: settings.dtype,
        canReveal: false,
        display: settings.scoreDisplay,
        threshold: settings.defaultThreshold,
        topK: settings.defaultTopK,
      });
    this.panel.webview.options = webviewOptions(svc.context.extensionUri);
    this.panel.webview.html = panelHtml(this.panel.webview, svc.context.extensionUri);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    vscode.commands.executeCommand('setContext', 'rerankLens.panelOpen', true);
  }

  /** A message from the webview: validated first (the webview is untrusted), never throws. */
  async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.svc.log.warn(`Ignored a malformed message from the panel: ${safeJson(raw)}`);
      return;
    }
    try {
      await this.onMessage(msg);
    } catch (e) {
      this.svc.log.error(`Panel message '${msg.type}' failed`, e);
    }
  }

  /** The scoreDisplay setting changed: show the other score first. */
  setDisplay(display: PanelState['display']): void {
    if (this.state.display === display) return;
    this.state.display = display;
    this.post({ type: 'state', state: this.state });
  }

  /** The current state (test API and export). */
  getState(): PanelState {
    return this.state;
  }

  /** Resolves when the current scoring run (if any) has finished. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  cancel(): void {
    this.running?.controller.abort();
  }

  /** Cancels the current run and makes sure its late replies no longer touch the state. */
  private stopRun(): void {
    this.generation++;
    this.running?.controller.abort();
    this.running = undefined;
  }

  /** The input as a reader result: the original one, or (after a reload) re-read / rebuilt from rows. */
  async currentInput(): Promise<RerankInput> {
    if (this.input) return this.input;
    const s = this.state;
    if (s.sourceKind === 'file' && s.sourceUri) {
      const { readInputFile } = await import('../commands/readInput');
      const uri = vscode.Uri.parse(s.sourceUri);
      const read = await readInputFile(this.svc, uri);
      if ('result' in read && read.result.sets.length > 0) {
        this.input = read;
        return read;
      }
    }
    return {
      kind: s.sourceKind ?? 'selection',
      sourceLabel: s.sourceLabel,
      sourceUri: s.sourceUri ? vscode.Uri.parse(s.sourceUri) : undefined,
      result: { sets: [{ query: s.query, chunks: chunksFromRows(s.rows), format: s.format ?? 'restored' }], diagnostics: [], format: s.format },
    };
  }

  /** Scored sets for export: every set of the input scored so far, with the query it was scored with. */
  scoredSets(): Map<number, ScoredSet> {
    const out = new Map(this.scored);
    if (out.size === 0 && this.state.rows.some((r) => r.score)) {
      out.set(this.input ? this.state.activeQuery : 0, { query: this.state.query, model: this.state.model, scores: this.state.rows.map((r) => r.score) });
    }
    return out;
  }

  /** Scores the rows on screen with `query` (a new query, or the same one after a model change). */
  async rerank(query: string): Promise<void> {
    const generation = ++this.generation;
    this.running?.controller.abort();
    const controller = new AbortController();
    let markDone: () => void = () => undefined;
    const done = new Promise<void>((r) => (markDone = r));
    this.running = { controller, done };
    try {
      await this.runScoring(query, generation, controller);
    } finally {
      markDone();
      if (this.generation === generation) this.running = undefined;
    }
  }

  private async runScoring(query: string, generation: number, controller: AbortController): Promise<void> {
    const settings = readSettings();
    warnIgnoredUntrusted(settings.ignoredUntrusted);
    const model = modelKey(settings);
    const s = this.state;
    const total = s.rows.length;
    if (model !== s.model) {
      s.threshold = this.storedThreshold(model);
      s.model = model;
    }
    s.dtype = settings.dtype;
    s.query = query;
    delete s.elapsedMs;
    delete s.cacheHits;
    clearScores(s.rows);
    if (total === 0) {
      s.status = errorStatus('There are no chunks to rerank.', 'Select the retrieved chunks (or open a results file) and run Rerank Selection or Rerank File.');
      this.post({ type: 'state', state: s });
      return;
    }
    if (query.trim() === '') {
      s.status = errorStatus('The query is empty.', 'Type the query the chunks were retrieved for and press Enter.', total);
      this.post({ type: 'state', state: s });
      return;
    }
    s.status = { phase: 'loading-model', done: 0, total };
    this.post({ type: 'state', state: s });
    const current = () => this.generation === generation && !this.disposed;
    try {
      const outcome = await scoreWithProgress(
        this.svc,
        settings,
        { query, chunks: s.rows.map((r) => r.text), signal: controller.signal },
        {
          onBatch: (scores, done, batchTotal) => {
            if (!current()) return;
            applyScores(s.rows, scores);
            s.status = { phase: 'scoring', done, total: batchTotal };
            this.post({ type: 'scores', scores, status: s.status });
          },
          onDownload: (p, overall) => {
            if (!current()) return;
            const status: PanelStatus = { phase: 'downloading', done: 0, total, file: p.file };
            const pct = p.percent ?? overall;
            if (pct !== undefined) status.percent = pct;
            s.status = status;
            this.post({ type: 'status', status });
          },
        },
      );
      if (!current()) return;
      // The final scores are authoritative (a batch message may have been missed by a hidden webview).
      applyScores(s.rows, outcome.scores);
      s.dtype = outcome.info.dtype;
      s.elapsedMs = outcome.elapsedMs;
      s.cacheHits = outcome.cacheHits;
      s.status = { phase: 'done', done: total, total };
      this.scored.set(s.activeQuery, { query, model, scores: s.rows.map((r) => r.score) });
      this.post({ type: 'state', state: s });
    } catch (err) {
      if (!current()) return;
      if (isCancelled(err)) {
        s.status = { phase: 'cancelled', done: s.rows.filter((r) => r.score).length, total, message: 'Scoring was cancelled.' };
        this.post({ type: 'status', status: s.status });
        this.svc.statusBar.set(this.svc.statusBar.current().kind === 'scoring' ? { kind: 'ready' } : { kind: 'not-loaded' });
        return;
      }
      const ue = toUserError(err);
      this.svc.log.error(`Scoring failed: ${ue.message}`, err);
      this.svc.statusBar.set({ kind: 'error', message: ue.message });
      s.status = errorStatus(ue.message, ue.hint, total);
      this.post({ type: 'status', status: s.status });
      void notifyError(this.svc.log, ue);
    }
  }

  private async onMessage(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'state', state: this.state });
        return;
      case 'rerun':
        await rememberQuery(this.svc.context, msg.query);
        await this.rerank(msg.query);
        return;
      case 'selectQuery':
        await this.selectQuery(msg.index);
        return;
      case 'reveal':
        await this.reveal(msg.index);
        return;
      case 'settings': {
        const s = this.state;
        s.threshold = msg.threshold;
        s.topK = msg.topK;
        s.display = msg.display;
        s.onlyMoved = msg.onlyMoved;
        s.view = msg.view;
        // Thresholds are remembered per model: a logit cut-off of one model means nothing for another.
        await this.svc.context.workspaceState.update(thresholdKey(s.model), msg.threshold);
        await this.svc.context.workspaceState.update(TOPK_KEY, msg.topK);
        return;
      }
      case 'saveThresholdAsDefault': {
        const cfg = vscode.workspace.getConfiguration(SECTION);
        await cfg.update('defaultThreshold', this.state.threshold.value, writeTarget('defaultThreshold'));
        await cfg.update('defaultThresholdSpace', this.state.threshold.space, writeTarget('defaultThresholdSpace'));
        void notify.info(
          this.state.threshold.value === null
            ? 'Rerank Lens: default threshold cleared.'
            : `Rerank Lens: default threshold set to ${this.state.threshold.value} (${this.state.threshold.space}).`,
        );
        return;
      }
      case 'cancel':
        this.cancel();
        return;
      case 'export':
        await vscode.commands.executeCommand('rerankLens.exportResults');
        return;
      case 'selectModel': {
        const before = modelKey(readSettings());
        await vscode.commands.executeCommand('rerankLens.selectModel');
        const after = modelKey(readSettings());
        if (after !== before && this.state.rows.length > 0 && this.state.query.trim() !== '') await this.rerank(this.state.query);
        return;
      }
    }
  }

  private async selectQuery(index: number): Promise<void> {
    const input = await this.currentInput();
    const set = input.result.sets[index];
    if (!set) return;
    const settings = readSettings();
    this.state = initialState({
      sourceLabel: input.sourceLabel,
      sourceKind: input.kind,
      sourceUri: input.sourceUri?.toString(),
      result: input.result,
      setIndex: index,
      query: set.query ?? '',
      model: this.state.model,
      dtype: settings.dtype,
      canReveal: input.sourceUri !== undefined,
      display: this.state.display,
      threshold: this.state.threshold,
      topK: this.state.topK,
      previous: this.state,
    });
    if (!set.query) {
      this.state.status = errorStatus('This set has no query.', 'Type the query in the query box and press Enter.', this.state.rows.length);
      this.post({ type: 'state', state: this.state });
      return;
    }
    await this.rerank(set.query);
  }

  private async reveal(index: number): Promise<void> {
    const row = this.state.rows.find((r) => r.index === index);
    if (!row?.source || !this.state.sourceUri) return;
    const uri = vscode.Uri.parse(this.state.sourceUri);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const src = row.source;
      const range = doc.validateRange(new vscode.Range(src.startLine, src.startColumn, src.endLine, src.endColumn));
      // Reveal in the editor the chunks came from, never on top of the panel.
      const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      const fallback = this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
      const column = visible?.viewColumn ?? (this.input?.viewColumn !== this.panel.viewColumn ? this.input?.viewColumn : undefined) ?? fallback;
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (e) {
      this.svc.log.error(`Could not reveal chunk ${row.id} in ${uri.toString()}`, e);
      void notify.warn(`Rerank Lens: could not open ${uri.fsPath || uri.toString()} to reveal the chunk.`);
    }
  }

  private storedThreshold(model: string): ThresholdSetting {
    const saved = this.svc.context.workspaceState.get<unknown>(thresholdKey(model));
    if (isThreshold(saved)) return saved;
    return this.svc.settings().defaultThreshold;
  }

  private storedTopK(): number | null {
    const saved = this.svc.context.workspaceState.get<unknown>(TOPK_KEY);
    if (saved === null || (typeof saved === 'number' && Number.isInteger(saved) && saved >= 0)) return saved;
    return this.svc.settings().defaultTopK;
  }

  private post(msg: HostMessage): void {
    if (this.disposed) return;
    this.panel.webview.postMessage(msg).then(undefined, (e: unknown) => this.svc.log.debug(`postMessage failed: ${String(e)}`));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.controller.abort();
    if (RerankPanel.current === this) {
      RerankPanel.current = undefined;
      vscode.commands.executeCommand('setContext', 'rerankLens.panelOpen', false);
    }
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export class RerankPanelSerializer implements vscode.WebviewPanelSerializer<unknown> {
  constructor(private readonly svc: Services) {}

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    try {
      RerankPanel.restore(this.svc, webviewPanel, state);
    } catch (e) {
      this.svc.log.error('Could not restore the Rerank Lens panel', e);
    }
  }
}

let warnedUntrusted = false;

/** Once per session: say that workspace settings were ignored because the workspace is not trusted. */
function warnIgnoredUntrusted(keys: string[]): void {
  if (keys.length === 0 || warnedUntrusted) return;
  warnedUntrusted = true;
  void notify.warn(
      `Rerank Lens: this workspace is not trusted, so its ${keys.join(', ')} setting${keys.length > 1 ? 's are' : ' is'} ignored; your user settings are used instead.`,
      'Manage Workspace Trust',
    )
    .then((a) => (a ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
}

function isThreshold(x: unknown): x is ThresholdSetting {
  if (typeof x !== 'object' || x === null) return false;
  const t = x as ThresholdSetting;
  return (t.space === 'logit' || t.space === 'probability') && (t.value === null || (typeof t.value === 'number' && Number.isFinite(t.value)));
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x).slice(0, 200);
  } catch {
    return String(x);
  }
}
