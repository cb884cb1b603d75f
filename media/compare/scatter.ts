// A scatter of scorer A's score (x) against scorer B's (y) for every chunk both scored, in SVG with
// theme colours from panel.css classes (no inline styles: the CSP allows none). Relevant chunks (with
// labels) are filled, judged-not-relevant ones hollow; dashed lines mark A's threshold and B's
// translated one, so the quadrant a chunk falls in says whether both keep it.
import { s } from '../dom';

export interface ScatterPoint {
  x: number;
  y: number;
  relevant: boolean;
  labelled: boolean;
  title: string;
}

const W = 360;
const H = 240;
const PAD = { l: 44, r: 10, t: 10, b: 34 };

function extent(v: number[]): [number, number] {
  let lo = Math.min(...v);
  let hi = Math.max(...v);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.04;
  return [lo - pad, hi + pad];
}

const tick = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2));

export class Scatter {
  readonly el: SVGSVGElement;
  /** Points drawn in the last render (tests). */
  drawn = 0;

  constructor(private readonly doc: Document) {
    this.el = s(doc, 'svg', { viewBox: `0 0 ${W} ${H}`, class: 'cmp-scatter', role: 'img', 'aria-label': 'Scores of A against B' });
  }

  render(points: ScatterPoint[], opts: { x: string; y: string; thresholdX?: number; thresholdY?: number }): void {
    const doc = this.doc;
    while (this.el.firstChild) this.el.removeChild(this.el.firstChild);
    const pts = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    this.drawn = pts.length;
    this.el.setAttribute('aria-label', `Scores of ${opts.x} against ${opts.y}: ${pts.length} chunks`);
    const [x0, x1] = extent(pts.map((p) => p.x));
    const [y0, y1] = extent(pts.map((p) => p.y));
    const X = (v: number) => PAD.l + ((v - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
    const Y = (v: number) => H - PAD.b - ((v - y0) / (y1 - y0)) * (H - PAD.t - PAD.b);
    this.el.append(
      s(doc, 'rect', { x: PAD.l, y: PAD.t, width: W - PAD.l - PAD.r, height: H - PAD.t - PAD.b, class: 'cmp-frame' }),
      s(doc, 'text', { x: (PAD.l + W - PAD.r) / 2, y: H - 4, class: 'cmp-axis-label', 'text-anchor': 'middle' }, opts.x),
      s(doc, 'text', { x: 10, y: (PAD.t + H - PAD.b) / 2, class: 'cmp-axis-label', 'text-anchor': 'middle', transform: `rotate(-90 10 ${(PAD.t + H - PAD.b) / 2})` }, opts.y),
      s(doc, 'text', { x: PAD.l, y: H - PAD.b + 12, class: 'cmp-tick', 'text-anchor': 'start' }, tick(x0)),
      s(doc, 'text', { x: W - PAD.r, y: H - PAD.b + 12, class: 'cmp-tick', 'text-anchor': 'end' }, tick(x1)),
      s(doc, 'text', { x: PAD.l - 3, y: H - PAD.b, class: 'cmp-tick', 'text-anchor': 'end' }, tick(y0)),
      s(doc, 'text', { x: PAD.l - 3, y: PAD.t + 8, class: 'cmp-tick', 'text-anchor': 'end' }, tick(y1)),
    );
    if (opts.thresholdX !== undefined && Number.isFinite(opts.thresholdX) && opts.thresholdX >= x0 && opts.thresholdX <= x1) {
      this.el.append(s(doc, 'line', { x1: X(opts.thresholdX), x2: X(opts.thresholdX), y1: PAD.t, y2: H - PAD.b, class: 'cmp-threshold-line' }));
    }
    if (opts.thresholdY !== undefined && Number.isFinite(opts.thresholdY) && opts.thresholdY >= y0 && opts.thresholdY <= y1) {
      this.el.append(s(doc, 'line', { x1: PAD.l, x2: W - PAD.r, y1: Y(opts.thresholdY), y2: Y(opts.thresholdY), class: 'cmp-threshold-line' }));
    }
    for (const p of pts) {
      const cls = `cmp-point${p.labelled ? (p.relevant ? ' cmp-rel' : ' cmp-nonrel') : ''}`;
      this.el.append(s(doc, 'circle', { cx: X(p.x).toFixed(1), cy: Y(p.y).toFixed(1), r: 3, class: cls }, s(doc, 'title', {}, p.title.slice(0, 200))));
    }
  }
}
