// The panel host: one "Rerank Lens" webview panel. It owns the webview's PanelState and routes
// messages: the scoring itself belongs to the RerankSession (src/session/session.ts), the progress UI
// to the host's scorer decorator, reveal and threshold memory to their own files here. Every webview
// message is validated with parseWebviewMessage before use. After a window reload the serializer hands
// the persisted PanelState back and `restore` re-renders it; the session is rebuilt on first need.
import * as vscode from 'vscode';
import type { PairScore, ReadResult } from '../core/types';
import { COMMANDS, CONTEXT_KEYS, PANEL_VIEW_TYPE } from '../host/commandIds';
import { notifyError, withModelSource, type UserError } from '../host/errors';
import { notify } from '../host/notify';
import { localScorerFor, scorerFor, scorerKey } from '../host/progressScorer';
import { rememberQuery } from '../host/queryInput';
import { readInputFile, type RerankInput } from '../host/readInput';
import type { Services } from '../host/services';
import { modelKey, readSettings, SECTION, writeTarget, type Settings } from '../host/settings';
import { warnIgnoredUntrusted } from '../host/trust';
import { RerankSession, type RunOutcome, type ScoredSet, type SessionInput } from '../session/session';
import { panelHtml, webviewOptions } from './html';
import { isPanelState, parseWebviewMessage, type HostMessage, type PanelState, type WebviewMessage } from './protocol';
import { beginRun, finishRun, runEvent } from './queryRun';
import { revealRow } from './reveal';
import { showTokens } from './tokensView';
import { chunksFromRows, errorStatus, initialState, isDensity, sameInput } from './panelState';
import { modelNoteFor } from '../host/modelNote';
import { ThresholdMemory } from './thresholdMemory';
import { displayForSetting, startSpaces, userSettings } from './modelSpace';
import { LabController, type LabPanel } from './lab/labHost';
import { parseLabWebviewMessage, type LabHostMessage } from './lab/protocol';
import { ExplainHost } from './explain/explainHost';
import { isExplainType, parseExplainWebviewMessage, type ExplainHostMessage } from './explain/protocol';
import { withScoreStore } from '../session/cachedScorer';
import { CompareController, type CompareEntry } from './compare/compareHost';
import { isCompareType, parseCompareWebviewMessage, type CompareHostMessage } from './compare/protocol';
import { LabelsHost } from './labels/labelsHost';
import { isLabelsType, parseLabelsWebviewMessage, type LabelsHostMessage } from './labels/protocol';
import { labelsOfSet } from './labels/merge';

export { PANEL_VIEW_TYPE };

/** Row density is a preference of the user, not of an input: remembered across panels (globalState). */
const DENSITY_KEY = 'rerankLens.density';

/** Where a panel's chunks came from, as its title and reveal links need it. */
export interface PanelSource {
  label: string;
  kind: 'selection' | 'file';
  uri?: vscode.Uri;
}

const toSessionInput = (input: RerankInput): SessionInput => ({
  source: { kind: input.kind, label: input.sourceLabel, ...(input.sourceUri ? { uri: input.sourceUri.toString() } : {}), ...(input.viewColumn ? { viewColumn: input.viewColumn } : {}) },
  ...(input.text !== undefined ? { text: input.text } : {}),
  result: input.result,
});

export class RerankPanel implements vscode.Disposable {
  static current: RerankPanel | undefined;

  private state: PanelState;
  private session: RerankSession | undefined;
  private lab: LabController | undefined;
  private explainHost: ExplainHost | undefined;
  /** Issue 10: the compare view's host (src/panel/compare/), while one is open. */
  private compareHost: CompareController | undefined;
  private labelsHost: LabelsHost | undefined;
  /** Identity of the scorer of the last run: export writes what it scored. */
  private scorerIdentity: string | undefined;
  private readonly memory: ThresholdMemory;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** The latest rerank() call, and the one Cancel was pressed for (a rerun must not outlive Cancel). */
  private runToken = 0;
  private cancelledRun = -1;

  /** Opens (or reveals) the panel for a new input and scores set `setIndex` with `query`. */
  static async show(svc: Services, input: RerankInput, setIndex: number, query: string): Promise<RerankPanel> {
    const panel = RerankPanel.current ?? RerankPanel.create(svc);
    panel.panel.reveal(undefined, false);
    panel.session?.dispose();
    panel.session = new RerankSession(toSessionInput(input));
    panel.closeLab();
    panel.startOver({ label: input.sourceLabel, kind: input.kind, uri: input.sourceUri }, input.result, setIndex, query);
    panel.post({ type: 'state', state: panel.state });
    await panel.rerank(query);
    return panel;
  }

  /**
   * Opens the input as a labelled set: the threshold lab over every query (src/panel/lab/), scored as
   * one stream through the on-disk score store. The per-query view opens on a query from there.
   */
  static async showLab(svc: Services, input: RerankInput, opts: { firstStage?: string; note?: string } = {}): Promise<RerankPanel> {
    const panel = RerankPanel.current ?? RerankPanel.create(svc);
    panel.panel.reveal(undefined, false);
    panel.session?.dispose();
    panel.session = new RerankSession(toSessionInput(input));
    const first = input.result.sets.findIndex((s) => s.chunks.length > 0);
    panel.startOver({ label: input.sourceLabel, kind: input.kind, uri: input.sourceUri }, input.result, Math.max(0, first), input.result.sets[Math.max(0, first)]?.query ?? '');
    panel.state.status = { phase: 'idle', done: 0, total: panel.state.rows.length };
    panel.post({ type: 'state', state: panel.state });
    const session = panel.session;
    panel.lab = new LabController(svc, session, panel.labPanel(), async () => withScoreStore(await scorerFor(svc, readSettings()), await svc.scoreStore()), {
      threshold: panel.state.threshold,
      ...opts,
    });
    await panel.lab.start();
    return panel;
  }

  /** What the lab controller may do to the panel. */
  private labPanel(): LabPanel {
    return {
      post: (msg) => this.post(msg),
      openQuery: async (setIndex, threshold) => {
        this.post({ type: 'labMode', mode: 'query' });
        this.state.threshold = threshold;
        await this.memory.remember(this.state.model, threshold, this.state.topK);
        await this.selectQuery(setIndex);
      },
      applyThreshold: async (threshold) => {
        this.state.threshold = threshold;
        await this.memory.remember(this.state.model, threshold, this.state.topK);
        this.post({ type: 'state', state: this.state });
      },
      saveDefault: async (threshold) => {
        this.state.threshold = threshold;
        await this.saveThresholdAsDefault();
      },
    };
  }

  /** A new per-query input replaces the labelled set. */
  private closeLab(): void {
    if (!this.lab) return;
    this.lab = undefined;
    this.post({ type: 'labMode', mode: 'query', closed: true });
  }

  /** The "Why?" view's host (src/panel/explain/), made on first use with the panel's rows and scorer. */
  get explainer(): ExplainHost {
    return (this.explainHost ??= new ExplainHost({ post: (m) => this.post(m), rows: () => this.state.rows, query: () => this.state.query, scorer: () => localScorerFor(this.svc, readSettings()), log: this.svc.log }));
  }

  /** Issue 14: judging rows, saved in the workspace's label store (src/panel/labels/). */
  get labels(): LabelsHost {
    return (this.labelsHost ??= new LabelsHost({
      post: (m) => this.post(m),
      state: () => this.state,
      activeSet: async () => (this.state.rows.length ? (await this.currentSession()).input.result.sets[this.state.activeQuery] : undefined),
      lab: () => this.lab,
      log: this.svc.log,
    }));
  }

  /** Opens the compare view over this panel's session (scope 'set': the query on screen) and scores
   *  what is missing; resolves when the run ends. */
  async compare(entries: CompareEntry[], scope: 'set' | 'all'): Promise<CompareController> {
    const session = await this.currentSession();
    this.compareHost?.dispose();
    const sets = scope === 'all' ? session.input.result.sets.map((_, i) => i) : [session.input.result.sets[this.state.activeQuery] ? this.state.activeQuery : 0];
    // The labels the panel shows: the lab's (attached qrels, saved judgments), else the input's with
    // the saved judgments over them (the compare view said "no labels" beside a labelled lab).
    const labelsOf = (i: number) => {
      if (this.lab) return this.lab.labelsOf(i);
      const set = session.input.result.sets[i];
      return set ? labelsOfSet(set, this.labelsHost?.current().qrels) : null;
    };
    const commands = { run: async (c: 'setApiKey' | 'compareScorers') => vscode.commands.executeCommand(c === 'setApiKey' ? COMMANDS.setApiKey : COMMANDS.compareScorers) };
    const host = new CompareController(session, (m) => this.post(m), entries, sets, scope, this.state.query, this.svc.log, labelsOf, commands);
    this.compareHost = host;
    await host.start();
    return host;
  }

  /** The open compare view, if any (test API). */
  get comparer(): CompareController | undefined {
    return this.compareHost;
  }

  /** The open labelled set, if any (test API). */
  get labController(): LabController | undefined {
    return this.lab;
  }

  /** Shows an input error (bad JSON, nothing found) in the panel; the caller also notifies. */
  static showInputError(svc: Services, source: PanelSource, err: UserError): RerankPanel {
    const panel = RerankPanel.current ?? RerankPanel.create(svc);
    panel.panel.reveal(undefined, true);
    panel.session?.dispose();
    panel.session = undefined;
    panel.closeLab();
    panel.startOver(source, { sets: [], diagnostics: [] }, 0, '');
    panel.state.status = errorStatus(err.message, err.hint);
    panel.post({ type: 'state', state: panel.state });
    return panel;
  }

  /** Re-creates the host side of a panel VS Code restored after a reload. */
  static restore(svc: Services, webviewPanel: vscode.WebviewPanel, saved: unknown): RerankPanel {
    RerankPanel.current?.dispose();
    const panel = new RerankPanel(svc, webviewPanel, isPanelState(saved) ? saved : undefined);
    const phase = panel.state.status.phase;
    if (phase === 'scoring' || phase === 'loading-model' || phase === 'downloading') {
      // The run that was going on died with the old extension host.
      panel.state.status = { phase: 'cancelled', done: panel.state.status.done, total: panel.state.status.total, message: 'Interrupted by a window reload. Press Enter in the query box to run it again.' };
    }
    RerankPanel.current = panel;
    return panel;
  }

  private static create(svc: Services): RerankPanel {
    const webviewPanel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Rerank Lens',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(svc.context.extensionUri),
    );
    const panel = new RerankPanel(svc, webviewPanel, undefined);
    RerankPanel.current = panel;
    return panel;
  }

  private constructor(
    private readonly svc: Services,
    private readonly panel: vscode.WebviewPanel,
    state: PanelState | undefined,
  ) {
    this.memory = new ThresholdMemory(svc.context.workspaceState, svc.settings);
    this.state = state ?? this.freshState({ label: 'Nothing reranked yet', kind: 'selection' }, { sets: [], diagnostics: [] }, 0, '', undefined);
    this.panel.webview.options = webviewOptions(svc.context.extensionUri);
    this.panel.webview.html = panelHtml(this.panel.webview, svc.context.extensionUri);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    vscode.commands.executeCommand('setContext', CONTEXT_KEYS.panelOpen, true);
  }

  /** The one place a PanelState is built: settings, the model's remembered threshold and top-k, and
   *  the view choices (table/diff, only-moved) kept from `previous`. */
  private freshState(source: PanelSource, result: ReadResult, setIndex: number, query: string, previous: PanelState | undefined, keep?: Pick<PanelState, 'model' | 'display' | 'threshold' | 'topK'>): PanelState {
    const settings = this.svc.settings();
    const model = keep?.model ?? scorerKey(settings);
    // Threshold and top-k carry over only to the same input (issue 13: a top-k of 5 from one file
    // landed on a 1-chunk file); a new input starts from the settings' defaults.
    const carry = keep ?? (sameInput(previous, { sourceUri: source.uri?.toString(), sourceLabel: source.label }) ? previous : undefined);
    const st = initialState({
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
      display: keep?.display ?? 'logit', // startSpaces below: from the settings and the model
      threshold: carry?.threshold ?? settings.defaultThreshold,
      topK: carry ? carry.topK : settings.defaultTopK,
      previous,
    });
    startSpaces(st, settings, previous, { kept: keep !== undefined, carried: carry !== undefined });
    // Switched on, the threshold starts at the model's remembered (or default) one.
    const remembered = this.memory.threshold(model);
    const saved = (carry ? previous?.savedThreshold : undefined) ?? (remembered.value !== null ? { space: remembered.space, value: remembered.value } : undefined);
    if (saved) st.savedThreshold = saved;
    const density = this.svc.context.globalState.get<unknown>(DENSITY_KEY);
    if (isDensity(density)) st.density = density;
    if (previous?.fullRange) st.fullRange = true;
    const note = modelNoteFor(model);
    if (note) st.modelNote = note;
    return st;
  }

  private startOver(source: PanelSource, result: ReadResult, setIndex: number, query: string): void {
    this.scorerIdentity = undefined;
    this.state = this.freshState(source, result, setIndex, query, this.state);
    this.panel.title = `Rerank: ${source.label}`;
  }

  /** A message from the webview: validated first (the webview is untrusted), never throws. */
  async receive(raw: unknown): Promise<void> {
    const labMsg = parseLabWebviewMessage(raw);
    if (labMsg) {
      if (!this.lab) return this.svc.log.warn(`Ignored '${labMsg.type}': no labelled set is open.`);
      return this.lab.handle(labMsg).catch((e: unknown) => this.svc.log.error(`Panel message '${labMsg.type}' failed`, e));
    }
    if (isCompareType(raw)) {
      const m = parseCompareWebviewMessage(raw);
      if (!m || !this.compareHost) return this.svc.log.warn(`Ignored a compare message from the panel: ${safeJson(raw)}`);
      return this.compareHost.handle(m).catch((e: unknown) => this.svc.log.error(`Panel message '${m.type}' failed`, e));
    }
    if (isExplainType(raw)) {
      const m = parseExplainWebviewMessage(raw);
      if (!m) return this.svc.log.warn(`Ignored a malformed explain message from the panel: ${safeJson(raw)}`);
      return this.explainer.handle(m).catch((e: unknown) => this.svc.log.error(`Panel message '${m.type}' failed`, e));
    }
    if (isLabelsType(raw)) {
      const m = parseLabelsWebviewMessage(raw);
      return m ? this.labels.handle(m) : this.svc.log.warn(`Ignored a malformed label message from the panel: ${safeJson(raw)}`);
    }
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

  /** The scoreDisplay setting changed: show the other score first ('model': the model's own space). */
  setDisplay(setting: Settings['scoreDisplay']): void {
    const before = JSON.stringify([this.state.display, this.state.threshold]);
    displayForSetting(this.state, setting);
    if (JSON.stringify([this.state.display, this.state.threshold]) !== before) this.post({ type: 'state', state: this.state });
  }

  /** The current state (test API and export). */
  getState(): PanelState {
    return this.state;
  }

  /** Resolves when the current scoring run (if any) has finished. */
  async whenIdle(): Promise<void> {
    await this.session?.whenIdle();
  }

  /** Cancels the latest run, also one still on its way to the session (not the run it replaces). */
  cancel(): void {
    this.cancelledRun = this.runToken;
    this.session?.cancel();
  }

  /** The session behind the panel; after a reload it is rebuilt: the file re-read, else the rows. */
  async currentSession(): Promise<RerankSession> {
    if (this.session) return this.session;
    const s = this.state;
    let input: SessionInput | undefined;
    if (s.sourceKind === 'file' && s.sourceUri) {
      const read = await readInputFile(this.svc, vscode.Uri.parse(s.sourceUri));
      if ('result' in read && read.result.sets.length > 0) input = toSessionInput(read);
    }
    input ??= {
      source: { kind: s.sourceKind ?? 'selection', label: s.sourceLabel, ...(s.sourceUri ? { uri: s.sourceUri } : {}) },
      result: { sets: [{ query: s.query, chunks: chunksFromRows(s.rows), format: s.format ?? 'restored' }], diagnostics: [], format: s.format },
    };
    this.session = new RerankSession(input);
    return this.session;
  }

  /** Scored sets for export: every set scored so far by the last scorer (the rows on screen after a reload). */
  async scoredSets(): Promise<{ session: RerankSession; sets: ScoredSet[] }> {
    const session = await this.currentSession();
    const sets = this.scorerIdentity ? session.scoredBy(this.scorerIdentity) : [];
    if (sets.length === 0 && this.state.rows.some((r) => r.score)) {
      const scores: (PairScore | undefined)[] = this.state.rows.map((r) => r.score);
      sets.push({ setIndex: this.session?.input.result.sets.length ? this.state.activeQuery : 0, query: this.state.query, scorer: { identity: 'restored', label: this.state.model, kind: 'local', provider: 'local', model: this.state.model, meaning: 'logit' }, scores, complete: true });
    }
    return { session, sets };
  }

  /** Scores the rows on screen with `query` (a new query, or the same one after a model change).
   *  The state changes are src/panel/queryRun.ts's; this wires them to the session and the webview. */
  async rerank(query: string): Promise<void> {
    const token = ++this.runToken;
    const settings = readSettings();
    warnIgnoredUntrusted(settings.ignoredUntrusted);
    const session = await this.currentSession();
    const s = this.state;
    beginRun(s, { query, model: scorerKey(settings), dtype: settings.dtype, thresholdFor: (m) => this.memory.threshold(m), noteFor: modelNoteFor });
    this.post({ type: 'state', state: s });
    const scorer = await scorerFor(this.svc, settings);
    // A newer rerank started while the scorer was made: it owns the panel now.
    if (token !== this.runToken || this.disposed) return;
    s.scorerMeaning = scorer.info().meaning;
    if (scorer.info().kind === 'remote') s.scorerLabel = scorer.info().label;
    else delete s.scorerLabel;
    const setIndex = session.input.result.sets[s.activeQuery] ? s.activeQuery : 0;
    // Cancel pressed before this run reached the session (it would have hit the run this one replaces).
    const outcome: RunOutcome =
      this.cancelledRun === token
        ? { status: 'cancelled', scored: { setIndex, query, scorer: scorer.info(), scores: [], complete: false } }
        : await session.run({
            setIndex,
            query,
            scorer,
            onEvent: (e) => {
              if (this.disposed) return;
              const msg = runEvent(s, e);
              if (msg) this.post(msg);
            },
          });
    // The outcome of a run a newer one replaced (cancelled or not) is not this panel's to show.
    if (this.disposed || token !== this.runToken) return;
    const end = finishRun(s, outcome);
    // A model that cannot load: the panel and the notification also say which setting named it.
    const ue: UserError | undefined = end.failure && withModelSource({ message: end.failure.message, hint: end.failure.hint, code: end.failure.cause as UserError['code'] });
    if (ue?.hint && s.status.phase === 'error') s.status.hint = ue.hint;
    if (end.scorerIdentity) this.scorerIdentity = end.scorerIdentity;
    if (end.message) this.post(end.message);
    if (end.cancelled) this.svc.statusBar.set(this.svc.statusBar.current().kind === 'scoring' ? { kind: 'ready' } : { kind: 'not-loaded' });
    if (ue) {
      this.svc.log.error(`Scoring failed: ${ue.message}`, end.failure);
      this.svc.statusBar.set({ kind: 'error', message: ue.message });
      void notifyError(this.svc.log, ue);
    }
  }

  private async onMessage(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'state', state: this.state });
        this.lab?.resend();
        this.compareHost?.resend();
        return;
      case 'rerun': {
        // rerank() takes its run token before its first await: a Cancel right behind this message
        // cancels this run, not the one it replaces.
        const run = this.rerank(msg.query);
        await rememberQuery(this.svc.context, msg.query);
        await run;
        return;
      }
      case 'selectQuery':
        await this.selectQuery(msg.index);
        return;
      case 'showTokens': {
        const row = this.state.rows.find((r) => r.index === msg.index);
        if (row) await showTokens(this.svc, readSettings(), this.state.query, row);
        return;
      }
      case 'reveal': {
        const row = this.state.rows.find((r) => r.index === msg.index);
        if (row && this.state.sourceUri) {
          await revealRow(this.svc, row, this.state.sourceUri, { panel: this.panel.viewColumn, input: this.session?.input.source.viewColumn });
        }
        return;
      }
      case 'settings': {
        const s = this.state;
        userSettings(s, msg.display, msg.threshold);
        s.threshold = msg.threshold;
        s.topK = msg.topK;
        s.display = msg.display;
        s.onlyMoved = msg.onlyMoved;
        s.view = msg.view;
        if (msg.savedThreshold) s.savedThreshold = msg.savedThreshold;
        if (msg.fullRange !== undefined) s.fullRange = msg.fullRange;
        if (msg.density && msg.density !== s.density) {
          s.density = msg.density;
          await this.svc.context.globalState.update(DENSITY_KEY, msg.density);
        }
        await this.memory.remember(s.model, msg.threshold, msg.topK);
        return;
      }
      case 'saveThresholdAsDefault':
        await this.saveThresholdAsDefault();
        return;
      case 'cancel':
        this.cancel();
        return;
      case 'export':
        await vscode.commands.executeCommand(COMMANDS.exportResults);
        return;
      case 'selectModel': {
        const before = modelKey(readSettings());
        await vscode.commands.executeCommand(COMMANDS.selectModel);
        const after = modelKey(readSettings());
        // Select Model already reran a panel that showed an error (modelChanged): not twice.
        if (after !== before && this.state.model !== after && this.state.rows.length > 0 && this.state.query.trim() !== '') await this.rerank(this.state.query);
        return;
      }
    }
  }

  private async saveThresholdAsDefault(): Promise<void> {
    const cfg = vscode.workspace.getConfiguration(SECTION);
    await cfg.update('defaultThreshold', this.state.threshold.value, writeTarget('defaultThreshold'));
    await cfg.update('defaultThresholdSpace', this.state.threshold.space, writeTarget('defaultThresholdSpace'));
    void notify.info(
      this.state.threshold.value === null
        ? 'Rerank Lens: default threshold cleared.'
        : `Rerank Lens: default threshold set to ${this.state.threshold.value} (${this.state.threshold.space}).`,
    );
  }

  private async selectQuery(index: number): Promise<void> {
    const session = await this.currentSession();
    const input = session.input;
    const set = input.result.sets[index];
    if (!set) return;
    const source: PanelSource = { label: input.source.label, kind: input.source.kind, ...(input.source.uri ? { uri: vscode.Uri.parse(input.source.uri) } : {}) };
    // A set without query text is offered the query typed for the set before (the box shows it and
    // Enter reruns with an edit); with none typed yet, it waits for one without an error.
    const typed = this.state.query;
    const query = set.query && set.query.trim() !== '' ? set.query : typed;
    this.state = this.freshState(source, input.result, index, query, this.state, this.state);
    if (query.trim() === '') {
      this.state.status = { phase: 'idle', done: 0, total: this.state.rows.length, message: 'This set has no query: type it in the query box and press Enter.' };
      this.post({ type: 'state', state: this.state });
      return;
    }
    await this.rerank(query);
  }

  /** The configured model changed (Select Model): a panel showing an error or another model's
   *  scores reruns, so a switch back clears the error banner and the "previous model" mark. */
  async modelChanged(): Promise<void> {
    const s = this.state;
    if (s.rows.length === 0 || s.query.trim() === '') return;
    if (s.status.phase === 'error' || s.scoresFrom) await this.rerank(s.query);
  }

  private post(msg: HostMessage | LabHostMessage | ExplainHostMessage | LabelsHostMessage | CompareHostMessage): void {
    if (this.disposed) return;
    this.panel.webview.postMessage(msg).then(undefined, (e: unknown) => this.svc.log.debug(`postMessage failed: ${String(e)}`));
    // Every state the webview gets is followed by its rows' saved judgments (issue 14).
    if (msg.type === 'state') this.labels.stateChanged();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.session?.dispose();
    this.explainHost?.dispose();
    this.compareHost?.dispose();
    this.labelsHost?.dispose();
    if (RerankPanel.current === this) {
      RerankPanel.current = undefined;
      vscode.commands.executeCommand('setContext', CONTEXT_KEYS.panelOpen, false);
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

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x).slice(0, 200);
  } catch {
    return String(x);
  }
}
