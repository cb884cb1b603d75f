// Threshold and top-k controls: a slider and a number input for each, the one score space of the panel
// (logit or probability: the table, the histogram and the threshold all use it), row density, and the
// kept/dropped counts. Inputs report every move (`final` false) and the end of a gesture (`final`
// true); the app re-filters locally on each.
import { niceStep } from '../../src/core/histogram';
import type { Density, ScoreSpace, ThresholdSetting } from '../../src/panel/protocol';
import { h, icon, setText } from '../dom';
import { formatThreshold } from '../format';
import type { Domain } from './histogram';

export interface ControlsHandlers {
  threshold(value: number | null, final: boolean): void;
  /** The panel's one score space (table, histogram and threshold). */
  space(space: ScoreSpace): void;
  topK(k: number | null, final: boolean): void;
  density(density: Density): void;
  saveDefault(): void;
}

export interface ControlsModel {
  threshold: ThresholdSetting;
  topK: number | null;
  domain: Domain;
  /** Rows in the set (the top-k slider's maximum). */
  rows: number;
  display: ScoreSpace;
  /** Where the threshold starts when switched on (the last value used, the model's saved one, or
   *  the median score), in the threshold's space. */
  start: number;
  density: Density;
}

let uid = 0;

/** Two toggle buttons acting as a radio pair (aria-pressed), e.g. Logit | Probability. */
function segmented(doc: Document, label: string, title: string, onPick: (v: ScoreSpace) => void) {
  const logit = h(doc, 'button', { type: 'button', class: 'seg', 'data-value': 'logit', 'aria-pressed': 'false' }, 'Logit');
  const prob = h(doc, 'button', { type: 'button', class: 'seg', 'data-value': 'probability', 'aria-pressed': 'false' }, 'Probability');
  const el = h(doc, 'div', { class: 'segmented', role: 'group', 'aria-label': label, title }, logit, prob);
  for (const b of [logit, prob]) b.addEventListener('click', () => onPick(b.dataset.value as ScoreSpace));
  return {
    el,
    set(v: ScoreSpace) {
      logit.setAttribute('aria-pressed', String(v === 'logit'));
      prob.setAttribute('aria-pressed', String(v === 'probability'));
    },
  };
}

export class Controls {
  readonly el: HTMLElement;
  readonly thresholdOn: HTMLInputElement;
  readonly thresholdRange: HTMLInputElement;
  readonly thresholdNumber: HTMLInputElement;
  readonly topKOn: HTMLInputElement;
  readonly topKRange: HTMLInputElement;
  readonly topKNumber: HTMLInputElement;
  readonly counts: HTMLElement;
  readonly compact: HTMLInputElement;
  private readonly spaceToggle: ReturnType<typeof segmented>;
  private model?: ControlsModel;

  constructor(doc: Document, private readonly handlers: ControlsHandlers) {
    const id = `ctl${++uid}`;
    this.thresholdOn = h(doc, 'input', { type: 'checkbox', id: `${id}-thr-on` });
    this.thresholdRange = h(doc, 'input', { type: 'range', id: `${id}-thr`, 'aria-label': 'Threshold' });
    this.thresholdNumber = h(doc, 'input', { type: 'number', class: 'num', 'aria-label': 'Threshold value', step: 'any' });
    this.topKOn = h(doc, 'input', { type: 'checkbox', id: `${id}-k-on` });
    this.topKRange = h(doc, 'input', { type: 'range', id: `${id}-k`, min: 1, step: 1, 'aria-label': 'Top-k' });
    this.topKNumber = h(doc, 'input', { type: 'number', class: 'num', min: 0, step: 1, 'aria-label': 'Top-k value' });
    this.counts = h(doc, 'div', { class: 'counts', role: 'status', 'aria-live': 'polite' });
    // One space for the whole panel: a threshold in one space beside a table in the other misled.
    this.spaceToggle = segmented(doc, 'Score space', 'Scores, histogram and threshold in logits or probabilities (the threshold converts when you switch)', (v) => handlers.space(v));
    this.compact = h(doc, 'input', { type: 'checkbox', id: `${id}-compact`, class: 'compact-toggle' });
    this.compact.addEventListener('change', () => handlers.density(this.compact.checked ? 'compact' : 'comfortable'));
    const save = h(doc, 'button', { type: 'button', class: 'secondary', title: 'Write this threshold and top-k to the settings as the default for this model' }, icon(doc, 'save'), ' Save as default');
    save.addEventListener('click', () => handlers.saveDefault());

    this.el = h(
      doc,
      'section',
      { class: 'controls', 'aria-label': 'Threshold and top-k' },
      h(doc, 'div', { class: 'control control-threshold' }, h(doc, 'label', { for: this.thresholdOn.id, class: 'control-label' }, this.thresholdOn, ' Threshold'), this.thresholdRange, this.thresholdNumber),
      h(doc, 'div', { class: 'control control-topk' }, h(doc, 'label', { for: this.topKOn.id, class: 'control-label' }, this.topKOn, ' Top-k'), this.topKRange, this.topKNumber),
      h(doc, 'div', { class: 'control control-tail' }, h(doc, 'span', { class: 'muted' }, 'Scores'), this.spaceToggle.el, h(doc, 'label', { for: this.compact.id, class: 'compact-label' }, this.compact, ' Compact rows'), save),
      this.counts,
    );

    this.thresholdOn.addEventListener('change', () => {
      const m = this.model;
      if (!m) return;
      handlers.threshold(this.thresholdOn.checked ? m.start : null, true);
    });
    this.thresholdRange.addEventListener('input', () => handlers.threshold(Number(this.thresholdRange.value), false));
    this.thresholdRange.addEventListener('change', () => handlers.threshold(Number(this.thresholdRange.value), true));
    this.thresholdNumber.addEventListener('input', () => {
      const v = this.thresholdNumber.valueAsNumber;
      if (Number.isFinite(v)) handlers.threshold(v, false);
    });
    this.thresholdNumber.addEventListener('change', () => {
      const v = this.thresholdNumber.valueAsNumber;
      if (Number.isFinite(v)) handlers.threshold(v, true);
      // Cleared or not a number: show the threshold that still applies rather than an empty box.
      else if (this.model) this.thresholdNumber.value = formatThreshold(this.model.threshold.value ?? this.model.start, this.model.threshold.space);
    });
    this.topKOn.addEventListener('change', () => {
      const m = this.model;
      if (!m) return;
      handlers.topK(this.topKOn.checked ? defaultTopK(m.rows) : null, true);
    });
    this.topKRange.addEventListener('input', () => handlers.topK(Math.round(Number(this.topKRange.value)), false));
    this.topKRange.addEventListener('change', () => handlers.topK(Math.round(Number(this.topKRange.value)), true));
    const fromNumber = (final: boolean) => {
      const v = this.topKNumber.valueAsNumber;
      // More than the set holds keeps everything: clamp so the box shows what is in force.
      if (Number.isFinite(v) && v >= 0) {
        const k = Math.min(Math.floor(v), Math.max(1, this.model?.rows ?? Math.floor(v)));
        handlers.topK(k, final);
        // update() leaves a focused box alone (caret); after Enter the box still has focus, so 999
        // would stay on screen while 10 is in force: write the clamped value here.
        if (final && String(k) !== this.topKNumber.value) this.topKNumber.value = String(k);
      } else if (final && this.model) this.topKNumber.value = String(this.model.topK ?? defaultTopK(this.model.rows));
    };
    this.topKNumber.addEventListener('input', () => fromNumber(false));
    this.topKNumber.addEventListener('change', () => fromNumber(true));
  }

  /** Syncs every input with the model without rebuilding (keeps focus and caret). */
  update(m: ControlsModel) {
    this.model = m;
    const { threshold, topK, domain } = m;
    const thrOn = threshold.value !== null;
    this.thresholdOn.checked = thrOn;
    this.thresholdRange.disabled = !thrOn;
    this.thresholdNumber.disabled = !thrOn;
    // A round step that divides the whole-number domain edges, so 0 and other round values are reachable.
    const step = threshold.space === 'probability' ? 0.001 : niceStep((domain.hi - domain.lo) / 500);
    setAttr(this.thresholdRange, 'min', String(domain.lo));
    setAttr(this.thresholdRange, 'max', String(domain.hi));
    setAttr(this.thresholdRange, 'step', String(step));
    const shown = thrOn ? threshold.value! : Math.min(domain.hi, Math.max(domain.lo, m.start));
    this.thresholdRange.value = String(shown);
    this.thresholdRange.setAttribute('aria-valuetext', thrOn ? `${formatThreshold(shown, threshold.space)} (${threshold.space})` : 'off');
    setAttr(this.thresholdNumber, 'step', threshold.space === 'probability' ? '0.01' : '0.1');
    if (this.thresholdNumber.ownerDocument.activeElement !== this.thresholdNumber) this.thresholdNumber.value = formatThreshold(shown, threshold.space);
    this.spaceToggle.set(threshold.space);

    const kOn = topK !== null;
    this.topKOn.checked = kOn;
    this.topKRange.disabled = !kOn;
    this.topKNumber.disabled = !kOn;
    setAttr(this.topKRange, 'max', String(Math.max(1, m.rows)));
    setAttr(this.topKNumber, 'max', String(Math.max(1, m.rows)));
    const k = kOn ? topK! : defaultTopK(m.rows);
    this.topKRange.value = String(k);
    this.topKRange.setAttribute('aria-valuetext', kOn ? `top ${k}` : 'off');
    if (this.topKNumber.ownerDocument.activeElement !== this.topKNumber) this.topKNumber.value = String(k);
    this.spaceToggle.set(m.display);
    this.compact.checked = m.density === 'compact';
  }

  /** Kept/dropped counts; with no threshold and no top-k nothing is filtered, and it says so. */
  setCounts(c: { kept: number; dropped: number; unscored: number }, filtering = true) {
    const pending = c.unscored ? ` · ${c.unscored} not scored yet` : '';
    const total = c.kept + c.dropped + c.unscored;
    setText(this.counts, filtering ? `${c.kept} kept · ${c.dropped} dropped${pending}` : `Nothing filtered · ${total} chunk${total === 1 ? '' : 's'}${pending}`);
  }
}

function setAttr(e: Element, name: string, value: string) {
  if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

/**
 * Where top-k starts when switched on: 10, but always below the chunk count, so ticking the box
 * visibly drops something (k = all 4 of 4 chunks changed nothing and looked broken).
 */
function defaultTopK(rows: number): number {
  return rows > 1 ? Math.min(10, rows - 1) : 1;
}
