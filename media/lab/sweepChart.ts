// The threshold sweep as curves over the logit threshold (x): with labels precision, recall and F1;
// without labels the kept share per query and the share of queries left with nothing. A vertical line
// marks the current threshold; drag it, click the chart, or use the arrow keys on it (a slider for
// screen readers). Colours are theme variables (see panel.css `.lab-curve-*`).
import type { RulePoint } from '../../src/core/eval/sweep';
import { clear, h, s } from '../dom';

const W = 600;
const H = 180;
const PAD = { left: 34, right: 8, top: 8, bottom: 22 };

export interface CurveSeries {
  key: string;
  label: string;
  /** y in [0, 1] for a point, or null to leave a gap. */
  y: (p: RulePoint) => number | null;
}

export const LABELLED_SERIES: CurveSeries[] = [
  { key: 'precision', label: 'Precision', y: (p) => p.labelled?.precision ?? null },
  { key: 'recall', label: 'Recall', y: (p) => p.labelled?.recall ?? null },
  { key: 'f1', label: 'F1', y: (p) => p.labelled?.f1 ?? null },
];

export const UNLABELLED_SERIES: CurveSeries[] = [
  { key: 'kept', label: 'Kept (share of pairs)', y: (p) => p.kept },
  { key: 'empty', label: 'Queries left empty', y: (p) => p.emptyShare },
  { key: 'all', label: 'Queries keeping all', y: (p) => p.allShare },
];

export class SweepChart {
  readonly el: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly plot: SVGGElement;
  private readonly marker: SVGLineElement;
  private readonly handle: SVGRectElement;
  private readonly legend: HTMLElement;
  private lo = 0;
  private hi = 1;
  private value: number | null = null;
  private dragging = false;

  constructor(doc: Document, private readonly onChange: (value: number, final: boolean) => void) {
    this.svg = s(doc, 'svg', { viewBox: `0 0 ${W} ${H}`, class: 'lab-chart', role: 'img', 'aria-label': 'Threshold sweep' });
    this.plot = s(doc, 'g', {});
    this.marker = s(doc, 'line', { class: 'lab-marker', y1: PAD.top, y2: H - PAD.bottom, x1: 0, x2: 0 });
    this.handle = s(doc, 'rect', {
      class: 'lab-handle', y: PAD.top, height: H - PAD.top - PAD.bottom, width: 10, x: 0, tabindex: 0,
      role: 'slider', 'aria-label': 'Threshold (logit)', 'aria-valuemin': 0, 'aria-valuemax': 1, 'aria-valuenow': 0,
    });
    this.svg.append(this.plot, this.marker, this.handle);
    this.legend = h(doc, 'div', { class: 'lab-legend' });
    this.el = h(doc, 'figure', { class: 'lab-sweep' }, this.svg, this.legend);
    this.svg.addEventListener('pointerdown', (e) => this.onPointer(e, 'down'));
    this.svg.addEventListener('pointermove', (e) => this.onPointer(e, 'move'));
    this.svg.addEventListener('pointerup', (e) => this.onPointer(e, 'up'));
    this.handle.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** Redraws the curves (when scores or labels change, not on every drag). */
  draw(points: readonly RulePoint[], series: readonly CurveSeries[], totalPairs: number): void {
    const doc = this.svg.ownerDocument;
    clear(this.plot);
    clear(this.legend);
    const xs = points.map((p) => p.threshold ?? 0);
    this.lo = xs.length ? Math.min(...xs) : 0;
    this.hi = xs.length ? Math.max(...xs) : 1;
    if (this.hi - this.lo < 1e-9) this.hi = this.lo + 1;
    this.handle.setAttribute('aria-valuemin', String(this.lo));
    this.handle.setAttribute('aria-valuemax', String(this.hi));
    // Axes: 0, 0.5 and 1 on y; the threshold range on x.
    for (const yv of [0, 0.5, 1]) {
      const y = this.y(yv);
      this.plot.append(s(doc, 'line', { class: 'lab-grid', x1: PAD.left, x2: W - PAD.right, y1: y, y2: y }), s(doc, 'text', { class: 'lab-axis', x: PAD.left - 4, y: y + 3, 'text-anchor': 'end' }, String(yv)));
    }
    for (const xv of [this.lo, (this.lo + this.hi) / 2, this.hi]) {
      this.plot.append(s(doc, 'text', { class: 'lab-axis', x: this.x(xv), y: H - 6, 'text-anchor': 'middle' }, xv.toFixed(2)));
    }
    for (const sr of series) {
      let d = '';
      let pen = false;
      for (const p of points) {
        let v = sr.y(p);
        if (sr.key === 'kept' && v !== null) v = totalPairs > 0 ? v / totalPairs : 0;
        if (v === null || !Number.isFinite(v)) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${this.x(p.threshold ?? 0).toFixed(1)},${this.y(v).toFixed(1)}`;
        pen = true;
      }
      this.plot.append(s(doc, 'path', { class: `lab-curve lab-curve-${sr.key}`, d }));
      this.legend.append(h(doc, 'span', { class: `lab-key lab-key-${sr.key}` }, sr.label));
    }
    this.legend.append(h(doc, 'span', { class: 'lab-key lab-key-threshold' }, 'Threshold (logit) on x'));
    if (this.value !== null) this.mark(this.value);
  }

  /** Moves the threshold line (cheap: a drag calls this on every frame). */
  mark(value: number | null): void {
    this.value = value;
    this.marker.style.display = value === null ? 'none' : '';
    if (value === null) return;
    const x = this.x(Math.min(this.hi, Math.max(this.lo, value)));
    this.marker.setAttribute('x1', String(x));
    this.marker.setAttribute('x2', String(x));
    this.handle.setAttribute('x', String(x - 5));
    this.handle.setAttribute('aria-valuenow', String(value));
    this.handle.setAttribute('aria-valuetext', `threshold ${value.toFixed(3)} (logit)`);
  }

  private x(v: number): number {
    return PAD.left + ((v - this.lo) / (this.hi - this.lo)) * (W - PAD.left - PAD.right);
  }

  private y(v: number): number {
    return H - PAD.bottom - v * (H - PAD.top - PAD.bottom);
  }

  private valueAt(clientX: number): number | undefined {
    const rect = this.svg.getBoundingClientRect();
    if (!(rect.width > 0)) return undefined;
    const px = ((clientX - rect.left) / rect.width) * W;
    const f = Math.min(1, Math.max(0, (px - PAD.left) / (W - PAD.left - PAD.right)));
    return this.lo + f * (this.hi - this.lo);
  }

  private onPointer(e: PointerEvent, phase: 'down' | 'move' | 'up'): void {
    if (phase === 'down') {
      if (e.button !== 0) return;
      this.dragging = true;
      this.svg.setPointerCapture?.(e.pointerId);
    } else if (!this.dragging) return;
    if (phase === 'up') {
      this.dragging = false;
      this.svg.releasePointerCapture?.(e.pointerId);
    }
    const v = this.valueAt(e.clientX);
    if (v !== undefined) this.onChange(v, phase === 'up');
    e.preventDefault();
  }

  private onKey(e: KeyboardEvent): void {
    const step = (this.hi - this.lo) / 100;
    const cur = this.value ?? (this.lo + this.hi) / 2;
    const moves: Record<string, number> = { ArrowRight: step, ArrowUp: step, ArrowLeft: -step, ArrowDown: -step, PageUp: step * 10, PageDown: -step * 10 };
    let next: number | undefined = moves[e.key] !== undefined ? cur + moves[e.key] : undefined;
    if (e.key === 'Home') next = this.lo;
    if (e.key === 'End') next = this.hi;
    if (next === undefined) return;
    e.preventDefault();
    this.onChange(Math.min(this.hi, Math.max(this.lo, next)), true);
  }
}
