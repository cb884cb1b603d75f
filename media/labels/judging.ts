// Relevance judging in the per-query view (issue 14): three small buttons per row (not relevant /
// relevant / highly relevant, graded 0/1/2) and keys 0, 1, 2 on the focused row (x, Backspace or
// Delete clears), a bar saying where judgments are saved and what the file's problems are, and the
// "Label where it matters" order. The table (media/render/table.ts) only asks for a slot per row and
// passes unhandled row keys here.
//
// Labels per row: the input's (PanelRow.label as the host sent it) and the saved one (the workspace's
// qrels, from the host's `labels` message). The effective label (saved over input) is written back to
// row.label, so the diff view's nDCG/RR/recall use it at once; a saved label that differs from the
// input's is shown as an override. A judgment is applied here at once and posted with a running
// number; the host saves it and answers with the file's judgments (the truth, e.g. after another
// window's edit) and that number. Judgments the host has not answered yet stay over its answer, so
// quick keys never flicker back to an older state.
import { labelOrder } from '../../src/core/eval/recommend';
import { GRADE_NAMES, labelsKey, parseLabelsHostMessage, type Grade, type LabelsHostMessage, type LabelsWebviewMessage } from '../../src/panel/labels/protocol';
import type { RankedChunk } from '../../src/core/rank';
import type { PanelRow, PanelState } from '../../src/panel/protocol';
import { clear, h, setText } from '../dom';
import { displayId } from '../format';

export interface JudgingHandlers {
  post(msg: LabelsWebviewMessage): void;
  /** Labels changed (judged here or re-posted by the host): re-rank, re-filter, redraw the diff. */
  changed(): void;
}

interface Slot {
  el: HTMLElement;
  buttons: HTMLButtonElement[];
  clearButton: HTMLButtonElement;
  note: HTMLElement;
}

const GRADES: Grade[] = [0, 1, 2];
const CLEAR_KEYS = new Set(['x', 'X', 'Backspace', 'Delete']);

const gradeName = (g: number) => (g in GRADE_NAMES ? GRADE_NAMES[g as Grade] : `grade ${g}`);
const logitOf = (p: number) => Math.log(Math.min(1 - 1e-12, Math.max(1e-12, p)) / (1 - Math.min(1 - 1e-12, Math.max(1e-12, p))));

export class Judging {
  readonly el: HTMLElement;
  readonly orderBox: HTMLInputElement;
  private readonly summary: HTMLElement;
  /** Says what "Label where it matters" sorted by (the table no longer starts at #1). */
  private readonly orderNote: HTMLElement;
  private readonly problems: HTMLElement;
  private key = '';
  private rows: PanelRow[] = [];
  private readonly input = new Map<number, number>();
  private readonly saved = new Map<number, number>();
  private readonly slots = new Map<number, Slot>();
  /** Posted judgments the host has not answered yet (oldest first). */
  private pending: { seq: number; index: number; grade: Grade | null }[] = [];
  private seq = 0;
  private info?: LabelsHostMessage;

  constructor(private readonly doc: Document, private readonly handlers: JudgingHandlers) {
    this.orderBox = h(doc, 'input', { type: 'checkbox', class: 'label-order' });
    this.orderBox.addEventListener('change', () => this.handlers.changed());
    this.summary = h(doc, 'span', { class: 'labels-summary muted', 'aria-live': 'polite' });
    this.orderNote = h(doc, 'span', { class: 'label-order-note muted', hidden: true });
    this.problems = h(doc, 'ul', { class: 'labels-problems', hidden: true });
    this.el = h(
      doc,
      'div',
      { class: 'labels-bar' },
      h(doc, 'label', { class: 'toggle', title: 'Unjudged rows first, those scored nearest the threshold first: their labels move the recommended cutoff most' }, this.orderBox, ' Label where it matters'),
      this.orderNote,
      this.summary,
      h(doc, 'span', { class: 'muted labels-keys' }, 'Judge the focused row: 0 not relevant, 1 relevant, 2 highly relevant, x clears.'),
      this.problems,
    );
  }

  /** A new copy of the rows (a state from the host): their labels are the input's; saved ones go over. */
  apply(state: Pick<PanelState, 'rows' | 'activeQuery' | 'query'>): void {
    const key = labelsKey(state.activeQuery, state.query);
    if (key !== this.key) {
      this.saved.clear();
      this.pending = [];
      this.key = key;
    }
    this.rows = state.rows;
    this.input.clear();
    for (const r of state.rows) if (typeof r.label === 'number') this.input.set(r.index, r.label);
    this.writeBack();
    // Rows kept on screen (same content) keep their slots: refill them; rebuilt rows get new ones.
    for (const [i] of this.slots) this.fillSlot(i);
    this.renderBar();
  }

  /** The host's `labels` message; true when `raw` belongs to this feature (handled or not). */
  handle(raw: unknown): boolean {
    if (typeof raw !== 'object' || raw === null || (raw as { type?: unknown }).type !== 'labels') return false;
    const msg = parseLabelsHostMessage(raw);
    if (!msg || msg.key !== this.key) return true;
    this.info = msg;
    if (msg.ack !== undefined) this.pending = this.pending.filter((p) => p.seq > msg.ack!);
    this.saved.clear();
    for (const [i, g] of Object.entries(msg.byRow)) this.saved.set(Number(i), g);
    for (const p of this.pending) this.setSaved(p.index, p.grade);
    this.writeBack();
    for (const [i] of this.slots) this.fillSlot(i);
    this.renderBar();
    this.handlers.changed();
    return true;
  }

  /** The judging buttons of one row (built with the row; refreshed in place). */
  slot(row: PanelRow): HTMLElement {
    const d = this.doc;
    const name = displayId(row.id);
    const buttons = GRADES.map((g) => {
      const b = h(d, 'button', { type: 'button', class: `judge g${g}`, 'aria-label': GRADE_NAMES[g], 'aria-pressed': 'false', title: `${GRADE_NAMES[g]} (key ${g})`, 'data-grade': g }, String(g));
      b.addEventListener('click', () => this.set(row.index, g));
      return b;
    });
    const clearButton = h(d, 'button', { type: 'button', class: 'judge clear', 'aria-label': 'clear judgment', title: 'Clear the judgment (key x)', hidden: true }, '×');
    clearButton.addEventListener('click', () => this.set(row.index, null));
    const note = h(d, 'span', { class: 'judge-note' });
    const el = h(d, 'span', { class: 'judging', role: 'group', 'aria-label': `Relevance of chunk ${name}` }, ...buttons, clearButton, note);
    this.slots.set(row.index, { el, buttons, clearButton, note });
    this.fillSlot(row.index);
    return el;
  }

  /** A key on a focused row: true when it was a judging key. */
  onKey(e: KeyboardEvent, index: number): boolean {
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === '0' || e.key === '1' || e.key === '2') this.set(index, Number(e.key) as Grade);
    else if (CLEAR_KEYS.has(e.key)) this.set(index, null);
    else return false;
    return true;
  }

  /** Judges a row (null clears the saved judgment; the input's label, if any, shows again). */
  set(index: number, grade: Grade | null): void {
    if (!this.rows.some((r) => r.index === index)) return;
    if (grade === null && !this.saved.has(index)) return;
    this.setSaved(index, grade);
    const seq = ++this.seq;
    this.pending.push({ seq, index, grade });
    this.writeBack();
    this.fillSlot(index);
    this.renderBar();
    this.handlers.post({ type: 'labelSet', index, grade, key: this.key, seq });
    this.handlers.changed();
  }

  private setSaved(index: number, grade: Grade | null): void {
    if (grade === null) this.saved.delete(index);
    else this.saved.set(index, grade);
  }

  /** Effective label of a row: saved over input. */
  label(index: number): number | undefined {
    return this.saved.get(index) ?? this.input.get(index);
  }

  /**
   * The table's order: ranked as is, or with "Label where it matters" on, the unjudged scored rows
   * nearest the threshold first (core/eval labelOrder), then unscored ones, then the judged rows.
   */
  order<C extends PanelRow>(ranked: RankedChunk<C>[], st: Pick<PanelState, 'threshold'>): RankedChunk<C>[] {
    this.orderNote.hidden = !this.orderBox.checked;
    if (!this.orderBox.checked) return ranked;
    const logits = ranked.flatMap((r) => (r.score ? [r.score.score] : [])).sort((a, b) => a - b);
    const t = st.threshold.value;
    setText(this.orderNote, t === null ? 'Sorted: unjudged rows scored nearest the median first (no threshold is set), judged rows last.' : 'Sorted: unjudged rows scored nearest the threshold first, judged rows last.');
    const threshold = t === null ? (logits[Math.floor(logits.length / 2)] ?? 0) : st.threshold.space === 'probability' ? logitOf(t) : t;
    const unjudged = ranked.filter((r) => this.label(r.index) === undefined);
    const scored = unjudged.filter((r) => r.score);
    const keys = labelOrder(scored.map((r) => ({ key: r, score: r.score!.score })), threshold);
    return [...keys, ...unjudged.filter((r) => !r.score), ...ranked.filter((r) => this.label(r.index) !== undefined)];
  }

  private writeBack(): void {
    for (const r of this.rows) {
      const l = this.label(r.index);
      if (l === undefined) delete r.label;
      else r.label = l;
    }
  }

  private fillSlot(index: number): void {
    const slot = this.slots.get(index);
    if (!slot) return;
    const saved = this.saved.get(index);
    const input = this.input.get(index);
    const shown = saved ?? input;
    slot.buttons.forEach((b, g) => {
      b.setAttribute('aria-pressed', String(shown === g));
      b.classList.toggle('on', shown === g);
    });
    slot.clearButton.hidden = saved === undefined;
    slot.el.classList.toggle('overridden', saved !== undefined && input !== undefined && saved !== input);
    slot.el.classList.toggle('from-input', saved === undefined && input !== undefined);
    // The input's label keeps the table's old badge look (and class), judged or not.
    slot.note.classList.toggle('badge', input !== undefined);
    slot.note.classList.toggle('label', input !== undefined);
    slot.note.classList.toggle('relevant', input !== undefined && input > 0);
    slot.note.classList.toggle('not-relevant', input !== undefined && input <= 0);
    setText(
      slot.note,
      saved !== undefined && input !== undefined && saved !== input
        ? `overridden (input: ${gradeName(input)})`
        : saved === undefined && input !== undefined
          ? `from input: ${gradeName(input)}`
          : saved !== undefined
            ? gradeName(saved)
            : '',
    );
    slot.note.title = input !== undefined ? `The input labels this chunk ${gradeName(input)} (${input})${saved !== undefined && saved !== input ? `; your saved judgment ${gradeName(saved)} (${saved}) is used instead` : ''}` : '';
  }

  private renderBar(): void {
    const info = this.info;
    const judged = this.rows.filter((r) => this.label(r.index) !== undefined).length;
    const where = info?.unavailable ? ` · ${info.unavailable}` : info?.file ? ` · saved in ${info.file}${info.queries !== undefined ? ` (${info.queries} quer${info.queries === 1 ? 'y' : 'ies'}, ${info.pairs ?? 0} pairs)` : ''}` : '';
    setText(this.summary, `${judged} of ${this.rows.length} rows judged${where}`);
    clear(this.problems);
    const problems = info?.problems ?? [];
    this.problems.hidden = problems.length === 0;
    for (const p of problems) this.problems.append(h(this.doc, 'li', { class: 'labels-problem' }, p.message));
  }
}
