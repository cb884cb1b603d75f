// The compare view: two or three scorers (and optionally the retriever's order) on the same chunks.
// Everything is computed here with core/compare (the same code as `rerank-lens compare`) from the
// numbers the host sends, so typing a threshold never waits for the host:
// - agreement of every pair (Kendall's tau-b per set and pooled, top-k overlap) and each vs the retriever;
// - with labels, each scorer's nDCG@k / MRR / recall@k with the 95% interval of its difference to A;
// - threshold translation: a threshold on A, the threshold on each other scorer keeping the same share
//   of chunks and, with labels, the same recall;
// - a scatter of A's scores against B's, ranks side by side per chunk, the chunks they disagree on most.
// Chunk text is always set as text.
import { compareScorers, ranksOf, thresholdForShare, type CompareSet, type ScorerComparison } from '../../src/core/compare/index';
import type { Chunk } from '../../src/core/types';
import type { CompareData, CompareHostMessage, CompareStatus, CompareWebviewMessage } from '../../src/panel/compare/protocol';
import { clear, h, setText } from '../dom';
import { Scatter } from './scatter';

const MEANING = { logit: 'raw logit', probability: 'probability', relevance: 'relevance score', rank: 'retriever rank (negated)' } as const;
const K = 10;

/** A number for a table column: fixed decimals, so a column never reads "0.18" under "0.178"
 *  (walkthrough round 2); `short` drops trailing zeros for a number inside text, "#1 (3.2)". */
export function fmt(n: number | undefined | null, digits = 3, short = false): string {
  if (n === undefined || n === null || !Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return n.toExponential(2);
  return short ? String(Number(n.toFixed(digits))) : n.toFixed(digits);
}
const pct = (x: number | undefined): string => (x !== undefined && Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');

/** core/compare's input from the view's data (null -> NaN: not scored). */
export function compareSetsOf(data: CompareData): CompareSet[] {
  return data.sets.map((s) => ({
    setIndex: s.setIndex,
    chunks: s.chunks.map((c) => ({ id: c.id, text: c.text, originalRank: c.originalRank, scoreKind: 'none', metadata: {} }) as unknown as Chunk),
    ...(s.qrels ? { labels: { byChunkId: s.qrels } } : {}),
    scores: s.scores.map((row) => row.map((v) => (v === null ? NaN : v))),
  }));
}

export class CompareView {
  readonly el: HTMLElement;
  data?: CompareData;
  comparison?: ScorerComparison;
  /** The threshold on A the user typed (null: the 50%-share default). */
  threshold: number | null = null;
  private setShown = 0;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly setKeyButton: HTMLButtonElement;
  private readonly againButton: HTMLButtonElement;
  private readonly title: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly agreementEl: HTMLElement;
  private readonly metricsEl: HTMLElement;
  private readonly thresholdInput: HTMLInputElement;
  private readonly translation: HTMLElement;
  private readonly scatter: Scatter;
  private readonly setPicker: HTMLSelectElement;
  private readonly ranks: HTMLElement;
  private readonly disagreeEl: HTMLElement;

  constructor(
    private readonly doc: Document,
    private readonly post: (m: CompareWebviewMessage) => void,
  ) {
    const back = h(doc, 'button', { type: 'button', class: 'secondary cmp-close' }, '← Back');
    back.addEventListener('click', () => this.post({ type: 'compareClose' }));
    this.cancelButton = h(doc, 'button', { type: 'button', class: 'secondary cmp-cancel', hidden: true }, 'Cancel');
    this.cancelButton.addEventListener('click', () => this.post({ type: 'compareCancel' }));
    this.title = h(doc, 'h2', { class: 'cmp-title' });
    this.status = h(doc, 'p', { class: 'cmp-status', role: 'status', 'aria-live': 'polite' });
    // After a failure: the fix (a key) and the way to run again with new scorers.
    this.setKeyButton = h(doc, 'button', { type: 'button', class: 'secondary cmp-set-key', hidden: true }, 'Set API Key…');
    this.setKeyButton.addEventListener('click', () => this.post({ type: 'compareSetKey' }));
    this.againButton = h(doc, 'button', { type: 'button', class: 'secondary cmp-again', hidden: true }, 'Compare Again…');
    this.againButton.addEventListener('click', () => this.post({ type: 'compareAgain' }));
    this.progress = h(doc, 'progress', { class: 'cmp-progress', max: 1, value: 0 });
    this.legend = h(doc, 'ul', { class: 'cmp-legend', 'aria-label': 'Scorers' });
    this.agreementEl = h(doc, 'section', { class: 'cmp-agreement', 'aria-label': 'Agreement' });
    this.metricsEl = h(doc, 'section', { class: 'cmp-metrics', 'aria-label': 'Metrics with labels' });
    this.thresholdInput = h(doc, 'input', { type: 'number', step: 'any', class: 'cmp-threshold', 'aria-label': 'Threshold on scorer A' });
    this.thresholdInput.addEventListener('change', () => {
      const v = this.thresholdInput.value.trim() === '' ? null : Number(this.thresholdInput.value);
      this.threshold = v !== null && Number.isFinite(v) ? v : null;
      this.render();
    });
    this.translation = h(doc, 'div', { class: 'cmp-translation', 'aria-live': 'polite' });
    this.scatter = new Scatter(doc);
    this.setPicker = h(doc, 'select', { class: 'cmp-set-picker', 'aria-label': 'Query set shown' });
    this.setPicker.addEventListener('change', () => {
      this.setShown = Number(this.setPicker.value) || 0;
      this.renderRanks();
    });
    this.ranks = h(doc, 'div', { class: 'cmp-ranks' });
    this.disagreeEl = h(doc, 'section', { class: 'cmp-disagree', 'aria-label': 'Chunks they disagree on most' });
    this.el = h(
      doc,
      'div',
      { class: 'compare-view' },
      h(doc, 'div', { class: 'cmp-head' }, back, this.title, this.progress, this.cancelButton),
      h(doc, 'div', { class: 'cmp-status-row' }, this.status, this.setKeyButton, this.againButton),
      this.legend,
      h(doc, 'h3', {}, 'Agreement'),
      this.agreementEl,
      h(doc, 'h3', {}, 'Threshold translation'),
      h(doc, 'label', { class: 'cmp-threshold-label' }, 'Threshold on A (keep when score ≥): ', this.thresholdInput),
      this.translation,
      h(doc, 'h3', {}, 'Metrics'),
      this.metricsEl,
      h(doc, 'h3', {}, 'Scores of A against B'),
      this.scatter.el,
      h(doc, 'h3', {}, 'Ranks side by side'),
      this.setPicker,
      this.ranks,
      h(doc, 'h3', {}, 'Where they disagree most'),
      this.disagreeEl,
    );
  }

  handle(msg: CompareHostMessage): void {
    if (msg.type === 'compare') {
      this.data = msg.data;
      if (this.setShown >= msg.data.sets.length) this.setShown = 0;
      this.render();
    } else if (msg.type === 'compareStatus') this.setStatus(msg.status);
  }

  setStatus(st: CompareStatus): void {
    const name = this.data?.scorers[st.scorer]?.name ?? '';
    const busy = st.phase === 'scoring';
    this.cancelButton.hidden = !busy;
    this.progress.hidden = !busy;
    // Nothing scored yet: an indeterminate bar (an empty track read as a full one in the dark theme).
    if (st.pairsDone > 0 && st.pairsTotal > 0) this.progress.value = st.pairsDone / st.pairsTotal;
    else this.progress.removeAttribute('value');
    const text =
      st.phase === 'scoring'
        ? `Scoring with ${name}: ${st.pairsDone}/${st.pairsTotal} pairs`
        : st.phase === 'done'
          ? 'All scorers done.'
          : st.phase === 'cancelled'
            ? 'Cancelled: the numbers below cover what was scored.'
            : `${name} failed: ${st.message ?? 'unknown error'}${st.hint ? ` ${st.hint}` : ''}`;
    setText(this.status, text);
    this.status.classList.toggle('cmp-error', st.phase === 'error');
    this.setKeyButton.hidden = !(st.phase === 'error' && st.needsKey);
    this.againButton.hidden = !(st.phase === 'error' || st.phase === 'cancelled');
  }

  /** The threshold on A in use: the typed one, else the score keeping half of A's chunks. */
  thresholdOnA(): number {
    if (this.threshold !== null) return this.threshold;
    const a = compareSetsOf(this.data!).flatMap((s) => [...s.scores[0]]);
    return thresholdForShare(a, 0.5);
  }

  render(): void {
    const d = this.data;
    if (!d) return;
    const doc = this.doc;
    const names = d.scorers.map((s) => s.name);
    const sets = compareSetsOf(d);
    const t = this.thresholdOnA();
    const cmp = compareScorers(sets, names, { k: K, thresholds: Number.isFinite(t) ? [t] : [], disagreements: 8 });
    this.comparison = cmp;
    setText(this.title, `Compare scorers: ${d.sourceLabel} (${d.scope === 'all' ? `${cmp.sets} query sets` : 'this query'}, ${cmp.chunks} chunks${cmp.labelledSets ? `, ${cmp.labelledSets} labelled` : ''})`);
    clear(this.legend);
    for (const s of d.scorers) this.legend.append(h(doc, 'li', {}, h(doc, 'strong', {}, s.name), ` ${s.label} `, h(doc, 'span', { class: 'cmp-meaning' }, `[${MEANING[s.meaning]}]`)));
    const mixed = new Set(d.scorers.filter((s) => s.kind !== 'retriever').map((s) => s.meaning)).size > 1;
    if (mixed) this.legend.append(h(doc, 'li', { class: 'cmp-warn' }, 'The scorers give numbers of different meanings: compare thresholds only through the translation below.'));

    // Agreement.
    clear(this.agreementEl);
    const rows = cmp.agreement.map((g) => [`${g.a} vs ${g.b}`, fmt(g.meanTau), fmt(g.pooledTau), pct(g.meanOverlap), String(g.sets)]);
    for (const r of cmp.retriever) if (d.scorers.find((s) => s.name === r.scorer)?.kind !== 'retriever') rows.push([`${r.scorer} vs retriever`, fmt(r.meanTau), '–', pct(r.meanOverlap), String(r.sets)]);
    this.agreementEl.append(table(doc, ['Pair', "Kendall's tau (per set)", 'tau (pooled)', `Top-${K} overlap`, 'Sets'], rows, 'cmp-agreement-table'));

    // Threshold translation.
    if (this.threshold === null && Number.isFinite(t) && doc.activeElement !== this.thresholdInput) this.thresholdInput.value = String(Number(t.toFixed(4)));
    clear(this.translation);
    const row = cmp.thresholds[0];
    if (row) {
      this.translation.append(h(doc, 'p', { class: 'cmp-source' }, `A ≥ ${fmt(row.threshold, 4, true)} keeps ${row.kept} chunks (${pct(row.share)})${row.recall !== undefined ? `, recall ${pct(row.recall)}` : ''}.`));
      this.translation.append(
        table(
          doc,
          ['Scorer', 'Same share: threshold', 'keeps', ...(cmp.labelledSets ? ['Same recall: threshold', 'keeps', 'precision'] : [])],
          row.to.map((x) => [x.scorer, fmt(x.byShare.threshold, 4), String(x.byShare.kept), ...(cmp.labelledSets ? (x.byRecall ? [fmt(x.byRecall.threshold, 4), String(x.byRecall.kept), pct(x.byRecall.precision)] : ['–', '–', '–']) : [])]),
          'cmp-translation-table',
        ),
      );
    } else this.translation.append(h(doc, 'p', {}, 'No scores yet.'));

    // Metrics.
    clear(this.metricsEl);
    if (cmp.metrics.length === 0) this.metricsEl.append(h(doc, 'p', { class: 'cmp-note' }, 'No relevance labels in these sets: metrics and the same-recall translation need them (Attach Relevance Labels).'));
    else {
      const iv = (x?: { diff: number; low: number; high: number }) => (x ? `${fmt(x.diff)} [${fmt(x.low)}, ${fmt(x.high)}]` : '');
      this.metricsEl.append(
        table(
          doc,
          ['Scorer', `nDCG@${K}`, 'MRR', `Recall@${K}`, `nDCG@${K} − A (95%)`, 'MRR − A (95%)'],
          cmp.metrics.map((m) => [m.scorer, fmt(m.ndcg), fmt(m.mrr), fmt(m.recall), iv(m.vsFirst?.ndcg), iv(m.vsFirst?.mrr)]),
          'cmp-metrics-table',
        ),
      );
    }

    // Scatter of A against B (pooled over sets), labelled points marked.
    const points = sets.flatMap((s) => s.chunks.map((c, j) => ({ x: s.scores[0][j], y: s.scores[1][j], relevant: (s.labels?.byChunkId?.[c.id] ?? 0) > 0, labelled: s.labels?.byChunkId?.[c.id] !== undefined, title: c.text })));
    this.scatter.render(points, { x: `${names[0]} (${MEANING[d.scorers[0].meaning]})`, y: `${names[1]} (${MEANING[d.scorers[1].meaning]})`, thresholdX: t, thresholdY: row?.to[0]?.byShare.threshold });

    // Set picker and ranks.
    clear(this.setPicker);
    d.sets.forEach((s, i) => this.setPicker.append(h(doc, 'option', { value: i, selected: i === this.setShown }, `${s.setIndex + 1}. ${s.query.slice(0, 80)}`)));
    this.setPicker.hidden = d.sets.length < 2;
    this.renderRanks();

    // Disagreements.
    const queries = new Map(d.sets.map((s) => [s.setIndex, s.query]));
    const setName = (i: number): string => {
      const q = (queries.get(i) ?? '').trim();
      return q ? `${i + 1}. ${q.length > 60 ? `${q.slice(0, 60)}…` : q}` : String(i + 1);
    };
    clear(this.disagreeEl);
    const dis = cmp.disagreements;
    if (dis.items.length === 0) this.disagreeEl.append(h(doc, 'p', { class: 'cmp-note' }, `${dis.a} and ${dis.b} rank every chunk the same.`));
    else
      this.disagreeEl.append(
        table(
          doc,
          ['Query', `Rank on ${dis.a}`, `Rank on ${dis.b}`, 'Chunk'],
          // The query, as the set picker names it (a bare set number said nothing; walkthrough round 2).
          dis.items.map((x) => [setName(x.setIndex), `#${x.rankA} (${fmt(x.scoreA, 3, true)})`, `#${x.rankB} (${fmt(x.scoreB, 3, true)})`, x.text.length > 160 ? `${x.text.slice(0, 160)}…` : x.text]),
          'cmp-disagree-table',
        ),
      );
  }

  private renderRanks(): void {
    const d = this.data;
    clear(this.ranks);
    const set = d?.sets[this.setShown];
    if (!d || !set) return;
    const ranks = set.scores.map((row) => ranksOf(row.map((v) => (v === null ? NaN : v))));
    const order = set.chunks.map((_, j) => j).sort((x, y) => ranks[0][x] - ranks[0][y]);
    const head = ['Retriever', ...d.scorers.map((s) => `${s.name} rank (score)`), ...(set.qrels ? ['Label'] : []), 'Chunk'];
    const rows = order.map((j) => {
      const c = set.chunks[j];
      return [
        `#${c.originalRank}`,
        ...d.scorers.map((_, s) => (set.scores[s][j] === null ? '–' : `#${ranks[s][j]} (${fmt(set.scores[s][j], 3, true)})`)),
        ...(set.qrels ? [set.qrels[c.id] === undefined ? '' : String(set.qrels[c.id])] : []),
        c.text.length > 160 ? `${c.text.slice(0, 160)}…` : c.text,
      ];
    });
    this.ranks.append(table(this.doc, head, rows, 'cmp-ranks-table'));
  }
}

function table(doc: Document, head: string[], rows: string[][], cls: string): HTMLTableElement {
  return h(
    doc,
    'table',
    { class: `cmp-table ${cls}` },
    h(doc, 'thead', {}, h(doc, 'tr', {}, ...head.map((x) => h(doc, 'th', { scope: 'col' }, x)))),
    h(doc, 'tbody', {}, ...rows.map((r) => h(doc, 'tr', {}, ...r.map((x) => h(doc, 'td', {}, x))))),
  );
}
