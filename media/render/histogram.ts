// Score histogram (SVG) with a draggable threshold line. The line is a slider for assistive tech and
// the keyboard (role="slider", arrows / Page / Home / End); the pointer can drag it or click anywhere on
// the chart to place it. Bars are coloured by which side of the threshold they fall on (and of the
// top-k cutoff, a dashed marker, when top-k is on).
import { histogramBins, niceStep, type HistogramBin } from '../../src/core/histogram';
import type { ScoreSpace } from '../../src/panel/protocol';
import { clear, h, s, setText, toggleClass } from '../dom';
import { formatThreshold } from '../format';

const W = 1000;
const H = 100;
const HISTOGRAM_BINS = 24;

export interface Domain {
  lo: number;
  hi: number;
}

export interface HistogramHandlers {
  /** The user moved the threshold (drag or keys); `final` is true when the gesture ended. */
  change(value: number, final: boolean): void;
  /** Probability axis over 0-1 (true) or over the scores' own span (false). */
  fullRange?(on: boolean): void;
}

export class ScoreHistogram {
  private readonly topLine: SVGLineElement;
  private topCut: number | null = null;
  readonly el: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly bars: SVGGElement;
  private readonly handle: SVGGElement;
  private readonly line: SVGLineElement;
  private readonly grip: SVGRectElement;
  private readonly loLabel: HTMLElement;
  private readonly hiLabel: HTMLElement;
  /** What the axis measures: bare numbers under a histogram could be logits or probabilities. */
  private readonly spaceLabel: HTMLElement;
  private readonly empty: HTMLElement;
  /** Probability space only: show the whole 0-1 axis instead of the scores' span. */
  readonly fullRange: HTMLInputElement;
  private readonly fullRangeLabel: HTMLElement;
  private bins: HistogramBin[] = [];
  private barEls: SVGRectElement[] = [];
  private domain: Domain = { lo: 0, hi: 1 };
  private space: ScoreSpace = 'probability';
  private value: number | null = null;
  private dragging = false;

  constructor(private readonly doc: Document, private readonly handlers: HistogramHandlers) {
    this.bars = s(doc, 'g', { class: 'bars' });
    this.line = s(doc, 'line', { class: 'threshold-line', x1: 0, x2: 0, y1: 0, y2: H, 'vector-effect': 'non-scaling-stroke' });
    this.grip = s(doc, 'rect', { class: 'threshold-grip', x: -12, y: 0, width: 24, height: H });
    this.handle = s(doc, 'g', { class: 'threshold-handle', role: 'slider', tabindex: 0, 'aria-label': 'Threshold on the histogram', 'aria-orientation': 'horizontal' }, this.grip, this.line);
    this.topLine = s(doc, 'line', { class: 'topk-line', x1: 0, x2: 0, y1: 0, y2: H, 'vector-effect': 'non-scaling-stroke', visibility: 'hidden' }, s(doc, 'title', undefined, ''));
    this.svg = s(doc, 'svg', { class: 'histogram-svg', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'group', 'aria-label': 'Score histogram' }, this.bars, this.topLine, this.handle);
    this.loLabel = h(doc, 'span', { class: 'axis-lo' });
    this.hiLabel = h(doc, 'span', { class: 'axis-hi' });
    this.spaceLabel = h(doc, 'span', { class: 'axis-space' });
    this.empty = h(doc, 'div', { class: 'histogram-empty muted' }, 'The histogram appears as scores arrive.');
    this.fullRange = h(doc, 'input', { type: 'checkbox', class: 'full-range' });
    this.fullRangeLabel = h(doc, 'label', { class: 'full-range-label muted', title: 'Draw the probability axis from 0 to 1 instead of over the scores\' own span' }, this.fullRange, ' Full 0-1 range');
    this.fullRange.addEventListener('change', () => handlers.fullRange?.(this.fullRange.checked));
    this.el = h(doc, 'div', { class: 'histogram' }, this.svg, h(doc, 'div', { class: 'axis', 'aria-hidden': 'true' }, this.loLabel, this.spaceLabel, this.hiLabel), this.fullRangeLabel, this.empty);

    this.svg.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.svg.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.svg.addEventListener('pointerup', (e) => this.onPointerUp(e));
    this.svg.addEventListener('pointercancel', (e) => this.onPointerUp(e));
    this.handle.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** New scores or a new space: rebuild the bars (a few dozen rects). */
  setData(values: readonly number[], space: ScoreSpace, domain: Domain, fullRange = false) {
    this.space = space;
    this.fullRangeLabel.hidden = space !== 'probability';
    this.fullRange.checked = fullRange;
    this.domain = domain;
    this.bins = histogramBins(values, HISTOGRAM_BINS);
    clear(this.bars);
    this.barEls = [];
    const max = Math.max(1, ...this.bins.map((b) => b.count));
    for (const b of this.bins) {
      // Clip to the domain: an all-equal bin at p = 1 reaches past 1.
      const x0 = Math.max(0, this.x(b.lo));
      const x1 = Math.min(W, this.x(b.hi));
      const height = (b.count / max) * (H - 4);
      const rect = s(this.doc, 'rect', { class: 'hist-bar', x: x0 + 0.5, width: Math.max(0.5, x1 - x0 - 1), y: H - height, height }, s(this.doc, 'title', undefined, `${b.count} chunk${b.count === 1 ? '' : 's'} in [${fmt(b.lo)}, ${fmt(b.hi)})`));
      this.bars.appendChild(rect);
      this.barEls.push(rect);
    }
    this.empty.hidden = values.length > 0;
    setText(this.loLabel, formatThreshold(domain.lo, space));
    setText(this.hiLabel, formatThreshold(domain.hi, space));
    setText(this.spaceLabel, space === 'probability' ? 'cross-encoder probability' : 'cross-encoder logit');
    this.handle.setAttribute('aria-valuemin', String(domain.lo));
    this.handle.setAttribute('aria-valuemax', String(domain.hi));
    this.setValue(this.value);
  }

  /**
   * The score of the k-th best chunk while top-k is on (null when off or k keeps everything): a dashed
   * marker, and bars below it are drawn as dropped too, so the colours agree with the kept count.
   * The bars are recoloured by the setValue that follows (the panel calls both on every move).
   */
  setTopK(cut: number | null, k: number | null) {
    this.topCut = cut;
    const on = cut !== null && Number.isFinite(cut);
    this.topLine.setAttribute('visibility', on ? 'visible' : 'hidden');
    if (on) {
      const x = String(this.x(Math.min(this.domain.hi, Math.max(this.domain.lo, cut))));
      this.topLine.setAttribute('x1', x);
      this.topLine.setAttribute('x2', x);
      const nth = k === null ? '' : `${k}${k % 100 >= 11 && k % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][k % 10] ?? 'th'}`;
      setText(this.topLine.firstChild as Element, `Top-${k} cutoff: the ${nth} best score, ${formatThreshold(cut, this.space)}`);
    }
  }

  /** Moves the line and recolours bars: cheap, called on every slider move. */
  setValue(value: number | null) {
    this.value = value;
    const on = value !== null;
    toggleClass(this.handle, 'off', !on);
    const x = on ? this.x(Math.min(this.domain.hi, Math.max(this.domain.lo, value))) : 0;
    this.line.setAttribute('x1', String(x));
    this.line.setAttribute('x2', String(x));
    this.grip.setAttribute('x', String(x - 12));
    this.handle.setAttribute('aria-valuenow', on ? String(value) : String(this.domain.lo));
    this.handle.setAttribute('aria-valuetext', on ? `Threshold ${formatThreshold(value, this.space)} (${this.space})` : 'No threshold');
    // What is kept: at or above the threshold and at or above the top-k cutoff, whichever is higher.
    const cuts = [on ? value : null, this.topCut].filter((c): c is number => c !== null && Number.isFinite(c));
    const cut = cuts.length ? Math.max(...cuts) : null;
    this.bins.forEach((b, i) => {
      toggleClass(this.barEls[i], 'below', cut !== null && b.hi <= cut);
      toggleClass(this.barEls[i], 'above', cut === null || b.lo >= cut);
    });
  }

  /** Drags and keys land on round values (about 1/1000 of the range), not 3.8000000000000007. */
  private round(v: number): number {
    const span = this.domain.hi - this.domain.lo;
    if (!(span > 0)) return v;
    const q = 10 ** Math.floor(Math.log10(span / 1000));
    const digits = Math.max(0, -Math.floor(Math.log10(q)));
    return Number((Math.round(v / q) * q).toFixed(digits));
  }

  private x(v: number): number {
    const span = this.domain.hi - this.domain.lo;
    return span > 0 ? ((v - this.domain.lo) / span) * W : 0;
  }

  private valueAt(clientX: number): number | undefined {
    const rect = this.svg.getBoundingClientRect();
    if (!(rect.width > 0)) return undefined;
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return this.round(this.domain.lo + f * (this.domain.hi - this.domain.lo));
  }

  private onPointerDown(e: PointerEvent) {
    if (e.button !== 0) return;
    const v = this.valueAt(e.clientX);
    if (v === undefined) return;
    this.dragging = true;
    this.svg.setPointerCapture?.(e.pointerId);
    this.handle.focus();
    e.preventDefault();
    this.handlers.change(v, false);
  }

  private onPointerMove(e: PointerEvent) {
    if (!this.dragging) return;
    const v = this.valueAt(e.clientX);
    if (v !== undefined) this.handlers.change(v, false);
  }

  private onPointerUp(e: PointerEvent) {
    if (!this.dragging) return;
    this.dragging = false;
    this.svg.releasePointerCapture?.(e.pointerId);
    if (this.value !== null) this.handlers.change(this.value, true);
  }

  private onKey(e: KeyboardEvent) {
    const { lo, hi } = this.domain;
    const step = (hi - lo) / 100;
    const cur = this.value ?? (this.space === 'probability' ? 0.5 : (lo + hi) / 2);
    let next: number;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        next = cur + step;
        break;
      case 'ArrowLeft':
      case 'ArrowDown':
        next = cur - step;
        break;
      case 'PageUp':
        next = cur + step * 10;
        break;
      case 'PageDown':
        next = cur - step * 10;
        break;
      case 'Home':
        next = lo;
        break;
      case 'End':
        next = hi;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.handlers.change(this.round(Math.min(hi, Math.max(lo, next))), true);
  }
}

const fmt = (v: number) => String(Number(v.toPrecision(4)));

/** The slider and histogram range for a space: the scores' span (rounded out to whole logits, or to a
 *  round step inside 0-1 for probabilities; `fullRange` gives 0-1), always wide enough to show the
 *  current threshold. Scores of 0.15-0.37 on a fixed 0-1 axis were a sliver. */
export function thresholdDomain(values: readonly number[], space: ScoreSpace, threshold: number | null, fullRange = false): Domain {
  if (space === 'probability') {
    const finite = values.filter(Number.isFinite);
    if (fullRange || finite.length === 0) return { lo: 0, hi: 1 };
    let lo = Math.min(...finite);
    let hi = Math.max(...finite);
    if (threshold !== null && Number.isFinite(threshold)) {
      lo = Math.min(lo, threshold);
      hi = Math.max(hi, threshold);
    }
    const step = niceStep(Math.max(hi - lo, 0.01) / 5);
    const outLo = Math.max(0, Math.floor(lo / step - 1e-9) * step);
    let outHi = Math.min(1, Math.ceil(hi / step + 1e-9) * step);
    if (outHi <= outLo) outHi = Math.min(1, outLo + step);
    const round = (v: number) => Number(v.toFixed(6));
    return { lo: round(outLo), hi: round(outHi) };
  }
  // Cover the histogram's own (nice) edges so every bar fits, rounded out to whole logits.
  const bins = histogramBins(values, HISTOGRAM_BINS);
  let lo = bins.length ? Math.floor(bins[0].lo) : -10;
  let hi = bins.length ? Math.ceil(bins[bins.length - 1].hi) : 10;
  if (threshold !== null && Number.isFinite(threshold)) {
    lo = Math.min(lo, Math.floor(threshold));
    hi = Math.max(hi, Math.ceil(threshold));
  }
  if (hi - lo < 1) hi = lo + 1;
  return { lo, hi };
}
