// The "Why?" view: asks the host to explain one row (the row's "Why?" button) or the top k (this
// view's own button), shows the cost in pairs first (and asks before a large request, here in the
// webview), progress with Cancel, then one card per explained chunk: the query's words and the chunk's
// sentences as heat maps on one scale with a legend, the best windows of a truncated chunk, and the
// deletion curve against the random one. Host messages are validated (src/panel/explain/protocol.ts)
// and only the answer to the latest request is shown.
import { effectScale } from '../../src/core/explain/heat';
import { MAX_TOP_K, parseExplainHostMessage, type ExplainCost, type ExplainedRow, type ExplainHostMessage, type ExplainWebviewMessage } from '../../src/panel/explain/protocol';
import { clear, h, icon, setText } from '../dom';
import { deletionCurve } from './deletionCurve';
import { heatLegend, heatText } from './heatMap';

export interface ExplainContext {
  post(m: ExplainWebviewMessage): void;
  /** How a row is named in headings (its display id). */
  rowName(index: number): string;
  /** The k of "Explain the top k" (the panel's top-k when set). */
  topK(): number;
}

type Target = { index: number } | { topK: number };

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function costWords(c: ExplainCost): string {
  const parts = [`${c.sentences} for sentences`, `${c.terms} for query words`];
  if (c.windows > 0) parts.push(`${c.windows} for windows`);
  if (c.curve > 0) parts.push(`${c.exact ? '' : 'up to '}${c.curve} for the curves`);
  return `${c.exact ? '' : 'about '}${plural(c.total, 'pair')} to score (${parts.join(', ')})`;
}

export class ExplainView {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly status: HTMLElement;
  private readonly confirm: HTMLElement;
  private readonly confirmText: HTMLElement;
  private readonly progressRow: HTMLElement;
  private readonly progress: HTMLProgressElement;
  private readonly results: HTMLElement;
  private readonly topButton: HTMLButtonElement;
  private readonly topLabel: HTMLElement;
  private requestId = 0;
  private target: Target | undefined;
  private running = false;
  /** Source and query of the panel state the view last saw. */
  private about: string | undefined;

  constructor(private readonly doc: Document, private readonly ctx: ExplainContext) {
    const d = doc;
    this.topLabel = h(d, 'span', {}, ' Why? Top 3');
    this.topButton = h(d, 'button', { type: 'button', class: 'secondary explain-topk', title: 'Explain the scores of the top-ranked chunks at once' }, icon(d, 'question'), this.topLabel);
    this.topButton.addEventListener('click', () => this.request({ topK: Math.max(1, Math.min(MAX_TOP_K, this.ctx.topK())) }));
    this.heading = h(d, 'h2', { class: 'explain-heading', tabindex: '-1' }, 'Why did it score that?');
    const close = h(d, 'button', { type: 'button', class: 'icon-button explain-close', 'aria-label': 'Close the explanation', title: 'Close' }, icon(d, 'close'));
    close.addEventListener('click', () => this.close());
    this.status = h(d, 'p', { class: 'explain-status', role: 'status', 'aria-live': 'polite' });
    this.confirmText = h(d, 'span', {});
    const run = h(d, 'button', { type: 'button', class: 'explain-run' }, 'Explain');
    run.addEventListener('click', () => this.send(true));
    const no = h(d, 'button', { type: 'button', class: 'secondary explain-no' }, 'Not now');
    no.addEventListener('click', () => this.close());
    this.confirm = h(d, 'div', { class: 'explain-confirm', hidden: true }, this.confirmText, run, no);
    this.progress = h(d, 'progress', { class: 'explain-progress', max: 1, value: 0, 'aria-label': 'Pairs scored' });
    const cancel = h(d, 'button', { type: 'button', class: 'secondary explain-cancel' }, 'Cancel');
    cancel.addEventListener('click', () => this.ctx.post({ type: 'explainCancel', requestId: this.requestId }));
    this.progressRow = h(d, 'div', { class: 'explain-progress-row', hidden: true }, this.progress, cancel);
    this.results = h(d, 'div', { class: 'explain-results' });
    this.body = h(d, 'div', { class: 'explain-body', hidden: true },
      h(d, 'div', { class: 'explain-head' }, this.heading, close),
      this.status, this.confirm, this.progressRow, this.results);
    this.el = h(d, 'section', { class: 'explain', 'aria-label': 'Why did it score that?' }, h(d, 'div', { class: 'explain-bar' }, this.topButton), this.body);
  }

  /** "Why?" on a row, or the top k: a new request (the previous one is cancelled by the host). */
  request(target: Target): void {
    this.target = target;
    this.requestId++;
    clear(this.results);
    this.body.hidden = false;
    this.confirm.hidden = true;
    this.progressRow.hidden = true;
    this.heading.textContent = 'index' in target ? `Why did chunk ${this.ctx.rowName(target.index)} score that?` : `Why did the top ${target.topK} score that?`;
    this.status.textContent = 'Counting the pairs to score…';
    this.heading.focus();
    this.el.scrollIntoView?.({ block: 'nearest' });
    this.send(false);
  }

  private send(confirmed: boolean): void {
    if (!this.target) return;
    this.confirm.hidden = true;
    this.ctx.post({ type: 'explainRequest', requestId: this.requestId, ...this.target, ...(confirmed ? { confirmed: true } : {}) } as ExplainWebviewMessage);
  }

  close(): void {
    this.reset();
    this.topButton.focus();
  }

  /** Hides the view and forgets the request (a running one is cancelled; late answers are ignored). */
  reset(): void {
    if (this.running) this.ctx.post({ type: 'explainCancel', requestId: this.requestId });
    this.requestId++;
    this.running = false;
    this.body.hidden = true;
    clear(this.results);
  }

  /** A host message; true when it was an explain message. A new panel state with another query or
   *  input closes an explanation of the old one (the message is still the app's: returns false). */
  handle(raw: unknown): boolean {
    const st = (raw as { type?: unknown; state?: { query?: unknown; sourceLabel?: unknown } } | null)?.type === 'state' ? (raw as { state?: { query?: unknown; sourceLabel?: unknown } }).state : undefined;
    if (st) {
      const about = `${String(st.sourceLabel)}\n${String(st.query)}`;
      if (this.about !== undefined && about !== this.about && !this.body.hidden) this.reset();
      this.about = about;
      return false;
    }
    const msg = parseExplainHostMessage(raw);
    if (!msg) return false;
    if (msg.requestId === this.requestId) this.apply(msg);
    return true;
  }

  /** The button names how many chunks it explains: the panel's top-k (3 when top-k is off), at most MAX_TOP_K. */
  showTopK(): void {
    const k = Math.max(1, Math.min(MAX_TOP_K, this.ctx.topK()));
    setText(this.topLabel, ` Why? Top ${k}`);
    this.topButton.title = `Explain the scores of the ${k} top-ranked chunks at once${this.ctx.topK() > MAX_TOP_K ? ` (at most ${MAX_TOP_K})` : ''}`;
  }

  private apply(msg: ExplainHostMessage): void {
    switch (msg.type) {
      case 'explainCost':
        if (msg.needsConfirm) {
          this.confirmText.textContent = `This explanation needs ${costWords(msg.cost)}. `;
          this.confirm.hidden = false;
          this.status.textContent = `Explain ${plural(msg.rows.length, 'chunk')}? It needs ${costWords(msg.cost)}.`;
          (this.confirm.querySelector('button') as HTMLElement | null)?.focus();
        } else {
          this.running = true;
          this.status.textContent = `Explaining ${plural(msg.rows.length, 'chunk')}: ${costWords(msg.cost)}.`;
          this.progress.max = Math.max(1, msg.cost.total);
          this.progress.value = 0;
          this.progressRow.hidden = false;
        }
        return;
      case 'explainProgress':
        this.progress.max = Math.max(1, msg.total);
        this.progress.value = msg.done;
        this.progress.setAttribute('aria-valuetext', `${msg.done} of ${msg.total} pairs`);
        return;
      case 'explainError':
        this.running = false;
        this.progressRow.hidden = true;
        this.status.textContent = msg.hint ? `${msg.message} ${msg.hint}` : msg.message;
        return;
      case 'explainResult': {
        this.running = false;
        this.progressRow.hidden = true;
        const secs = (msg.elapsedMs / 1000).toFixed(1);
        this.status.textContent = `${plural(msg.pairs, 'pair')} scored by ${msg.scorerLabel} in ${secs} s (${msg.cacheHits} from the cache). Scores are ${msg.meaning}s.`;
        clear(this.results);
        for (const e of msg.explanations) this.results.append(this.card(e, msg.meaning));
        return;
      }
    }
  }

  private card(e: ExplainedRow, meaning: string): HTMLElement {
    const d = this.doc;
    const scale = effectScale(e as unknown as Parameters<typeof effectScale>[0]); // reads only .effect
    const name = this.ctx.rowName(e.row);
    const id = `explain-card-${this.requestId}-${e.row}`;
    const detail = h(d, 'p', { class: 'heat-detail', 'aria-live': 'polite' }, 'Tab to the text, then use the arrow keys: each sentence and word says how it changes the score.');
    const parts: (HTMLElement | null)[] = [
      h(d, 'h3', { id, class: 'explain-card-title' }, `Chunk ${name}: ${meaning} ${e.fullScore.toFixed(2)} (probability ${e.fullProbability.toFixed(3)})`),
      heatLegend(d, scale),
    ];
    if (e.terms && e.terms.length > 0) {
      parts.push(h(d, 'h4', {}, 'Query words'), heatText(d, e.query, e.terms, { noun: 'Word', scale, detail }));
      parts[parts.length - 1]!.classList.add('heat-query');
    }
    parts.push(h(d, 'h4', {}, e.sentences.length === 1 ? 'The chunk is one sentence' : `Sentences (${e.sentences.length})`));
    const chunk = heatText(d, e.text, e.sentences, { noun: 'Sentence', scale, cutAt: e.truncatedAtChar, detail });
    chunk.classList.add('heat-chunk');
    parts.push(chunk, detail);
    if (e.truncatedAtChar !== null) parts.push(h(d, 'p', { class: 'muted explain-cut' }, `The model saw only the first ${e.truncatedAtChar} of ${e.text.length} characters of the full chunk; dimmed text was cut off.`));
    parts.push(this.windows(e));
    if (e.faithfulness) parts.push(h(d, 'h4', {}, 'Is this explanation faithful?'), deletionCurve(d, e.faithfulness));
    else parts.push(h(d, 'p', { class: 'muted' }, 'With a single sentence there is no order to test, so no deletion curve.'));
    parts.push(h(d, 'p', { class: 'muted explain-pairs' }, `${plural(e.pairs.total, 'pair')} for this chunk.`));
    return h(d, 'article', { class: 'explain-card', 'aria-labelledby': id }, ...parts);
  }

  private windows(e: ExplainedRow): HTMLElement | null {
    const w = e.windows;
    if (!w || w.windows.length === 0 || w.best < 0) return null;
    const d = this.doc;
    const best = w.windows[w.best];
    const range = (x: { first: number; last: number }) => (x.first === x.last ? `sentence ${x.first + 1}` : `sentences ${x.first + 1}–${x.last + 1}`);
    const top = w.windows.map((x, i) => ({ x, i })).sort((a, b) => b.x.score - a.x.score).slice(0, 5);
    return h(d, 'div', { class: 'explain-windows' },
      h(d, 'h4', {}, 'Best window'),
      h(d, 'p', {}, `Of ${plural(w.windows.length, 'window')} that fit the model (${w.budgetTokens} chunk tokens), ${range(best)} scores best: ${best.score.toFixed(2)} against ${e.fullScore.toFixed(2)} for the whole chunk.`),
      w.bestCutOff ? h(d, 'p', { class: 'explain-warning' }, icon(d, 'warning'), ' Truncation cut this window off: the full score never saw all of the span the model likes best.') : null,
      h(d, 'ol', { class: 'explain-window-list' },
        ...top.map(({ x, i }) => h(d, 'li', { class: i === w.best ? 'best' : undefined },
          h(d, 'span', { class: 'window-score' }, x.score.toFixed(2)), ` ${range(x)}${x.truncated ? ' (still truncated)' : ''}: `,
          h(d, 'span', { class: 'window-text' }, excerpt(e.text.slice(x.start, x.end))))),
      ),
    );
  }
}

const excerpt = (t: string, max = 160) => {
  const flat = t.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
