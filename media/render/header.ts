// The panel header: source, editable query (Enter reruns), query picker for multi-query inputs, model
// facts, status with progress and cancel, and errors with the hint saying what to do.
import type { PanelState, PanelStatus } from '../../src/panel/protocol';
import { clear, h, icon, setText } from '../dom';
import { formatDuration, formatName, isBusy, statusText } from '../format';

/** What a scorer's number means, as the header says it (ScorerInfo.meaning). */
const MEANING_TEXT = { logit: 'raw logit', probability: 'probability', relevance: 'relevance score' } as const;

export interface HeaderHandlers {
  rerun(query: string): void;
  selectQuery(index: number): void;
  cancel(): void;
  selectModel(): void;
  exportResults(): void;
}

export class Header {
  readonly el: HTMLElement;
  readonly queryInput: HTMLInputElement;
  readonly picker: HTMLSelectElement;
  private readonly source: HTMLElement;
  private readonly sourceName: HTMLElement;
  private readonly format: HTMLElement;
  private readonly pickerWrap: HTMLElement;
  private readonly model: HTMLButtonElement;
  private readonly facts: HTMLElement;
  private readonly status: HTMLElement;
  private readonly statusText: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly cancel: HTMLButtonElement;
  private readonly error: HTMLElement;
  /** "test model, scores are meaningless" and the like: said next to the model, not in a tooltip. */
  readonly modelNote: HTMLElement;
  /** Scores on screen are from the previous model until the configured one has scored. */
  readonly staleNote: HTMLElement;
  /** The query last received from the host; the input keeps the user's edit until they rerun. */
  private hostQuery = '';
  private readonly cancelLabel: Text;
  /** Cancel was pressed and the run has not stopped yet (the engine finishes the batches under way). */
  private cancelling = false;
  private lastDone = 0;

  constructor(private readonly doc: Document, handlers: HeaderHandlers) {
    const d = doc;
    // The detected format as a quiet tag after the name: "(lines 6-16) (selection-numbered)" read as
    // two parentheticals of the same kind.
    this.sourceName = h(d, 'span', { class: 'source-name' });
    this.format = h(d, 'span', { class: 'source-format', title: 'Input format Rerank Lens recognised' });
    this.source = h(d, 'span', { class: 'source' }, this.sourceName, ' ', this.format);
    this.queryInput = h(d, 'input', { type: 'text', class: 'query-input', 'aria-label': 'Query', placeholder: 'Type a query and press Enter', spellcheck: 'false' });
    const rerun = h(d, 'button', { type: 'button', class: 'primary', title: 'Rerank with this query (Enter)' }, icon(d, 'refresh'), ' Rerank');
    this.picker = h(d, 'select', { class: 'query-picker', 'aria-label': 'Query from the input' });
    this.pickerWrap = h(d, 'div', { class: 'picker-wrap', hidden: true }, h(d, 'span', { class: 'muted' }, 'Query set'), this.picker);
    this.model = h(d, 'button', { type: 'button', class: 'link-button model', title: 'Select model' });
    this.facts = h(d, 'span', { class: 'facts' });
    const exp = h(d, 'button', { type: 'button', class: 'secondary export', title: 'Export reranked results to a file' }, icon(d, 'export'), ' Export');
    this.statusText = h(d, 'span', { class: 'status-text' });
    this.progress = h(d, 'progress', { class: 'progress', max: 1, value: 0, 'aria-label': 'Progress' });
    this.cancelLabel = d.createTextNode(' Cancel');
    this.cancel = h(d, 'button', { type: 'button', class: 'secondary cancel' }, icon(d, 'debug-stop'), this.cancelLabel);
    this.status = h(d, 'div', { class: 'status', role: 'status', 'aria-live': 'polite' }, this.statusText, this.progress, this.cancel);
    this.error = h(d, 'div', { class: 'error', role: 'alert', hidden: true });
    this.modelNote = h(d, 'div', { class: 'model-note', hidden: true });
    this.staleNote = h(d, 'div', { class: 'stale-note', role: 'status', hidden: true });

    this.el = h(
      d,
      'header',
      { class: 'header' },
      h(d, 'div', { class: 'header-top' }, this.source, h(d, 'span', { class: 'spacer' }), this.model, this.facts, exp),
      this.modelNote,
      h(d, 'div', { class: 'query-row' }, this.queryInput, rerun),
      this.pickerWrap,
      this.status,
      this.staleNote,
      this.error,
    );

    const submit = () => {
      const q = this.queryInput.value.trim();
      if (!q) return;
      this.setCancelling(false);
      handlers.rerun(q);
    };
    this.queryInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        submit();
      } else if (e.key === 'Escape') {
        this.queryInput.value = this.hostQuery;
      }
    });
    rerun.addEventListener('click', submit);
    this.picker.addEventListener('change', () => {
      this.setCancelling(false);
      handlers.selectQuery(Number(this.picker.value));
    });
    this.model.addEventListener('click', () => handlers.selectModel());
    exp.addEventListener('click', () => handlers.exportResults());
    // Scoring goes on for a few seconds after Cancel (batches already sent): say that it was heard.
    this.cancel.addEventListener('click', () => {
      if (this.cancelling) return;
      this.setCancelling(true);
      handlers.cancel();
    });
  }

  private setCancelling(on: boolean) {
    this.cancelling = on;
    // aria-disabled, not disabled: a disabled button drops the keyboard focus it has.
    if (on) this.cancel.setAttribute('aria-disabled', 'true');
    else this.cancel.removeAttribute('aria-disabled');
    this.cancelLabel.data = on ? ' Cancelling…' : ' Cancel';
  }

  update(st: PanelState) {
    const d = this.doc;
    setText(this.sourceName, st.sourceLabel);
    // Words, not the reader's id: "numbered list (selection)", not "selection-numbered".
    setText(this.format, st.format ? formatName(st.format) : '');
    this.format.title = st.format ? `Input format Rerank Lens recognised (${st.format})` : '';
    this.format.hidden = !st.format;
    this.modelNote.hidden = !st.modelNote;
    clear(this.modelNote);
    if (st.modelNote) this.modelNote.append(icon(d, 'warning'), d.createTextNode(` ${st.modelNote}`));
    this.staleNote.hidden = !st.scoresFrom;
    setText(this.staleNote, st.scoresFrom ? `Scores shown are from the previous model ${modelLabel(st.scoresFrom)}: ${modelLabel(st.model) || 'the selected model'} has not scored this set yet.` : '');
    // A new query from the host replaces the input; an unsent edit survives a status-only update.
    if (st.query !== this.hostQuery || d.activeElement !== this.queryInput) this.queryInput.value = st.query;
    this.hostQuery = st.query;
    this.pickerWrap.hidden = st.queries.length < 2;
    clear(this.picker);
    st.queries.forEach((q, i) => this.picker.appendChild(h(d, 'option', { value: i, selected: i === st.activeQuery }, q.label)));
    this.picker.value = String(st.activeQuery);
    clear(this.model);
    // A local model folder shows by its name (the full path, which can fill a narrow panel's line,
    // is in the tooltip); a hub id (org/name) shows whole.
    this.model.append(icon(d, 'symbol-class'), d.createTextNode(` ${st.scorerLabel ?? (modelLabel(st.model) || 'no model')}`));
    // Issue 10: what the number means, so thresholds are never mixed across meanings.
    if (st.scorerMeaning) this.model.append(h(d, 'span', { class: 'scorer-meaning' }, ` · ${MEANING_TEXT[st.scorerMeaning]}`));
    this.model.title = st.scorerLabel ? `Scores from ${st.scorerLabel} (rerankLens.scorer): ${st.scorerMeaning ? MEANING_TEXT[st.scorerMeaning] : ''}` : st.model ? `Select model (now ${st.model})` : 'Select model';
    this.modelFacts = st.modelFacts;
    this.facts.title = st.modelFactsTitle ?? '';
    this.updateStatus(st.status, st.rows.length, st.elapsedMs, st.cacheHits, st.dtype);
  }

  /** dtype with its weights file and the activation, once the engine said (replaces the bare dtype). */
  private modelFacts?: string;

  updateStatus(status: PanelStatus, rows: number, elapsedMs?: number, cacheHits?: number, dtype?: string) {
    const facts = [this.modelFacts ?? dtype, `${rows} chunk${rows === 1 ? '' : 's'}`];
    if (elapsedMs !== undefined) facts.push(formatDuration(elapsedMs));
    if (cacheHits !== undefined && cacheHits > 0) facts.push(`${cacheHits} from cache`);
    setText(this.facts, facts.filter(Boolean).join(' · '));

    const busy = isBusy(status.phase);
    this.status.className = `status phase-${status.phase}`;
    setText(this.statusText, status.message && status.phase !== 'error' ? `${statusText(status)}: ${status.message}` : statusText(status));
    this.progress.hidden = !busy;
    if (status.phase === 'downloading' && status.percent !== undefined) {
      this.progress.max = 100;
      this.progress.value = status.percent;
    } else if (status.total > 0) {
      this.progress.max = status.total;
      this.progress.value = Math.min(status.done, status.total);
    } else {
      this.progress.removeAttribute('value'); // indeterminate
    }
    this.cancel.hidden = !busy;
    // The run ended, or a new one started counting from the beginning: Cancel applies again.
    if (this.cancelling && (!busy || status.done < this.lastDone)) this.setCancelling(false);
    this.lastDone = status.done;

    const showError = status.phase === 'error';
    this.error.hidden = !showError;
    // The error box says it all (role=alert); a status line reading just "Error" above it repeated it.
    this.status.hidden = showError;
    clear(this.error);
    if (showError) {
      this.error.append(
        icon(this.doc, 'error'),
        h(this.doc, 'div', { class: 'error-body' }, h(this.doc, 'div', { class: 'error-message' }, status.message ?? 'Something went wrong.'), status.hint ? h(this.doc, 'div', { class: 'error-hint' }, status.hint) : null),
      );
    }
  }
}

/** The model as shown in the header: the last folder name of a local path, a hub id unchanged. */
export function modelLabel(model: string): string {
  const isPath = /^(\/|~|\.{1,2}[\\/]|[A-Za-z]:[\\/]|\\\\)/.test(model);
  if (!isPath) return model;
  const parts = model.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? model;
}
