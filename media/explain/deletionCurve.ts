// Faithfulness at a glance: the deletion curve (sentences removed from the largest effect down, score
// after each step) against the seeded random order, as an SVG, with one sentence on what the area
// difference means and the values in a table for screen readers. If the explanation is right, removing
// what it calls important drops the score faster than chance: the deletion curve runs below.
import type { Faithfulness } from '../../src/core/explain/types';
import { h, s } from '../dom';

const W = 320;
const H = 150;
const PAD = { left: 40, right: 10, top: 10, bottom: 28 };

/** The one sentence under the chart. */
export function areaSentence(f: Faithfulness, digits = 2): string {
  const d = f.areaDifference;
  const means = `mean score along the curve ${f.deletion.area.toFixed(digits)} when removing the highest effects first, ${f.random.area.toFixed(digits)} in a random order (seed ${f.random.seed})`;
  if (d > 0) return `Removing the sentences this explanation ranks highest lowers the score faster than a random order: the area between the curves is ${d.toFixed(digits)} (${means}), so by this test the effects track what the model uses in this chunk.`;
  if (d < 0) return `Removing the sentences ranked highest lowers the score more slowly than a random order (area difference ${d.toFixed(digits)}; ${means}): read these effects with care for this chunk.`;
  return `Removing the sentences ranked highest changes the score no faster than a random order (area difference 0; ${means}): the effects say little here.`;
}

function points(scores: readonly number[], lo: number, hi: number): string {
  const n = Math.max(1, scores.length - 1);
  const x = (k: number) => PAD.left + (k / n) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (hi === lo ? 0.5 : (hi - v) / (hi - lo)) * (H - PAD.top - PAD.bottom);
  return scores.map((v, k) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
}

/** The chart, its legend, the sentence and a values table (collapsed). */
export function deletionCurve(doc: Document, f: Faithfulness, digits = 2): HTMLElement {
  const all = [...f.deletion.scores, ...f.random.scores];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const units = f.deletion.order.length;
  const sentence = areaSentence(f, digits);
  const x0 = PAD.left;
  const x1 = W - PAD.right;
  const yb = H - PAD.bottom;
  const svg = s(doc, 'svg', { class: 'curve-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Deletion curve against a random order over ${units} sentences. ${sentence}` },
    s(doc, 'line', { class: 'curve-axis', x1: x0, y1: yb, x2: x1, y2: yb }),
    s(doc, 'line', { class: 'curve-axis', x1: x0, y1: PAD.top, x2: x0, y2: yb }),
    s(doc, 'text', { class: 'curve-tick', x: x0 - 4, y: PAD.top + 8, 'text-anchor': 'end' }, hi.toFixed(1)),
    s(doc, 'text', { class: 'curve-tick', x: x0 - 4, y: yb, 'text-anchor': 'end' }, lo.toFixed(1)),
    s(doc, 'text', { class: 'curve-tick', x: x0, y: H - 14, 'text-anchor': 'start' }, '0'),
    s(doc, 'text', { class: 'curve-tick', x: x1, y: H - 14, 'text-anchor': 'end' }, String(units)),
    s(doc, 'text', { class: 'curve-tick', x: (x0 + x1) / 2, y: H - 2, 'text-anchor': 'middle' }, 'sentences removed'),
    s(doc, 'polyline', { class: 'curve-line curve-random', points: points(f.random.scores, lo, hi) }),
    s(doc, 'polyline', { class: 'curve-line curve-deletion', points: points(f.deletion.scores, lo, hi) }),
  );
  const legend = h(doc, 'div', { class: 'curve-legend', 'aria-hidden': 'true' },
    h(doc, 'span', { class: 'curve-key curve-deletion' }, 'highest effect first'),
    h(doc, 'span', { class: 'curve-key curve-random' }, `random order (seed ${f.random.seed})`),
  );
  const rows = f.deletion.scores.map((v, k) =>
    h(doc, 'tr', {}, h(doc, 'th', { scope: 'row' }, String(k)), h(doc, 'td', {}, v.toFixed(digits)), h(doc, 'td', {}, f.random.scores[k].toFixed(digits))),
  );
  const table = h(doc, 'details', { class: 'curve-values' },
    h(doc, 'summary', {}, 'Curve values'),
    h(doc, 'table', {},
      h(doc, 'thead', {}, h(doc, 'tr', {}, h(doc, 'th', { scope: 'col' }, 'Removed'), h(doc, 'th', { scope: 'col' }, 'Highest first'), h(doc, 'th', { scope: 'col' }, 'Random'))),
      h(doc, 'tbody', {}, ...rows),
    ),
  );
  return h(doc, 'div', { class: `curve ${f.areaDifference > 0 ? 'faithful' : 'unfaithful'}` }, svg, legend, h(doc, 'p', { class: 'curve-sentence' }, sentence), table);
}
