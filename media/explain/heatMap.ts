// A heat map over a text (the chunk's sentences, or the query's words): each unit becomes a focusable
// <mark> coloured by its effect on one scale per explanation (classes heat-up-1..4 / heat-down-1..4,
// colours from theme variables in media/panel.css), with the effect in words as its accessible label.
// The text between units stays plain text; text the model never saw in the full pair is dimmed.
// Everything is inserted as text nodes (never innerHTML). One tab stop per map: the arrow keys, Home
// and End move between units, and a live line below says what the focused unit does.
import { describeEffect, heatLevel } from '../../src/core/explain/heat';
import { h } from '../dom';

/** Colour steps per direction (the legend shows 2 * STEPS + 1 swatches). */
export const STEPS = 4;

export interface HeatUnit {
  start: number;
  end: number;
  effect: number;
  scoreWithout: number;
}

export interface HeatOptions {
  /** 'Sentence' or 'Word': how a unit is named in its label. */
  noun: string;
  scale: number;
  /** Characters from here on were cut off in the full pair (dimmed, and said in the label). */
  cutAt?: number | null;
  /** Live line that repeats the focused unit's effect (a polite status for screen readers). */
  detail?: HTMLElement;
  digits?: number;
}

/** The colour class of an effect on the scale: heat-up-N, heat-down-N, or heat-0. */
export function heatClass(effect: number, scale: number): string {
  const level = heatLevel(effect, scale);
  const step = Math.min(STEPS, Math.ceil(Math.abs(level) * STEPS - 1e-9));
  if (step === 0) return 'heat-0';
  return level > 0 ? `heat-up-${step}` : `heat-down-${step}`;
}

const excerpt = (t: string, max = 80) => {
  const flat = t.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The words a screen reader says for a unit: the effect first, then which unit it is. */
export function unitLabel(u: HeatUnit, i: number, count: number, text: string, opts: Pick<HeatOptions, 'noun' | 'cutAt' | 'digits'>): string {
  const cut = opts.cutAt !== undefined && opts.cutAt !== null && u.end > opts.cutAt ? ' (not all seen by the model in the full chunk)' : '';
  return `${describeEffect(u.effect, opts.digits ?? 2)}. ${opts.noun} ${i + 1} of ${count}${cut}: ${excerpt(text.slice(u.start, u.end))}`;
}

/** Appends `text.slice(from, to)` to `parent`, the part at or after `cutAt` in a dimmed span. */
function appendText(doc: Document, parent: Element, text: string, from: number, to: number, cutAt: number | null | undefined) {
  if (from >= to) return;
  const cut = cutAt ?? Infinity;
  if (to <= cut) return parent.append(doc.createTextNode(text.slice(from, to)));
  if (from >= cut) return parent.append(h(doc, 'span', { class: 'unseen' }, text.slice(from, to)));
  parent.append(doc.createTextNode(text.slice(from, cut)), h(doc, 'span', { class: 'unseen' }, text.slice(cut, to)));
}

/** Renders `text` with its units highlighted into a new element (class heat-text). */
export function heatText(doc: Document, text: string, units: readonly HeatUnit[], opts: HeatOptions): HTMLElement {
  const root = h(doc, 'div', { class: 'heat-text' });
  const sorted = [...units].map((u, i) => ({ u, i })).sort((a, b) => a.u.start - b.u.start);
  const marks: HTMLElement[] = [];
  let at = 0;
  for (const { u, i } of sorted) {
    if (u.start < at) continue; // overlapping units cannot come from the planner; never draw text twice
    appendText(doc, root, text, at, u.start, opts.cutAt);
    const label = unitLabel(u, i, units.length, text, opts);
    const mark = h(doc, 'mark', {
      class: `heat ${heatClass(u.effect, opts.scale)}`,
      // A named, focusable group: the mark role takes no name in every screen reader, a group does.
      role: 'group',
      'aria-roledescription': opts.noun.toLowerCase(),
      tabindex: marks.length === 0 ? '0' : '-1',
      'aria-label': label,
      title: `${describeEffect(u.effect, opts.digits ?? 2)} (score without it ${u.scoreWithout.toFixed(2)})`,
      'data-unit': i,
    });
    appendText(doc, mark, text, u.start, u.end, opts.cutAt);
    root.append(mark);
    marks.push(mark);
    at = u.end;
  }
  appendText(doc, root, text, at, text.length, opts.cutAt);
  root.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    const from = marks.indexOf(target);
    if (from < 0) return;
    const next = { ArrowRight: from + 1, ArrowDown: from + 1, ArrowLeft: from - 1, ArrowUp: from - 1, Home: 0, End: marks.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const to = marks[Math.max(0, Math.min(marks.length - 1, next))];
    for (const m of marks) m.setAttribute('tabindex', m === to ? '0' : '-1');
    to.focus();
  });
  if (opts.detail) {
    const detail = opts.detail;
    root.addEventListener('focusin', (e) => {
      const label = (e.target as Element).getAttribute?.('aria-label');
      if (label) detail.textContent = label;
    });
  }
  return root;
}

/** The colour scale: swatches from "lowers by scale" through "no effect" to "raises by scale". */
export function heatLegend(doc: Document, scale: number, digits = 2): HTMLElement {
  const size = scale.toFixed(digits);
  const swatches = h(doc, 'span', { class: 'heat-swatches', 'aria-hidden': 'true' });
  for (let s = STEPS; s >= 1; s--) swatches.append(h(doc, 'span', { class: `heat-swatch heat heat-down-${s}` }));
  swatches.append(h(doc, 'span', { class: 'heat-swatch heat heat-0' }));
  for (let s = 1; s <= STEPS; s++) swatches.append(h(doc, 'span', { class: `heat-swatch heat heat-up-${s}` }));
  const words = scale > 0
    ? `Colour scale: from lowers the score by ${size} (left) through no effect to raises the score by ${size} (right).`
    : 'Colour scale: no part changed the score.';
  return h(doc, 'div', { class: 'heat-legend', role: 'img', 'aria-label': words },
    h(doc, 'span', { class: 'heat-end' }, `lowers by ${size}`),
    swatches,
    h(doc, 'span', { class: 'heat-end' }, `raises by ${size}`),
  );
}
