// The ranked table: one row per chunk, built once per state and then only updated in place: scores
// stream in (cells re-filled for the rows that changed), the order changes (rows moved, not rebuilt),
// slider moves toggle classes. That keeps a re-filter of 1,000 rows to class flips.
import type { KeepState, RankedChunk } from '../../src/core/rank';
import { highlightRanges, type HighlightRange } from '../../src/core/highlight';
import type { Density, PanelRow, ScoreSpace } from '../../src/panel/protocol';
import { clear, h, icon, setText, toggleClass } from '../dom';
import { displayId, formatLogit, formatProbability, formatRetrieverScore, scoreKindLabel, tokenCountText } from '../format';
import { fillChunkText } from './chunkText';

export interface TableHandlers {
  reveal(index: number): void;
  /** Issue 11 ("Why?" view, media/explain/): explain this row's score. */
  why?(index: number): void;
  /** Issue 15: show what the model saw for this row (ids, tokens, where truncation cut). */
  tokens?(index: number): void;
  /** Issue 14 (judging, media/labels/): the row's judging buttons, and keys on a focused row it handles. */
  labelSlot?(row: PanelRow): HTMLElement;
  labelKey?(e: KeyboardEvent, index: number): boolean;
}

interface RowView {
  row: PanelRow;
  el: HTMLElement;
  rank: HTMLElement;
  move: HTMLElement;
  orig: HTMLElement;
  scorePrimary: HTMLElement;
  scoreUnit: HTMLElement;
  scoreSecondary: HTMLElement;
  barFill: HTMLElement;
  tokens: HTMLElement;
  truncBadge: HTMLElement;
  keepBadge: HTMLElement;
  text: HTMLElement;
  ranges: HighlightRange[];
  /** Length of a BEIR title at the start of the text (shown as a title line), 0 when none. */
  titleLength: number;
  /** The score the cells currently show, to skip rows whose score did not change. */
  shown?: PanelRow['score'];
  state?: KeepState;
  move_?: number;
  rank_?: number;
}

const INTERACTIVE = 'a, button, summary, details, input, select, textarea, label';

export class RowsTable {
  readonly el: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly body: HTMLElement;
  private views = new Map<number, RowView>();
  private order: number[] = [];
  private display: ScoreSpace = 'probability';
  private cutRow?: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly retrieverHead: HTMLElement;
  /** Whether any row of the set has a retriever score (else that column shows only token counts). */
  private anyRetriever = true;
  private overflow?: ResizeObserver;
  private overflowOf = new WeakMap<Element, { expand: HTMLElement; row: HTMLElement }>();
  /** The row the user last focused, clicked or revealed: focus comes back to it. */
  private lastUsed?: HTMLElement;
  /** Whether a threshold or top-k is on: without one every row is "kept", which says nothing. */
  private filtering = true;

  constructor(private readonly doc: Document, private readonly handlers: TableHandlers) {
    this.body = h(doc, 'div', { class: 'grid-body', role: 'rowgroup' });
    this.empty = h(doc, 'p', { class: 'grid-empty muted', hidden: true }, 'No chunks to rank in this input.');
    this.retrieverHead = h(doc, 'div', { role: 'columnheader', class: 'c-retriever' }, 'Retriever');
    this.grid = h(
      doc,
      'div',
      { class: 'grid', role: 'grid', 'aria-label': 'Chunks in reranked order', 'aria-rowcount': 1 },
      h(
        doc,
        'div',
        { class: 'grid-head', role: 'rowgroup' },
        h(
          doc,
          'div',
          { class: 'grid-row head', role: 'row', 'aria-rowindex': 1 },
          h(doc, 'div', { role: 'columnheader', class: 'c-rank' }, 'Rank'),
          h(doc, 'div', { role: 'columnheader', class: 'c-score', title: 'Cross-encoder score' }, 'Reranker'),
          this.retrieverHead,
          h(doc, 'div', { role: 'columnheader', class: 'c-text' }, 'Chunk'),
        ),
      ),
      this.body,
    );
    this.el = h(doc, 'div', { class: 'grid-wrap filtering' }, this.grid, this.empty);
    this.body.addEventListener('click', (e) => this.onClick(e));
    this.body.addEventListener('keydown', (e) => this.onKey(e));
    // Focus reaching a row's button by any means makes that row the active one.
    this.body.addEventListener('focusin', (e) => {
      const rowEl = (e.target as Element | null)?.closest('.grid-row') as HTMLElement | null;
      const from = (e as FocusEvent).relatedTarget as Node | null;
      // Entering the list from outside (Tab): start at the row last used if it is in view, else at
      // the first row in view, not at a row 2,000 px further down that happened to be the tab stop.
      if (rowEl && e.target === rowEl && !(from && this.body.contains(from))) {
        const entry = this.entryRow();
        if (entry && entry !== rowEl) {
          this.makeActive(entry);
          entry.focus();
          return;
        }
      }
      if (rowEl) this.lastUsed = rowEl;
      if (rowEl && rowEl.getAttribute('tabindex') !== '0') this.makeActive(rowEl);
    });
    // Back from the editor (Enter revealed a chunk there): the webview gets focus again, and the row
    // last used gets it back instead of the page's body.
    doc.defaultView?.addEventListener('focus', () => {
      const active = this.doc.activeElement;
      if (this.lastUsed?.isConnected && (!active || active === this.doc.body)) this.focusRow(this.lastUsed);
    });
  }

  /** The row Tab should land on: the last used one when in view, else the first row in view. */
  entryRow(): HTMLElement | undefined {
    const win = this.doc.defaultView;
    const height = win?.innerHeight ?? 0;
    const rows = Array.from(this.body.children) as HTMLElement[];
    const inView = (r: HTMLElement) => {
      const b = r.getBoundingClientRect();
      return b.height > 0 && b.bottom > 0 && b.top < height;
    };
    if (this.lastUsed?.isConnected && inView(this.lastUsed)) return this.lastUsed;
    return rows.find(inView);
  }

  /** Compact rows show one or two lines of text and no second line of score details. */
  setDensity(density: Density) {
    toggleClass(this.el, 'compact', density === 'compact');
  }

  /** The row the user last used (tests, and the app after a re-render). */
  lastUsedRow(): HTMLElement | undefined {
    return this.lastUsed;
  }

  /** Rebuilds every row (new state: new rows or a new query). */
  setRows(rows: readonly PanelRow[], query: string, display: ScoreSpace) {
    this.display = display;
    clear(this.body);
    this.lastUsed = undefined;
    this.overflow?.disconnect();
    this.views.clear();
    this.order = [];
    this.cutRow = undefined;
    // A selection or a bare list has no retriever scores: "no score" on every row says nothing, so
    // the column is headed by what it does show, the token counts.
    this.anyRetriever = rows.some((r) => r.retrieverScore !== undefined);
    setText(this.retrieverHead, this.anyRetriever ? 'Retriever' : 'Tokens');
    this.retrieverHead.title = this.anyRetriever ? 'Retriever score and its meaning; query + chunk tokens' : 'The input has no retriever scores; query + chunk tokens';
    for (const row of rows) this.views.set(row.index, this.buildRow(row, query));
    this.grid.setAttribute('aria-rowcount', String(rows.length + 1));
    this.empty.hidden = rows.length > 0;
    // Column heads over no rows say nothing; the note says why the table is empty.
    this.grid.hidden = rows.length === 0;
  }

  /**
   * Same rows as shown (the host re-sent the state, e.g. at the end of a run): swap in the new row
   * objects and refill only rows whose score differs, so focus, expanded rows and scroll survive.
   */
  refreshRows(rows: readonly PanelRow[], display: ScoreSpace) {
    this.setDisplay(display);
    for (const row of rows) {
      const v = this.views.get(row.index);
      if (!v) continue;
      const changed = scoreKey(v.row.score) !== scoreKey(row.score);
      v.row = row;
      if (changed) this.fillScore(v);
      else v.shown = row.score;
    }
  }

  setDisplay(display: ScoreSpace) {
    if (display === this.display) return;
    this.display = display;
    for (const v of this.views.values()) this.fillScore(v);
  }

  /** Re-fills the score-dependent cells of rows whose score arrived or changed. */
  updateScores(indexes: Iterable<number>) {
    for (const i of indexes) {
      const v = this.views.get(i);
      if (v && v.shown !== v.row.score) this.fillScore(v);
    }
  }

  /** Puts the rows in ranked order (moving existing elements) and updates rank and move cells. */
  applyOrder(ranked: readonly RankedChunk<PanelRow>[]) {
    const next = ranked.map((r) => r.index);
    const sameOrder = next.length === this.order.length && next.every((x, i) => x === this.order[i]);
    if (!sameOrder) {
      // Walk the wanted order and move only what is out of place.
      let cursor: ChildNode | null = this.body.firstChild;
      for (const idx of next) {
        const v = this.views.get(idx);
        if (!v) continue;
        if (cursor === v.el) cursor = cursor.nextSibling;
        else this.body.insertBefore(v.el, cursor);
      }
      this.order = next;
    }
    ranked.forEach((r, pos) => {
      const v = this.views.get(r.index);
      if (!v) return;
      v.el.setAttribute('aria-rowindex', String(pos + 2));
      if (v.rank_ !== r.rank || v.move_ !== r.move) this.fillRank(v, r);
    });
    if (!this.body.querySelector('.grid-row[tabindex="0"]')) {
      const first = this.body.firstElementChild as HTMLElement | null;
      if (first) this.makeActive(first);
    }
  }

  /** Kept/dropped/unscored classes and the cut line; only rows whose state changed are touched. */
  applyKeep(ranked: readonly RankedChunk<PanelRow>[], states: readonly KeepState[], filtering = true) {
    let cut: HTMLElement | undefined;
    if (filtering !== this.filtering) {
      this.filtering = filtering;
      toggleClass(this.el, 'filtering', filtering);
      // Badges depend on it: refill every row below.
      for (const v of this.views.values()) v.state = undefined;
    }
    for (let i = 0; i < ranked.length; i++) {
      const v = this.views.get(ranked[i].index);
      if (!v) continue;
      const st = states[i];
      if (v.state !== st) {
        toggleClass(v.el, 'kept', st === 'kept');
        toggleClass(v.el, 'dropped', st === 'dropped');
        toggleClass(v.el, 'pending', st === 'unscored');
        setText(v.keepBadge, st === 'unscored' ? 'not scored yet' : !filtering ? '' : st === 'kept' ? 'kept' : 'dropped');
        v.keepBadge.hidden = v.keepBadge.textContent === '';
        v.state = st;
      }
      if (!cut && st === 'dropped' && i > 0 && states[i - 1] === 'kept') cut = v.el;
    }
    if (this.cutRow !== cut) {
      this.cutRow?.classList.remove('cut');
      cut?.classList.add('cut');
      this.cutRow = cut;
    }
  }

  rowElement(index: number): HTMLElement | undefined {
    return this.views.get(index)?.el;
  }

  private buildRow(row: PanelRow, query: string): RowView {
    const d = this.doc;
    const rank = h(d, 'span', { class: 'rank' });
    const move = h(d, 'span', { class: 'move' });
    const orig = h(d, 'span', { class: 'orig' });
    const scorePrimary = h(d, 'span', { class: 'score-primary' });
    // The big number says what it is: a negative best score read as "broken" without the word logit.
    const scoreUnit = h(d, 'span', { class: 'score-unit' });
    const scoreSecondary = h(d, 'span', { class: 'score-secondary' });
    const barFill = h(d, 'span', { class: 'bar-fill' });
    // Issue 15: the token count opens what the model saw (the `rerank-lens tokenize` view) when wired.
    const tokens = this.handlers.tokens
      ? h(d, 'button', { class: 'tokens link-button', type: 'button', title: 'Show the tokens the model saw for this pair (ids, type ids, where truncation cut)' })
      : h(d, 'span', { class: 'tokens' });
    const truncBadge = h(d, 'span', { class: 'badge trunc', hidden: true }, icon(d, 'warning'), ' truncated');
    const keepBadge = h(d, 'span', { class: 'keep-badge' });
    const text = h(d, 'div', { class: 'chunk-text' });
    const ranges = highlightRanges(row.text, query);

    const kind = scoreKindLabel(row.scoreKind);
    const retriever = h(
      d,
      'div',
      { role: 'gridcell', class: 'c-retriever' },
      row.retrieverScore === undefined
        ? this.anyRetriever ? h(d, 'span', { class: 'muted' }, 'no score') : null
        : h(d, 'span', { class: 'retriever-score', title: `Retriever ${kind.name}: ${kind.direction}` }, formatRetrieverScore(row.retrieverScore)),
      row.retrieverScore === undefined ? null : h(d, 'span', { class: `kind kind-${row.scoreKind}` }, `${kind.name}, ${kind.direction}`),
      tokens,
      truncBadge,
    );

    const head = h(
      d,
      'div',
      { class: 'chunk-head' },
      h(d, 'span', { class: 'chunk-id', title: /^#\d+$/.test(row.id) ? `No id in the input: item ${row.id.slice(1)} in input order` : `Chunk id ${row.id}` }, icon(d, 'tag'), d.createTextNode(displayId(row.id))),
      this.handlers.labelSlot ? this.handlers.labelSlot(row) : typeof row.label === 'number'
        ? h(d, 'span', { class: `badge label ${row.label > 0 ? 'relevant' : 'not-relevant'}`, title: 'Relevance judgment from the input' }, row.label > 0 ? `relevant (${row.label})` : `not relevant (${row.label})`)
        : null,
      keepBadge,
      // Issue 11: "Why?" opens the explanation of this row's score (media/explain/explainView.ts).
      this.handlers.why ? h(d, 'button', { class: 'link-button why', type: 'button', title: 'Why did this chunk score that? (scores the chunk again without each sentence and query word)', 'aria-label': `Why did chunk ${displayId(row.id)} score that?` }, icon(d, 'question'), ' Why?') : null,
      row.revealable ? h(d, 'button', { class: 'link-button reveal', type: 'button', title: 'Select this chunk in its source document', 'aria-label': `Reveal chunk ${displayId(row.id)} in its source` }, icon(d, 'eye'), ' Reveal') : null,
    );
    const expand = h(d, 'button', { class: 'link-button expand', type: 'button', 'aria-expanded': 'false' }, 'Show more');
    const metaKeys = Object.keys(row.metadata);
    const meta =
      metaKeys.length > 0
        ? h(
            d,
            'details',
            { class: 'meta' },
            h(d, 'summary', undefined, `Metadata (${metaKeys.length})`),
            h(d, 'dl', undefined, ...metaKeys.flatMap((k) => [h(d, 'dt', undefined, k), h(d, 'dd', undefined, metadataValue(row.metadata[k]))])),
          )
        : null;

    const el = h(
      d,
      'div',
      { class: 'grid-row pending', role: 'row', tabindex: '-1', 'data-index': row.index, 'aria-label': `Chunk ${displayId(row.id)}` },
      h(d, 'div', { role: 'gridcell', class: 'c-rank' }, rank, move, orig),
      h(d, 'div', { role: 'gridcell', class: 'c-score' }, h(d, 'span', { class: 'score-line' }, scorePrimary, ' ', scoreUnit), scoreSecondary, h(d, 'span', { class: 'bar', 'aria-hidden': 'true' }, barFill)),
      retriever,
      h(d, 'div', { role: 'gridcell', class: 'c-text' }, head, text, h(d, 'div', { class: 'chunk-actions' }, expand, meta)),
    );
    if (row.revealable) el.classList.add('revealable');
    expand.addEventListener('click', () => {
      const open = el.classList.toggle('expanded');
      expand.setAttribute('aria-expanded', String(open));
      setText(expand, open ? 'Show less' : 'Show more');
    });
    this.watchOverflow(text, expand, el);
    setInnerTabbable(el, false);
    this.body.appendChild(el);
    const title = row.metadata.title;
    // BEIR joins title and text with a space (what the model scores); shown, the title gets its own line.
    const titleLength = typeof title === 'string' && title !== '' && row.text.startsWith(`${title} `) ? title.length : 0;
    const view: RowView = { row, el, rank, move, orig, scorePrimary, scoreUnit, scoreSecondary, barFill, tokens, truncBadge, keepBadge, text, ranges, titleLength };
    fillChunkText(text, row.text, ranges, null, titleLength);
    this.fillScore(view);
    setText(orig, `was #${row.originalRank}`);
    return view;
  }

  /**
   * "Show more" only where the text is cut: a one-line chunk offered "Show more" that showed nothing.
   * Measured when the text's box changes size (rows off screen are not laid out, see the CSS), so it
   * follows panel resizes. One observer for the table, reset with the rows. Without ResizeObserver
   * (old engines, jsdom) the button simply stays.
   */
  private watchOverflow(text: HTMLElement, expand: HTMLElement, row: HTMLElement) {
    const RO = this.doc.defaultView?.ResizeObserver;
    if (!RO) return;
    this.overflow ??= new RO((entries) => {
      for (const e of entries) {
        const t = e.target as HTMLElement;
        const w = this.overflowOf.get(t);
        // Expanded: nothing is cut, but "Show less" must stay. 0 high: not laid out (off screen).
        if (!w || w.row.classList.contains('expanded') || t.clientHeight === 0) continue;
        w.expand.hidden = t.scrollHeight <= t.clientHeight + 1;
      }
    });
    this.overflowOf.set(text, { expand, row });
    this.overflow.observe(text);
  }

  private fillRank(v: RowView, r: RankedChunk<PanelRow>) {
    v.rank_ = r.rank;
    v.move_ = r.move;
    setText(v.rank, r.rank === undefined ? '…' : `#${r.rank}`);
    clear(v.move);
    v.move.className = 'move';
    if (r.move === undefined) return;
    const d = this.doc;
    if (r.move > 0) {
      v.move.classList.add('up');
      v.move.append(icon(d, 'arrow-up'), d.createTextNode(String(r.move)));
      v.move.title = `Moved up ${r.move}`;
    } else if (r.move < 0) {
      v.move.classList.add('down');
      v.move.append(icon(d, 'arrow-down'), d.createTextNode(String(-r.move)));
      v.move.title = `Moved down ${-r.move}`;
    } else {
      v.move.classList.add('same');
      v.move.append(icon(d, 'dash'), d.createTextNode('0'));
      v.move.title = 'Same position';
    }
    setText(v.orig, `was #${r.originalPosition ?? r.chunk.originalRank}`);
  }

  private fillScore(v: RowView) {
    const sc = v.row.score;
    v.shown = sc;
    if (!sc) {
      setText(v.scoreUnit, '');
      setText(v.scorePrimary, '…');
      // Not "pending": nothing may be running (a set waiting for its query); the badge says "not scored yet".
      setText(v.scoreSecondary, '');
      v.barFill.style.setProperty('width', '0%');
      setText(v.tokens, '');
      v.truncBadge.hidden = true;
      return;
    }
    const prob = `p ${formatProbability(sc.probability)}`;
    const logit = `logit ${formatLogit(sc.score)}`;
    setText(v.scorePrimary, this.display === 'probability' ? formatProbability(sc.probability) : formatLogit(sc.score));
    setText(v.scoreSecondary, this.display === 'probability' ? logit : prob);
    v.scorePrimary.title = this.display === 'probability' ? 'Probability (sigmoid of the logit)' : 'Raw logit';
    setText(v.scoreUnit, this.display === 'probability' ? 'prob.' : 'logit');
    const p = Number.isFinite(sc.probability) ? Math.max(0, Math.min(1, sc.probability)) : 0;
    // CSSOM, not a style attribute: the panel's CSP allows no inline styles.
    v.barFill.style.setProperty('width', `${(p * 100).toFixed(1)}%`);
    setText(v.tokens, tokenCountText(sc));
    v.truncBadge.hidden = !sc.truncated;
    if (sc.truncated) {
      const at = sc.truncatedAtChar;
      v.truncBadge.title =
        at === null ? 'The chunk was cut to fit the model\'s max length' : `The model saw only the first ${at} of ${v.row.text.length} characters; the dimmed text was never scored`;
    }
    fillChunkText(v.text, v.row.text, v.ranges, sc.truncated ? sc.truncatedAtChar : null, v.titleLength);
  }

  private onClick(e: MouseEvent) {
    const target = e.target as Element | null;
    const rowEl = target?.closest('.grid-row') as HTMLElement | null;
    if (!rowEl) return;
    const idx = Number(rowEl.dataset.index);
    const v = this.views.get(idx);
    if (!v) return;
    this.focusRow(rowEl);
    // Issue 11: the "Why?" button explains the row instead of revealing it.
    if (target?.closest('button.why')) return this.handlers.why?.(idx);
    if (target?.closest('button.tokens')) return this.handlers.tokens?.(idx);
    const onReveal = target?.closest('button.reveal');
    if (!onReveal && target?.closest(INTERACTIVE)) return;
    // Selecting text to copy it is not a request to jump to the source.
    const sel = this.doc.defaultView?.getSelection?.();
    if (!onReveal && sel && !sel.isCollapsed && sel.toString().length > 0) return;
    this.lastUsed = rowEl;
    if (v.row.revealable) this.handlers.reveal(idx);
  }

  private onKey(e: KeyboardEvent) {
    const rowEl = (e.target as Element | null)?.closest('.grid-row') as HTMLElement | null;
    if (!rowEl || e.target !== rowEl) return;
    const rows = Array.from(this.body.children) as HTMLElement[];
    const at = rows.indexOf(rowEl);
    let next: HTMLElement | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = rows[at + 1];
        break;
      case 'ArrowUp':
        next = rows[at - 1];
        break;
      case 'PageDown':
        next = rows[Math.min(rows.length - 1, at + 10)];
        break;
      case 'PageUp':
        next = rows[Math.max(0, at - 10)];
        break;
      case 'Home':
        next = rows[0];
        break;
      case 'End':
        next = rows[rows.length - 1];
        break;
      case 'Enter': {
        const v = this.views.get(Number(rowEl.dataset.index));
        this.lastUsed = rowEl;
        if (v?.row.revealable) this.handlers.reveal(v.row.index);
        e.preventDefault();
        return;
      }
      default:
        // Issue 14: 0/1/2 judge the row, x clears (media/labels/judging.ts).
        if (this.handlers.labelKey?.(e, Number(rowEl.dataset.index))) e.preventDefault();
        return;
    }
    e.preventDefault();
    if (next) this.focusRow(next);
  }

  /**
   * Roving tab stop: one row (and the buttons inside it) is in the Tab order; the arrows move between
   * rows. A thousand rows must not mean three thousand Tab presses to leave the grid.
   */
  private makeActive(el: HTMLElement) {
    for (const r of this.body.querySelectorAll<HTMLElement>('.grid-row[tabindex="0"]')) {
      if (r === el) continue;
      r.setAttribute('tabindex', '-1');
      setInnerTabbable(r, false);
    }
    el.setAttribute('tabindex', '0');
    setInnerTabbable(el, true);
  }

  private focusRow(el: HTMLElement) {
    this.makeActive(el);
    if (this.doc.activeElement !== el && !el.contains(this.doc.activeElement)) el.focus();
  }
}

function setInnerTabbable(row: HTMLElement, on: boolean) {
  for (const c of row.querySelectorAll('button, summary')) c.setAttribute('tabindex', on ? '0' : '-1');
}

const scoreKey = (s: PanelRow['score']) => (s ? `${s.score}|${s.probability}|${s.truncated}|${s.truncatedAtChar}|${s.queryTokens}|${s.chunkTokens}` : '');

/** True when two row lists render identically apart from their scores (then rows are refreshed, not rebuilt). */
export function sameRowContent(a: readonly PanelRow[], b: readonly PanelRow[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (
      x.index !== y.index || x.id !== y.id || x.text !== y.text || x.originalRank !== y.originalRank || x.retrieverScore !== y.retrieverScore ||
      x.scoreKind !== y.scoreKind || x.revealable !== y.revealable || x.label !== y.label || JSON.stringify(x.metadata) !== JSON.stringify(y.metadata)
    )
      return false;
  }
  return true;
}

/** Metadata values as text: strings as they are, everything else as indented JSON (capped). */
export function metadataValue(v: unknown): string {
  let out: string;
  if (typeof v === 'string') out = v;
  else {
    try {
      out = JSON.stringify(v, null, 2) ?? String(v);
    } catch {
      out = String(v);
    }
  }
  return out.length > 4000 ? `${out.slice(0, 4000)}… (${out.length} characters)` : out;
}
