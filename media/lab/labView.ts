// The labelled-set view ("threshold lab"): every query of the input, reranked, measured against its
// labels. It recomputes everything locally with core/eval (the same code as `rerank-lens eval`):
// - on new data or a finished query: analyzeSet (metrics, wins/losses with the bootstrap interval,
//   ceiling, sweep, recommendations), at most once per animation frame;
// - on a threshold drag: sweep.at(t) and sweep.perQuery(t) only (binary searches), the marker, the
//   "at this threshold" card and the kept cells of the per-query table.
import { analyzeSet, type LabResult } from '../../src/core/eval/index';
import { MEASURES } from '../../src/core/metrics';
import type { RulePoint } from '../../src/core/eval/sweep';
import type { Recommendation } from '../../src/core/eval/recommend';
import { sigmoid } from '../../src/core/sigmoid';
import type { ThresholdSetting } from '../../src/core/types';
import type { LabData, LabHostMessage, LabStatus, LabWebviewMessage } from '../../src/panel/lab/protocol';
import { clear, h } from '../dom';
import { QueryTable, type QueryRowData } from './queryTable';
import { labelledCounts } from '../../src/panel/labels/merge';
import { LABELLED_SERIES, SweepChart, UNLABELLED_SERIES } from './sweepChart';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const num = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '–');
const logit = (p: number) => Math.log(p / (1 - p));

/** A threshold in logit space (the sweep's axis); probability thresholds of single-logit models convert exactly. */
export function toLogit(t: ThresholdSetting): number | null {
  if (t.value === null) return null;
  return t.space === 'logit' ? t.value : logit(Math.min(1 - 1e-12, Math.max(1e-12, t.value)));
}

export class LabView {
  readonly el: HTMLElement;
  data?: LabData;
  lab?: LabResult;
  threshold: number | null = null;
  /** Set once the user moved the threshold: streaming scores then never move it for them. */
  private userMoved = false;
  private readonly status: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly cancelButton: HTMLButtonElement;
  private readonly notes: HTMLElement;
  private readonly metrics: HTMLElement;
  private readonly verdict: HTMLElement;
  private readonly chart: SweepChart;
  private readonly atThreshold: HTMLElement;
  private readonly recommendations: HTMLElement;
  private readonly table: QueryTable;
  private frame?: number;

  constructor(private readonly doc: Document, private readonly post: (m: LabWebviewMessage) => void) {
    this.status = h(doc, 'p', { class: 'lab-status', role: 'status', 'aria-live': 'polite' });
    this.progress = h(doc, 'progress', { class: 'lab-progress', max: 1, value: 0 });
    this.cancelButton = h(doc, 'button', { type: 'button', class: 'secondary' }, 'Cancel');
    this.cancelButton.addEventListener('click', () => this.post({ type: 'labCancel' }));
    const attach = h(doc, 'button', { type: 'button', class: 'secondary' }, 'Attach relevance labels…');
    attach.addEventListener('click', () => this.post({ type: 'labAttachLabels' }));
    this.notes = h(doc, 'div', { class: 'lab-notes' });
    this.metrics = h(doc, 'section', { class: 'lab-metrics', 'aria-label': 'Retriever order against reranked order' });
    this.verdict = h(doc, 'section', { class: 'lab-verdict', 'aria-label': 'Did reranking help' });
    this.chart = new SweepChart(doc, (v, final) => this.setThreshold(v, final));
    this.atThreshold = h(doc, 'div', { class: 'lab-at', 'aria-live': 'polite' });
    this.recommendations = h(doc, 'section', { class: 'lab-recs', 'aria-label': 'Recommended cutoffs' });
    this.table = new QueryTable(doc, (position) => this.openQuery(position));
    this.el = h(doc, 'div', { class: 'lab', id: 'lab-view' },
      h(doc, 'div', { class: 'lab-head' }, this.status, this.progress, this.cancelButton, attach),
      this.notes,
      h(doc, 'div', { class: 'lab-grid2' }, this.metrics, this.verdict),
      h(doc, 'h3', {}, 'Threshold sweep over all pairs'),
      this.chart.el,
      this.atThreshold,
      this.recommendations,
      h(doc, 'h3', {}, 'Queries'),
      this.table.el,
    );
  }

  handle(msg: LabHostMessage): void {
    switch (msg.type) {
      case 'lab':
        // Another set in the same panel: what the user did with the previous one's threshold does not carry over.
        if (this.data && (this.data.sourceLabel !== msg.data.sourceLabel || this.data.queries.length !== msg.data.queries.length)) this.userMoved = false;
        this.data = msg.data;
        this.threshold = toLogit(msg.data.threshold);
        this.schedule();
        return;
      case 'labQuery':
        if (!this.data || msg.position < 0 || msg.position >= this.data.queries.length) return;
        this.data.queries[msg.position] = msg.query;
        this.schedule();
        return;
      case 'labStatus':
        this.showStatus(msg.status);
        return;
      case 'labMode':
        return;
    }
  }

  /** Recomputes the whole analysis, at most once per frame while queries stream in. */
  private schedule(): void {
    if (this.frame !== undefined) return;
    const raf = this.doc.defaultView?.requestAnimationFrame?.bind(this.doc.defaultView);
    const run = () => {
      this.frame = undefined;
      this.recompute();
    };
    if (raf) this.frame = raf(run);
    else run();
  }

  recompute(): void {
    const d = this.data;
    if (!d) return;
    this.lab = analyzeSet(d.queries, { recallTarget: d.recallTarget, ...(d.precisionTarget !== undefined ? { precisionTarget: d.precisionTarget } : {}), k: 10 });
    const lab = this.lab;
    // Start where the threshold means something: the one given if it keeps some but not all pairs,
    // else the best-F1 cutoff, else the median score.
    const curve = lab.sweep.curve(3);
    const inRange = this.threshold !== null && curve.length > 0 && this.threshold <= (curve[0].threshold ?? -Infinity) && this.threshold > (curve[curve.length - 1].threshold ?? Infinity);
    // No threshold at all (a set without a remembered one) always gets a starting point: with none, the
    // cards, the marker and the kept column kept showing the previous set's numbers.
    if ((!inRange && !this.userMoved) || this.threshold === null) this.threshold = lab.recommendations.maxF1.point?.threshold ?? curve[1]?.threshold ?? curve[0]?.threshold ?? 0;
    this.renderNotes(d, lab);
    this.renderMetrics(lab);
    this.renderVerdict(lab);
    const labelled = lab.sweep.relevantTotal > 0;
    this.chart.draw(lab.sweep.curve(121), labelled ? LABELLED_SERIES : UNLABELLED_SERIES, lab.sweep.at(-Infinity).kept);
    this.renderRecommendations(lab);
    const keeps = this.threshold !== null ? lab.sweep.perQuery({ threshold: this.threshold }) : [];
    const byIndex = new Map(lab.evaluation.perQuery.map((e) => [e.index, e]));
    const rows: QueryRowData[] = d.queries.map((query, position) => ({ position, query, evaluation: byIndex.get(position), keep: keeps[position] }));
    this.table.update(rows);
    this.updateThreshold();
  }

  /** A drag: only what depends on the threshold. */
  setThreshold(value: number, final: boolean): void {
    this.threshold = value;
    this.userMoved = true;
    this.updateThreshold();
    if (this.lab) this.table.updateKeep(this.lab.sweep.perQuery({ threshold: value }));
    if (final) this.post({ type: 'labApplyThreshold', threshold: { space: 'logit', value } });
  }

  private updateThreshold(): void {
    const lab = this.lab;
    if (!lab || this.threshold === null) return;
    this.chart.mark(this.threshold);
    const p = lab.sweep.at(this.threshold);
    const title = `Threshold ${num(this.threshold)} (logit) ≈ probability ${num(p.probability ?? sigmoid(this.threshold))}`;
    // Only the threshold card depends on the threshold: its texts are rewritten in place on a move;
    // the top-k cards are built once per analysis.
    if (this.thresholdCard && this.cardsFor === lab) {
      this.fillCard(this.thresholdCard, title, p);
      return;
    }
    clear(this.atThreshold);
    this.cardsFor = lab;
    this.thresholdCard = h(this.doc, 'div', { class: 'lab-card' });
    this.fillCard(this.thresholdCard, title, p);
    const topK = lab.topK;
    this.atThreshold.append(
      this.thresholdCard,
      ...(topK ? [this.ruleCard(`Top-${topK.k} per query (same measure)`, topK)] : []),
      ...(lab.topKAtRecall ? [this.ruleCard(`Top-${lab.topKAtRecall.k}: the smallest k reaching recall ${pct(this.data?.recallTarget)}`, lab.topKAtRecall)] : []),
    );
  }

  private thresholdCard?: HTMLElement;
  private cardsFor?: LabResult;

  private ruleCard(title: string, p: RulePoint): HTMLElement {
    const el = h(this.doc, 'div', { class: 'lab-card' });
    this.fillCard(el, title, p);
    return el;
  }

  private fillCard(el: HTMLElement, title: string, p: RulePoint): void {
    const doc = this.doc;
    const l = p.labelled;
    const texts = [
      title,
      `keeps ${num(p.keptPerQuery.mean, 1)} per query (median ${p.keptPerQuery.median})`,
      `${pct(p.emptyShare)} of queries left empty, ${pct(p.allShare)} keep everything`,
      ...(l ? [`precision ${pct(l.precision)}, recall ${pct(l.recall)}, F1 ${pct(l.f1)}`] : []),
    ];
    if (el.childElementCount !== texts.length) {
      clear(el);
      texts.forEach((t, i) => el.append(h(doc, i === 0 ? 'strong' : 'span', {}, t)));
      return;
    }
    texts.forEach((t, i) => {
      const child = el.children[i];
      if (child.textContent !== t) child.textContent = t;
    });
  }

  private renderNotes(d: LabData, lab: LabResult): void {
    const doc = this.doc;
    const c = lab.evaluation.counts;
    clear(this.notes);
    const lines: string[] = [`${d.sourceLabel}: ${c.total} queries, scored by ${d.scorerLabel}.`];
    if (d.firstStage) lines.push(`Candidates: ${d.firstStage.replace(/\.$/, '')}.`);
    // Issue 14: judgments made in the per-query view count here at once.
    const judged = labelledCounts(d.queries.map((q) => q.qrels));
    lines.push(`Labelled: ${judged.queries} of ${c.total} queries, ${judged.pairs} pairs.`);
    if (c.unlabelled > 0) lines.push(`${c.unlabelled} quer${c.unlabelled === 1 ? 'y has' : 'ies have'} no labels and ${c.unlabelled === 1 ? 'is' : 'are'} left out of the metrics.`);
    if (c.total > 0 && c.unlabelled === c.total) lines.push('No query has relevance labels: the metrics need them. Attach a qrels file, or judge rows in the per-query view. The sweep below shows what a threshold keeps.');
    if (c.noCandidates > 0) lines.push(`${c.noCandidates} quer${c.noCandidates === 1 ? 'y has' : 'ies have'} no candidates.`);
    if (c.pending > 0) lines.push(`${c.pending} labelled quer${c.pending === 1 ? 'y is' : 'ies are'} still being scored.`);
    if (d.labels.unknownQueries > 0 || d.labels.unknownDocuments > 0) {
      lines.push(`Labels${d.labels.source ? ` from ${d.labels.source}` : ''}: ${d.labels.unknownQueries} judgment(s) name queries not in this set, ${d.labels.unknownDocuments} name documents that are not candidates (they still count against recall, as in trec_eval).`);
    }
    if (d.note) lines.push(d.note);
    for (const line of lines) this.notes.append(h(doc, 'p', {}, line));
  }

  private renderMetrics(lab: LabResult): void {
    const doc = this.doc;
    clear(this.metrics);
    const e = lab.evaluation;
    if (e.counts.evaluated === 0) {
      this.metrics.append(h(doc, 'h3', {}, 'Before / after'),
        h(doc, 'p', { class: 'muted lab-empty' }, e.counts.pending > 0 ? 'Waiting for the labelled queries to be scored.' : 'No labelled query yet: nDCG, MRR, MAP, recall and precision need relevance labels. Attach a qrels file (Attach relevance labels…) or judge rows in the per-query view (keys 0, 1, 2).'));
      return;
    }
    const rows = MEASURES.map((m) => {
      const diff = e.after[m] - e.before[m];
      return h(doc, 'tr', {}, h(doc, 'th', { scope: 'row' }, m), h(doc, 'td', { class: 'num' }, num(e.before[m])), h(doc, 'td', { class: 'num' }, num(e.after[m])),
        h(doc, 'td', { class: `num ${diff > 1e-9 ? 'win' : diff < -1e-9 ? 'loss' : ''}` }, `${diff > 0 ? '+' : ''}${num(diff)}`));
    });
    this.metrics.append(
      h(doc, 'h3', {}, `Before / after (${e.counts.evaluated} labelled queries; trec_eval definitions)`),
      h(doc, 'table', { class: 'lab-table' }, h(doc, 'thead', {}, h(doc, 'tr', {}, ...['Measure', 'Retriever', 'Reranked', 'Change'].map((t) => h(doc, 'th', { scope: 'col' }, t)))), h(doc, 'tbody', {}, ...rows)),
    );
  }

  private renderVerdict(lab: LabResult): void {
    const doc = this.doc;
    const c = lab.evaluation.comparison;
    const ceil = lab.evaluation.ceiling;
    clear(this.verdict);
    if (lab.evaluation.counts.evaluated === 0) {
      this.verdict.append(h(doc, 'h3', {}, 'Did reranking help?'), h(doc, 'p', { class: 'lab-says' }, lab.evaluation.counts.pending > 0 ? 'Scoring the labelled queries…' : 'Needs labels to tell.'),
        h(doc, 'p', {}, 'Until then the sweep below shows what each threshold keeps per query and how many queries it leaves empty.'));
      return;
    }
    const ci = c.interval ? `95% interval ${num(c.interval.low)} to ${num(c.interval.high)} (paired bootstrap, ${c.interval.resamples} resamples, seed ${c.interval.seed})` : 'no interval with fewer than 2 labelled queries';
    const says = !c.interval ? 'Too few labelled queries to tell.' : c.interval.low > 0 ? 'Reranking helps on this set.' : c.interval.high < 0 ? 'Reranking hurts on this set.' : 'The difference is within noise on this set.';
    this.verdict.append(
      h(doc, 'h3', {}, 'Did reranking help?'),
      h(doc, 'p', { class: 'lab-says' }, says),
      h(doc, 'p', {}, `${c.measure}: ${c.wins} better, ${c.ties} tied, ${c.losses} worse; mean change ${c.meanDifference > 0 ? '+' : ''}${num(c.meanDifference)}, ${ci}.`),
      h(doc, 'p', {}, `Ceiling of these candidates: recall ${pct(ceil.poolRecall)} of the judged relevant documents are in the pool; the best possible reorder reaches nDCG@10 ${num(ceil.ndcg10)}. No reranker can beat that: what the first stage never retrieved cannot be ranked up.`),
    );
  }

  private renderRecommendations(lab: LabResult): void {
    const doc = this.doc;
    clear(this.recommendations);
    this.recommendations.append(h(doc, 'h3', {}, 'Recommended cutoffs'));
    const r = lab.recommendations;
    const items: [string, Recommendation | null][] = [
      ['Best F1', r.maxF1],
      [`Highest threshold with recall ≥ ${pct(this.data?.recallTarget)}`, r.recall],
      ...(r.precision ? ([[`Lowest threshold with precision ≥ ${pct(this.data?.precisionTarget)}`, r.precision]] as [string, Recommendation][]) : []),
    ];
    const iv = lab.maxF1Interval;
    if (iv) {
      this.recommendations.append(h(doc, 'p', { class: 'muted' }, `How settled the best-F1 cutoff is: ${Math.round(iv.level * 100)}% of ${iv.resamples} resampled label sets (by ${iv.unit}) put it between ${num(iv.low)} and ${num(iv.high)} (logit). A wide range means more labels would still move it.`));
    }
    for (const [title, rec] of items) {
      const p = rec?.point;
      if (!p || p.threshold === null) {
        this.recommendations.append(h(doc, 'div', { class: 'lab-card' }, h(doc, 'strong', {}, title), h(doc, 'span', { class: 'muted' }, rec?.reason ?? 'needs labels')));
        continue;
      }
      const value = p.threshold;
      const apply = h(doc, 'button', { type: 'button' }, 'Apply');
      apply.addEventListener('click', () => this.setThreshold(value, true));
      const save = h(doc, 'button', { type: 'button', class: 'secondary' }, 'Save as default');
      save.addEventListener('click', () => this.post({ type: 'labSaveDefault', threshold: { space: 'logit', value } }));
      this.recommendations.append(h(doc, 'div', { class: 'lab-card' },
        h(doc, 'strong', {}, title),
        h(doc, 'span', {}, `logit ${num(value)} · probability ${num(p.probability ?? sigmoid(value))}`),
        h(doc, 'span', {}, `keeps ${num(p.keptPerQuery.mean, 1)} per query; precision ${pct(p.labelled?.precision)}, recall ${pct(p.labelled?.recall)}`),
        h(doc, 'span', { class: 'lab-actions' }, apply, save)));
    }
  }

  private showStatus(s: LabStatus): void {
    const running = s.phase === 'scoring' || s.phase === 'loading-model';
    const left = s.timeLeftMs !== undefined && running ? `, about ${Math.max(1, Math.round(s.timeLeftMs / 1000))} s left` : '';
    const text =
      s.phase === 'error' ? `Error: ${s.message ?? ''}${s.hint ? ` ${s.hint}` : ''}` :
      s.phase === 'loading-model' ? 'Loading the model…' :
      `${s.phase === 'done' ? 'Scored' : s.phase === 'cancelled' ? 'Cancelled after' : 'Scoring'} ${s.queriesDone} / ${s.queriesTotal} queries, ${s.pairsDone} / ${s.pairsTotal} pairs${left}`;
    this.status.textContent = text;
    this.progress.value = s.pairsTotal > 0 ? s.pairsDone / s.pairsTotal : s.phase === 'done' ? 1 : 0;
    this.progress.hidden = !running;
    this.cancelButton.hidden = !running;
  }

  /** Back from the per-query view: keyboard focus returns to the query row that opened it. */
  focusOpened(): void {
    if (this.opened !== undefined) this.table.focusRow(this.opened);
  }

  private opened?: number;

  private openQuery(position: number): void {
    const d = this.data;
    if (!d || this.threshold === null) return;
    this.opened = position;
    this.post({ type: 'labOpenQuery', setIndex: d.setIndexes[position], threshold: { space: 'logit', value: this.threshold } });
  }
}
