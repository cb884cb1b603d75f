// Original vs reranked: a summary (Kendall's tau, top-k overlap, entered/left, largest moves, and
// nDCG/RR/recall when the input carried judgments) and a slope chart: the retriever's order on the
// left, the reranked order on the right, a line from each chunk's old position to its new one,
// coloured by direction. The lists carry the information for screen readers; the SVG is decoration.
import { diffSummary, type DiffSummary } from '../../src/core/diff';
import { ndcgAtK, recallAtK, reciprocalRank } from '../../src/core/metrics';
import { originalPositionOf, type RankedChunk } from '../../src/core/rank';
import type { PanelRow } from '../../src/panel/protocol';
import { clear, h, icon, s } from '../dom';
import { displayId } from '../format';

/** Must match `--diff-row` in panel.css. */
export const DIFF_ROW_PX = 22;
const LIST_CAP = 12;

export interface DiffHandlers {
  onlyMoved(on: boolean): void;
}

export class DiffView {
  readonly el: HTMLElement;
  readonly onlyMovedBox: HTMLInputElement;
  private readonly summary: HTMLElement;
  private readonly chart: HTMLElement;
  private lastSummary?: DiffSummary;

  constructor(private readonly doc: Document, handlers: DiffHandlers) {
    this.onlyMovedBox = h(doc, 'input', { type: 'checkbox', class: 'only-moved' });
    this.onlyMovedBox.addEventListener('change', () => handlers.onlyMoved(this.onlyMovedBox.checked));
    this.summary = h(doc, 'section', { class: 'diff-summary', 'aria-label': 'How the ranking changed' });
    this.chart = h(doc, 'div', { class: 'slope' });
    this.el = h(
      doc,
      'div',
      { class: 'diff' },
      this.summary,
      h(doc, 'label', { class: 'toggle' }, this.onlyMovedBox, ' Only chunks that moved'),
      this.chart,
    );
    // Hovering either end or the line highlights the chunk's pair.
    this.chart.addEventListener('mouseover', (e) => this.highlight((e.target as Element).closest('[data-index]')?.getAttribute('data-index') ?? null));
    this.chart.addEventListener('mouseleave', () => this.highlight(null));
  }

  get current(): DiffSummary | undefined {
    return this.lastSummary;
  }

  update(ranked: readonly RankedChunk<PanelRow>[], k: number, onlyMoved: boolean) {
    this.onlyMovedBox.checked = onlyMoved;
    const sum = diffSummary(ranked, k);
    this.lastSummary = sum;
    this.renderSummary(sum, ranked, k);
    this.renderChart(ranked, onlyMoved);
  }

  private renderSummary(sum: DiffSummary, ranked: readonly RankedChunk<PanelRow>[], k: number) {
    const d = this.doc;
    clear(this.summary);
    if (sum.n === 0) {
      this.summary.appendChild(h(d, 'p', { class: 'muted' }, 'The comparison appears as scores arrive.'));
      return;
    }
    const tau = Number.isNaN(sum.kendallTau) ? 'n/a' : sum.kendallTau.toFixed(3);
    const items: [string, Node | string][] = [
      ["Kendall's tau-b", h(d, 'span', { class: 'stat', 'data-stat': 'tau', title: '1 = same order as the retriever, 0 = unrelated, -1 = reversed' }, tau)],
      // A top-k that covers every chunk makes overlap n / n and nothing enter or leave: say why instead.
      ...(k >= ranked.length
        ? ([[`Top-${k}`, h(d, 'span', { class: 'muted', 'data-stat': 'overlap' }, coversAll(ranked.length))]] as [string, Node][])
        : ([
            [`Top-${sum.k} overlap`, h(d, 'span', { class: 'stat', 'data-stat': 'overlap' }, `${sum.overlapAtK} / ${sum.k}`)],
            [`Entered top-${sum.k}`, idList(d, sum.entered, 'entered')],
            [`Left top-${sum.k}`, idList(d, sum.left, 'left')],
          ] as [string, Node][])),
      [
        'Largest moves',
        sum.largestMoves.length === 0
          ? h(d, 'span', { class: 'muted', 'data-stat': 'moves' }, 'none')
          : h(
              d,
              'ul',
              { class: 'moves', 'data-stat': 'moves' },
              ...sum.largestMoves.map((m) =>
                h(d, 'li', undefined, moveLabel(d, m, ranked), ` #${m.from} → #${m.to} `, h(d, 'span', { class: m.to < m.from ? 'up' : 'down' }, icon(d, m.to < m.from ? 'arrow-up' : 'arrow-down'), String(Math.abs(m.from - m.to)))),
              ),
            ),
      ],
    ];
    const qualities = labelMetrics(ranked, k);
    if (qualities) for (const q of qualities) items.push([q.name, h(d, 'span', { class: 'stat', 'data-stat': q.key }, `${q.before.toFixed(3)} → ${q.after.toFixed(3)}`)]);
    const dl = h(d, 'dl', { class: 'summary-list' });
    for (const [name, value] of items) dl.append(h(d, 'dt', undefined, name), h(d, 'dd', undefined, value));
    this.summary.appendChild(dl);
    if (qualities) this.summary.appendChild(h(d, 'p', { class: 'muted' }, 'nDCG, reciprocal rank and recall use the relevance judgments in this input, over its scored chunks only.'));
    if (sum.n < ranked.length) this.summary.appendChild(h(d, 'p', { class: 'muted' }, `Covers the ${sum.n} of ${ranked.length} chunks scored so far.`));
  }

  private renderChart(ranked: readonly RankedChunk<PanelRow>[], onlyMoved: boolean) {
    const d = this.doc;
    clear(this.chart);
    let scored = ranked.filter((r) => r.rank !== undefined);
    if (onlyMoved) scored = scored.filter((r) => r.move !== 0);
    if (scored.length === 0) {
      this.chart.appendChild(h(d, 'p', { class: 'muted' }, onlyMoved && ranked.some((r) => r.rank !== undefined) ? 'No chunk moved.' : 'Nothing scored yet.'));
      return;
    }
    const left = [...scored].sort((a, b) => originalPositionOf(a) - originalPositionOf(b));
    const right = [...scored].sort((a, b) => a.rank! - b.rank!);
    const leftAt = new Map(left.map((r, i) => [r.index, i]));
    const n = scored.length;
    const height = n * DIFF_ROW_PX;

    const item = (r: RankedChunk<PanelRow>, pos: number, side: 'left' | 'right') => {
      const dir = r.move! > 0 ? 'up' : r.move! < 0 ? 'down' : 'same';
      const moveText = r.move! > 0 ? `moved up ${r.move}` : r.move! < 0 ? `moved down ${-r.move!}` : 'did not move';
      return h(
        d,
        'li',
        { class: `slope-item ${dir}`, 'data-index': r.index, title: `${r.chunk.id}: ${moveText}` },
        h(d, 'span', { class: 'pos' }, `#${pos}`),
        h(d, 'span', { class: 'chunk-id' }, displayId(r.chunk.id)),
        h(d, 'span', { class: 'snippet' }, snippet(r.chunk.text)),
        side === 'right' ? h(d, 'span', { class: 'visually-hidden' }, `, ${moveText}`) : null,
      );
    };
    const lines = s(d, 'svg', { class: 'slope-lines', viewBox: `0 0 100 ${height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true' });
    right.forEach((r, i) => {
      const y1 = leftAt.get(r.index)! * DIFF_ROW_PX + DIFF_ROW_PX / 2;
      const y2 = i * DIFF_ROW_PX + DIFF_ROW_PX / 2;
      const dir = r.move! > 0 ? 'up' : r.move! < 0 ? 'down' : 'same';
      lines.appendChild(s(d, 'line', { class: `slope-line ${dir}`, 'data-index': r.index, x1: 0, y1, x2: 100, y2, 'vector-effect': 'non-scaling-stroke' }));
    });
    lines.style.setProperty('height', `${height}px`);
    this.chart.append(
      h(d, 'ol', { class: 'slope-col original', 'aria-label': 'Retriever order' }, ...left.map((r) => item(r, originalPositionOf(r), 'left'))),
      lines,
      h(d, 'ol', { class: 'slope-col reranked', 'aria-label': 'Reranked order' }, ...right.map((r) => item(r, r.rank!, 'right'))),
    );
    this.chart.insertBefore(h(d, 'div', { class: 'slope-heads', 'aria-hidden': 'true' }, h(d, 'span', undefined, 'Retriever order'), h(d, 'span'), h(d, 'span', undefined, 'Reranked')), this.chart.firstChild);
  }

  private highlight(index: string | null) {
    for (const e of this.chart.querySelectorAll('.hl')) e.classList.remove('hl');
    if (index === null) return;
    for (const e of this.chart.querySelectorAll(`[data-index="${CSS_escape(index)}"]`)) e.classList.add('hl');
  }
}

/** data-index values are our own integers; keep the selector safe anyway. */
const CSS_escape = (v: string) => v.replace(/[^0-9]/g, '');

function snippet(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 90 ? `${one.slice(0, 90)}…` : one;
}

function coversAll(n: number): string {
  return n > 1 ? `covers all ${n} chunks; set a top-k below ${n} to see what enters and leaves it` : `covers the only chunk`;
}

function idList(d: Document, ids: string[], stat: string): HTMLElement {
  if (ids.length === 0) return h(d, 'span', { class: 'muted', 'data-stat': stat }, 'none');
  const shown = ids.slice(0, LIST_CAP);
  return h(
    d,
    'span',
    { class: 'id-list', 'data-stat': stat },
    ...shown.map((id) => h(d, 'span', { class: 'chunk-id chip', title: `Chunk id ${id}` }, displayId(id))),
    ids.length > shown.length ? h(d, 'span', { class: 'muted' }, ` +${ids.length - shown.length} more`) : null,
  );
}

/** nDCG@k, reciprocal rank and recall@k before and after reranking, over the scored judged rows. */
export function labelMetrics(ranked: readonly RankedChunk<PanelRow>[], k: number): { key: string; name: string; before: number; after: number }[] | undefined {
  const scored = ranked.filter((r) => r.rank !== undefined);
  const qrels: Record<string, number> = {};
  let judged = 0;
  for (const r of scored) {
    if (typeof r.chunk.label === 'number') {
      qrels[r.chunk.id] = r.chunk.label;
      judged++;
    }
  }
  if (judged === 0) return undefined;
  const before = [...scored].sort((a, b) => originalPositionOf(a) - originalPositionOf(b)).map((r) => r.chunk.id);
  const after = [...scored].sort((a, b) => a.rank! - b.rank!).map((r) => r.chunk.id);
  return [
    { key: 'ndcg', name: `nDCG@${k}`, before: ndcgAtK(before, qrels, k), after: ndcgAtK(after, qrels, k) },
    { key: 'rr', name: 'Reciprocal rank', before: reciprocalRank(before, qrels), after: reciprocalRank(after, qrels) },
    { key: 'recall', name: `Recall@${k}`, before: recallAtK(before, qrels, k), after: recallAtK(after, qrels, k) },
  ];
}

/** A chunk in the "largest moves" list: its id, or, when the id is only its position (`#3`, which
 *  would read "#3 #3 -> #1"), the start of its text with the whole text as a tooltip. */
function moveLabel(d: Document, m: { id: string; index: number }, ranked: readonly { index: number; chunk: { text: string } }[]): HTMLElement {
  if (!/^#\d+$/.test(m.id)) return h(d, 'span', { class: 'chunk-id' }, m.id);
  const text = ranked.find((r) => r.index === m.index)?.chunk.text ?? '';
  const snippet = text.length > 30 ? `${text.slice(0, 29).trimEnd()}…` : text;
  return h(d, 'span', { class: 'chunk-snippet', title: text }, `“${snippet}”`);
}

