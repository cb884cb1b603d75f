// The per-query table of the labelled-set view: query, candidates, relevant, nDCG@10 before -> after
// and the change, kept at the current threshold and the relevant chunks it drops. Worst change first;
// filters for losses and for queries left empty. A row click (or Enter) opens that query in the
// per-query view with the same threshold. Texts are set as text, never as HTML.
import type { QueryEvaluation } from '../../src/core/eval/aggregate';
import type { EvalQuery } from '../../src/core/eval/queries';
import type { QueryKeep } from '../../src/core/eval/sweep';
import { clear, h } from '../dom';

export interface QueryRowData {
  position: number;
  query: EvalQuery;
  evaluation?: QueryEvaluation;
  keep?: QueryKeep;
}

const PAGE = 200;
const fmt = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
const change = (e?: QueryEvaluation) => (e ? e.after['ndcg@10'] - e.before['ndcg@10'] : undefined);

export class QueryTable {
  readonly el: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly losses: HTMLInputElement;
  private readonly empty: HTMLInputElement;
  private readonly count: HTMLElement;
  private rows: QueryRowData[] = [];
  /** Rows drawn at most (worst first); the rest on request. A 1,000-row table would make every
   *  threshold move pay for laying out 1,000 rows. */
  private limit = PAGE;
  private readonly more: HTMLButtonElement;
  /** Kept and dropped cells by position, so a threshold drag rewrites two texts per row, no rebuild. */
  private cells = new Map<number, { kept: HTMLElement; dropped: HTMLElement; labelled: boolean }>();

  constructor(doc: Document, private readonly open: (position: number) => void) {
    this.losses = h(doc, 'input', { type: 'checkbox', id: 'lab-only-losses' });
    this.empty = h(doc, 'input', { type: 'checkbox', id: 'lab-only-empty' });
    this.count = h(doc, 'span', { class: 'muted' });
    this.more = h(doc, 'button', { type: 'button', class: 'secondary', hidden: true }, 'Show all queries');
    this.more.addEventListener('click', () => {
      this.limit = Infinity;
      this.render();
    });
    for (const c of [this.losses, this.empty]) c.addEventListener('change', () => this.render());
    // What each column counts, as a tooltip (walkthrough round 2: "4 of 5" and "Kept" were unexplained).
    const columns: [string, string][] = [
      ['Query', 'The query text (click a row to open it in the per-query view)'],
      ['Candidates', 'Chunks the first stage retrieved for this query'],
      ['Relevant', 'Relevant documents among the candidates, of all judged relevant for this query (the rest the first stage never retrieved)'],
      ['nDCG@10 before → after', "nDCG@10 of the retriever's order, then of the reranked order (trec_eval's definition)"],
      ['Change', 'nDCG@10 after minus before'],
      ['Kept', 'Chunks at or above the current threshold'],
      ['Relevant dropped', 'Relevant chunks below the current threshold'],
    ];
    const head = h(doc, 'thead', {}, h(doc, 'tr', {}, ...columns.map(([t, title]) => h(doc, 'th', { scope: 'col', title }, t))));
    this.body = h(doc, 'tbody', {});
    this.body.addEventListener('click', (e) => this.activate(e.target as Element));
    this.body.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.activate(e.target as Element);
      }
    });
    this.el = h(doc, 'section', { class: 'lab-queries', 'aria-label': 'Queries' },
      h(doc, 'div', { class: 'lab-filters' },
        h(doc, 'label', {}, this.losses, ' Only queries reranking made worse'),
        h(doc, 'label', {}, this.empty, ' Only queries the threshold leaves empty'),
        this.count),
      h(doc, 'table', { class: 'lab-table lab-table-fixed' }, head, this.body),
      this.more);
  }

  update(rows: QueryRowData[]): void {
    this.rows = rows;
    this.render();
  }

  /** A threshold move: new kept counts without rebuilding (unless the 'left empty' filter needs it). */
  updateKeep(keeps: readonly QueryKeep[]): void {
    for (const r of this.rows) r.keep = keeps[r.position];
    if (this.empty.checked) return this.render();
    for (const [position, c] of this.cells) {
      const k = keeps[position];
      c.kept.textContent = k ? `${k.kept} / ${k.candidates}` : '–';
      c.dropped.textContent = k && c.labelled ? String(k.relevantDropped) : '–';
    }
  }

  /** Focuses the row of a query (if shown) without scrolling: the caller restores the scroll offset. */
  focusRow(position: number): void {
    const tr = this.body.querySelector<HTMLElement>(`tr[data-position="${position}"]`);
    tr?.focus({ preventScroll: true });
  }

  private activate(target: Element): void {
    const tr = target.closest('tr[data-position]');
    if (tr) this.open(Number(tr.getAttribute('data-position')));
  }

  private render(): void {
    const doc = this.el.ownerDocument;
    let shown = this.rows.filter((r) => !this.losses.checked || (change(r.evaluation) ?? 0) < -1e-9);
    if (this.empty.checked) shown = shown.filter((r) => r.keep !== undefined && r.keep.kept === 0 && r.keep.candidates > 0);
    // Worst change first; queries without an evaluation (no labels, still scoring) after, in input order.
    shown.sort((a, b) => (change(a.evaluation) ?? Infinity) - (change(b.evaluation) ?? Infinity) || a.position - b.position);
    const total = shown.length;
    shown = shown.slice(0, this.limit);
    clear(this.body);
    this.cells.clear();
    const frag = doc.createDocumentFragment();
    for (const r of shown) {
      const d = change(r.evaluation);
      const label = r.query.query ?? r.query.queryId;
      const kept = h(doc, 'td', { class: 'num' }, r.keep ? `${r.keep.kept} / ${r.keep.candidates}` : '–');
      const dropped = h(doc, 'td', { class: 'num' }, r.keep && r.query.qrels ? String(r.keep.relevantDropped) : '–');
      this.cells.set(r.position, { kept, dropped, labelled: r.query.qrels !== undefined });
      frag.append(
        h(doc, 'tr', { 'data-position': r.position, tabindex: 0, class: d !== undefined && d < -1e-9 ? 'loss' : d !== undefined && d > 1e-9 ? 'win' : '', title: 'Open this query in the per-query view' },
          h(doc, 'td', { class: 'lab-q' }, label),
          h(doc, 'td', { class: 'num' }, String(r.query.candidates.length)),
          h(doc, 'td', { class: 'num' }, r.evaluation ? String(r.evaluation.relevantInPool) + (r.evaluation.relevant > r.evaluation.relevantInPool ? ` of ${r.evaluation.relevant}` : '') : '–'),
          h(doc, 'td', { class: 'num' }, r.evaluation ? `${fmt(r.evaluation.before['ndcg@10'])} → ${fmt(r.evaluation.after['ndcg@10'])}` : r.query.qrels ? 'scoring…' : 'no labels'),
          h(doc, 'td', { class: 'num' }, d === undefined ? '–' : `${d > 0 ? '+' : ''}${d.toFixed(3)}`),
          kept,
          dropped,
        ),
      );
    }
    this.body.append(frag);
    this.count.textContent = shown.length < total ? `the ${shown.length} worst of ${total} shown (of ${this.rows.length} queries)` : `${total} of ${this.rows.length} queries`;
    this.more.hidden = shown.length >= total;
    this.more.textContent = `Show all ${total} queries`;
  }
}
