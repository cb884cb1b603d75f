// The panel front end: owns the webview's copy of the state, renders it, and turns user actions into
// WebviewMessages. Slider and top-k moves recompute kept/dropped here (class flips on existing rows);
// the host hears about settings once a gesture ends (debounced) so it can persist them per model.
import { convertThresholdForScores, countStates, keepStates, rankChunks, scoreIn, type KeepState, type RankedChunk } from '../src/core/rank';
import type { PairScore } from '../src/engine/protocol';
import type { Density, PanelRow, PanelState, PanelStatus, ScoreSpace, WebviewMessage } from '../src/panel/protocol';
import { quantile } from './format';
import { debounce, h, type VsCodeApi } from './dom';
import { Controls } from './render/controls';
import { Header } from './render/header';
import { ScoreHistogram, thresholdDomain, type Domain } from './render/histogram';
import { DiffView } from './render/diffView';
import { RowsTable, sameRowContent } from './render/table';
import { applyScores } from '../src/core/applyScores';
import { isPanelState } from '../src/panel/protocol';
import { normalizeState, parseHostMessage } from './hostMessages';
import { LabMount } from './lab/labMount';
import { CompareMount } from './compare/compareMount';
import { ExplainView } from './explain/explainView';
import { displayId } from './format';
import { Judging } from './labels/judging';

/** Default k for the diff summary when no top-k is set. */
const DIFF_DEFAULT_K = 10;

export class App {
  readonly labMount: LabMount;
  /** Issue 10: the compare view (media/compare/), over everything else while it shows. */
  readonly compareMount: CompareMount;
  /** Issue 11: the "Why?" view (media/explain/), above the tabs. */
  readonly explain: ExplainView;
  /** Issue 14: relevance judging per row and "Label where it matters" (media/labels/). */
  readonly judging: Judging;
  state?: PanelState;
  ranked: RankedChunk<PanelRow>[] = [];
  keep: KeepState[] = [];
  readonly header: Header;
  readonly controls: Controls;
  readonly histogram: ScoreHistogram;
  readonly table: RowsTable;
  readonly diff: DiffView;
  private readonly main: HTMLElement;
  private readonly emptyNote: HTMLElement;
  private readonly tabs: { table: HTMLButtonElement; diff: HTMLButtonElement };
  /** Filters and view tabs: hidden while the input has no chunks (nothing to filter or compare). */
  private readonly filters: HTMLElement;
  private readonly tablist: HTMLElement;
  private readonly panels: { table: HTMLElement; diff: HTMLElement };
  private domain: Domain = { lo: 0, hi: 1 };
  /** Scores that arrived before any state (the host should not do that, but a race must not lose them). */
  private early: PairScore[] = [];
  private diffDirty = true;
  private readonly postSettings = debounce(() => this.sendSettings(), 250);
  private readonly persist = debounce(() => this.saveState(), 300);
  private frame?: number;

  constructor(readonly root: HTMLElement, private readonly api: VsCodeApi) {
    const doc = root.ownerDocument;
    this.header = new Header(doc, {
      rerun: (query) => this.post({ type: 'rerun', query }),
      selectQuery: (index) => this.post({ type: 'selectQuery', index }),
      cancel: () => this.post({ type: 'cancel' }),
      selectModel: () => this.post({ type: 'selectModel' }),
      exportResults: () => this.post({ type: 'export' }),
    });
    this.controls = new Controls(doc, {
      threshold: (value, final) => this.setThreshold(value, final),
      space: (space) => this.setSpace(space),
      topK: (k, final) => this.setTopK(k, final),
      density: (density) => this.setDensity(density),
      saveDefault: () => {
        this.postSettings.flush();
        this.post({ type: 'saveThresholdAsDefault' });
      },
    });
    this.histogram = new ScoreHistogram(doc, { change: (v, final) => this.setThreshold(v, final), fullRange: (on) => this.setFullRange(on) });
    this.explain = new ExplainView(doc, {
      post: (m) => this.post(m as unknown as WebviewMessage),
      rowName: (index) => displayId(this.state?.rows.find((r) => r.index === index)?.id ?? `#${index + 1}`),
      topK: () => this.state?.topK ?? 3,
    });
    this.judging = new Judging(doc, { post: (m) => this.post(m as unknown as WebviewMessage), changed: () => this.state && this.reorder() });
    this.table = new RowsTable(doc, {
      reveal: (index) => this.post({ type: 'reveal', index }),
      why: (index) => this.explain.request({ index }),
      tokens: (index) => this.post({ type: 'showTokens', index }),
      labelSlot: (row) => this.judging.slot(row),
      labelKey: (e, index) => this.judging.onKey(e, index),
    });
    this.diff = new DiffView(doc, { onlyMoved: (on) => this.setOnlyMoved(on) });

    const tab = (id: 'table' | 'diff', label: string, iconName: string) =>
      h(doc, 'button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, class: 'tab' }, h(doc, 'span', { class: `codicon codicon-${iconName}`, 'aria-hidden': 'true' }), ` ${label}`);
    this.tabs = { table: tab('table', 'Ranked', 'list-ordered'), diff: tab('diff', 'Original vs reranked', 'diff') };
    this.panels = {
      table: h(doc, 'section', { role: 'tabpanel', id: 'panel-table', 'aria-labelledby': 'tab-table', class: 'tabpanel' }, this.table.el),
      diff: h(doc, 'section', { role: 'tabpanel', id: 'panel-diff', 'aria-labelledby': 'tab-diff', class: 'tabpanel' }, this.diff.el),
    };
    const tablist = h(doc, 'div', { role: 'tablist', class: 'tabs', 'aria-label': 'View' }, this.tabs.table, this.tabs.diff);
    this.tablist = tablist;
    for (const id of ['table', 'diff'] as const) this.tabs[id].addEventListener('click', () => this.setView(id));
    tablist.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const next = this.state?.view === 'table' ? 'diff' : 'table';
      this.setView(next);
      this.tabs[next].focus();
      e.preventDefault();
    });

    this.emptyNote = h(doc, 'p', { class: 'empty muted' }, 'Waiting for results…');
    // A narrow panel (beside an editor) folds the filters into one bar: the rows come first.
    const fold = h(doc, 'button', { type: 'button', class: 'link-button filters-fold', 'aria-expanded': 'true' }, 'Hide filters');
    this.filters = h(doc, 'div', { class: 'filters' }, fold, this.controls.el, this.histogram.el);
    const setFolded = (folded: boolean) => {
      this.filters.classList.toggle('folded', folded);
      fold.setAttribute('aria-expanded', String(!folded));
      fold.textContent = folded ? 'Show filters' : 'Hide filters';
    };
    fold.addEventListener('click', () => setFolded(!this.filters.classList.contains('folded')));
    const width = doc.defaultView?.innerWidth ?? 1000;
    if (width > 0 && width < 480) setFolded(true);
    this.main = h(doc, 'main', { class: 'main', hidden: true }, this.filters, tablist, this.panels.table, this.panels.diff);
    this.main.insertBefore(this.explain.el, tablist);
    this.main.insertBefore(this.judging.el, tablist);
    root.classList.add('rerank-lens');
    root.append(this.header.el, this.emptyNote, this.main);
    // The header is sticky: a row reached with Shift+Tab or the arrow keys was scrolled under it,
    // focused but out of sight; scroll it back below the header. Keyboard focus only (:focus-visible):
    // scrolling on a mouse press moved the row away before the release, and the click never came
    // (CSS scroll-padding did exactly that).
    this.main.addEventListener('focusin', (e) => {
      const el = e.target as HTMLElement | null;
      const win = doc.defaultView;
      if (!el || !win || !el.matches?.(':focus-visible')) return;
      const covered = this.header.el.getBoundingClientRect().bottom + 4 - el.getBoundingClientRect().top;
      if (covered > 0) win.scrollBy(0, -covered);
    });
    // The labelled-set view (media/lab/) shares the panel; it hides these while it shows.
    this.labMount = new LabMount(root, () => [this.header.el, this.emptyNote, this.main], (m) => this.post(m as unknown as WebviewMessage));
    this.compareMount = new CompareMount(root, (m) => this.post(m as unknown as WebviewMessage));
    this.header.el.hidden = true;
  }

  /** Entry for every message from the host; anything malformed is ignored. */
  handleMessage(raw: unknown) {
    if (this.compareMount.handle(raw)) return;
    if (this.labMount.handle(raw)) return;
    if (this.explain.handle(raw)) return;
    if (this.judging.handle(raw)) return;
    const msg = parseHostMessage(raw);
    if (!msg) return;
    switch (msg.type) {
      case 'state':
        this.setState(msg.state);
        break;
      case 'scores':
        this.onScores(msg.scores, msg.status);
        break;
      case 'status':
        if (!this.state) return;
        this.state.status = msg.status;
        if (msg.elapsedMs !== undefined) this.state.elapsedMs = msg.elapsedMs;
        if (msg.cacheHits !== undefined) this.state.cacheHits = msg.cacheHits;
        this.header.updateStatus(msg.status, this.state.rows.length, this.state.elapsedMs, this.state.cacheHits, this.state.dtype);
        this.persist();
        // A finished run is saved at once: a window reload right after it must restore this state.
        if (msg.status.phase !== 'scoring' && msg.status.phase !== 'downloading' && msg.status.phase !== 'loading-model') this.persist.flush();
        break;
    }
  }

  /** Shows a state restored from vscode.getState() (after a reload) until the host sends a fresh one. */
  restore(saved: unknown): boolean {
    if (!isPanelState(saved)) return false;
    if (!this.state) this.setState(normalizeState(saved));
    return true;
  }

  setState(st: PanelState) {
    const prev = this.state;
    // Own copy: rows get scores merged into them as batches arrive.
    this.state = { ...st, rows: st.rows.map((r) => ({ ...r })) };
    this.judging.apply(this.state);
    // One score space for the panel: a threshold kept in the other space is converted to this one.
    const own = this.state;
    if (own.threshold.space !== own.display) {
      const scored = own.rows.flatMap((r) => (r.score ? [r.score] : []));
      own.threshold = { space: own.display, value: convertThresholdForScores(own.threshold.value, own.threshold.space, own.display, scored) };
    }
    this.table.setDensity(own.density === 'compact' ? 'compact' : 'comfortable');
    if (this.early.length) {
      applyScores(this.state.rows, this.early);
      this.early = [];
    }
    this.header.el.hidden = false;
    this.emptyNote.hidden = true;
    this.main.hidden = false;
    // An input with no chunks (a read error, an empty file): sliders, an empty histogram and a diff
    // tab would only suggest that scores are coming; the header's error and the table's note remain.
    const none = this.state.rows.length === 0;
    this.filters.hidden = none;
    this.tablist.hidden = none;
    // Nor "Why? Top k" or judging ("0 of 0 rows judged · saved in …") under an empty file's error.
    this.explain.el.hidden = none;
    this.judging.el.hidden = none;
    this.header.update(this.state);
    if (prev && prev.query === this.state.query && sameRowContent(prev.rows, this.state.rows)) this.table.refreshRows(this.state.rows, this.state.display);
    else this.table.setRows(this.state.rows, this.state.query, this.state.display);
    this.reorder();
    this.applyView();
    // A new input is saved at once, not debounced: a window reload right after it must not bring
    // back the previous input (seen in e2e: 1 of 3 immediate reloads restored the older state).
    this.persist();
    this.persist.flush();
  }

  private onScores(scores: PairScore[], status: PanelStatus) {
    if (!this.state) {
      this.early.push(...scores);
      return;
    }
    const changed = applyScores(this.state.rows, scores);
    this.state.status = status;
    this.header.updateStatus(status, this.state.rows.length, this.state.elapsedMs, this.state.cacheHits, this.state.dtype);
    this.table.updateScores(changed);
    this.reorder();
    this.persist();
    if (status.phase === 'done') this.persist.flush();
  }

  /** New scores: new order, new histogram, new kept set; the diff view redraws when visible. */
  private reorder() {
    const st = this.state!;
    this.ranked = rankChunks(st.rows, st.rows.map((r) => r.score));
    this.table.applyOrder(this.judging.order(this.ranked, st));
    this.refreshHistogram();
    this.diffDirty = true;
    this.refilter();
  }

  /** The k-th best score in the threshold's space while top-k cuts something; else null. */
  private topKCut(): number | null {
    const st = this.state!;
    if (st.topK === null) return null;
    // this.ranked is in rank order (core/rank: scored by score descending, then the unscored).
    const scored = this.ranked.filter((r) => r.score);
    if (st.topK >= scored.length || st.topK < 1) return null;
    return scoreIn(scored[st.topK - 1].score!, st.threshold.space);
  }

  private scoredValues(space: ScoreSpace): number[] {
    const out: number[] = [];
    for (const r of this.state!.rows) if (r.score) out.push(scoreIn(r.score, space));
    return out;
  }

  private refreshHistogram() {
    const st = this.state!;
    const values = this.scoredValues(st.threshold.space);
    this.domain = thresholdDomain(values, st.threshold.space, st.threshold.value, st.fullRange === true);
    this.histogram.setData(values, st.threshold.space, this.domain, st.fullRange === true);
  }

  /** The cheap path for every slider move: keep states, class flips, counts, the histogram line. */
  private refilter() {
    const st = this.state!;
    this.keep = keepStates(this.ranked, { threshold: st.threshold, topK: st.topK });
    const filtering = st.threshold.value !== null || st.topK !== null;
    this.table.applyKeep(this.ranked, this.keep, filtering);
    this.controls.update({ threshold: st.threshold, topK: st.topK, domain: this.domain, rows: st.rows.length, display: st.display, start: this.startThreshold(), density: st.density ?? 'comfortable' });
    this.controls.setCounts(countStates(this.keep), filtering);
    this.histogram.setTopK(this.topKCut(), st.topK);
    this.histogram.setValue(st.threshold.value);
    this.explain.showTopK();
    if (st.view === 'diff') this.scheduleDiff();
  }

  private scheduleDiff() {
    if (!this.diffDirty && this.frame === undefined) return;
    const win = this.root.ownerDocument.defaultView;
    const raf = win?.requestAnimationFrame?.bind(win);
    if (!raf) return this.renderDiff();
    if (this.frame !== undefined) return;
    this.frame = raf(() => {
      this.frame = undefined;
      this.renderDiff();
    });
  }

  /** Redraws the diff view now (also used by tests, which have no animation frames to wait for). */
  renderDiff() {
    const st = this.state;
    if (!st) return;
    this.diff.update(this.ranked, st.topK ?? DIFF_DEFAULT_K, st.onlyMoved);
    this.diffDirty = false;
  }

  /**
   * Where the threshold starts when switched on: the value it had when switched off (or the model's
   * remembered one), else the median score (keeps about half). Logit 0 dropped everything for
   * models whose scores are all negative.
   */
  startThreshold(): number {
    const st = this.state!;
    const space = st.threshold.space;
    const saved = st.savedThreshold;
    const scored = st.rows.flatMap((r) => (r.score ? [r.score] : []));
    // A restored state from an older build may carry anything here: only a real threshold counts.
    if (saved && typeof saved.value === 'number' && Number.isFinite(saved.value) && (saved.space === 'logit' || saved.space === 'probability')) {
      return convertThresholdForScores(saved.value, saved.space, space, scored) ?? saved.value;
    }
    const mid = quantile(this.scoredValues(space), 0.5);
    return mid ?? (space === 'probability' ? 0.5 : 0);
  }

  private setThreshold(value: number | null, final: boolean) {
    const st = this.state;
    if (!st) return;
    // Switched off: remember the value, switching on again brings it back.
    if (value === null && st.threshold.value !== null) st.savedThreshold = { ...st.threshold };
    const changed = st.threshold.value !== value;
    st.threshold = { space: st.threshold.space, value };
    // The domain only grows to show a typed value outside it; dragging stays inside.
    if (value !== null && (value < this.domain.lo || value > this.domain.hi)) this.refreshHistogram();
    this.refilter();
    if (changed || final) this.settingsChanged(final);
  }

  /** The panel's one score space: the table, the histogram and the threshold switch together. */
  private setSpace(space: ScoreSpace) {
    const st = this.state;
    if (!st || (st.threshold.space === space && st.display === space)) return;
    const scored = st.rows.flatMap((r) => (r.score ? [r.score] : []));
    st.threshold = { space, value: convertThresholdForScores(st.threshold.value, st.threshold.space, space, scored) };
    st.display = space;
    this.table.setDisplay(space);
    this.refreshHistogram();
    this.refilter();
    this.settingsChanged(true);
  }

  private setDensity(density: Density) {
    const st = this.state;
    if (!st || (st.density ?? 'comfortable') === density) return;
    st.density = density;
    this.table.setDensity(density);
    this.refilter();
    this.settingsChanged(true);
  }

  private setFullRange(on: boolean) {
    const st = this.state;
    if (!st || (st.fullRange === true) === on) return;
    st.fullRange = on;
    this.refreshHistogram();
    this.refilter();
    this.settingsChanged(true);
  }

  private setTopK(k: number | null, final: boolean) {
    const st = this.state;
    if (!st) return;
    const changed = st.topK !== k;
    st.topK = k;
    if (changed) this.diffDirty = true;
    this.refilter();
    if (changed || final) this.settingsChanged(final);
  }

  private setOnlyMoved(on: boolean) {
    const st = this.state;
    if (!st) return;
    st.onlyMoved = on;
    this.diffDirty = true;
    this.renderDiff();
    this.settingsChanged(true);
  }

  private setView(view: 'table' | 'diff') {
    const st = this.state;
    if (!st || st.view === view) return;
    st.view = view;
    this.applyView();
    this.settingsChanged(true);
  }

  private applyView() {
    const view = this.state!.rows.length === 0 ? 'table' : this.state!.view;
    for (const id of ['table', 'diff'] as const) {
      const on = id === view;
      this.tabs[id].setAttribute('aria-selected', String(on));
      this.tabs[id].setAttribute('tabindex', on ? '0' : '-1');
      this.panels[id].hidden = !on;
    }
    if (view === 'diff') {
      this.diffDirty = true;
      this.renderDiff();
    }
  }

  private settingsChanged(final: boolean) {
    this.postSettings();
    this.persist();
    if (final) {
      this.postSettings.flush();
    }
  }

  private sendSettings() {
    const st = this.state;
    if (!st) return;
    this.post({
      type: 'settings', threshold: st.threshold, topK: st.topK, display: st.display, onlyMoved: st.onlyMoved, view: st.view,
      ...(st.savedThreshold ? { savedThreshold: st.savedThreshold } : {}),
      ...(st.density ? { density: st.density } : {}),
      ...(st.fullRange !== undefined ? { fullRange: st.fullRange } : {}),
    });
  }

  private saveState() {
    if (this.state) this.api.setState(this.state);
  }

  /** Writes pending settings and state now (on page hide, and in tests). */
  flush() {
    this.postSettings.flush();
    this.persist.flush();
  }

  private post(msg: WebviewMessage) {
    this.api.postMessage(msg);
  }
}
