// The host side of the "Why?" view: turns a request for one row (or the top k) into one run of
// src/session/explain.ts with the panel's current scorer, so every modified pair goes through the
// engine's normal stream and score cache. The cost in pairs is posted first; above CONFIRM_PAIRS the
// run waits until the webview sends the same request again with `confirmed` (asked in the webview, not
// a modal). One run at a time: a new request cancels the previous one.
import { estimateCost } from '../../core/explain/cost';
import type { ExplainOptions, Explanation } from '../../core/explain/types';
import { explain, type ExplainRun } from '../../session/explain';
import { ScorerFailure, type Scorer } from '../../session/scorer';
import type { PanelRow } from '../protocol';
import { CONFIRM_PAIRS, type ExplainCost, type ExplainedRow, type ExplainHostMessage, type ExplainWebviewMessage } from './protocol';

/** Every part the view shows: sentences, query words, best windows (truncated chunks only), curves. */
export const VIEW_OPTIONS: ExplainOptions = { terms: true, windows: true, curve: true };
/** Progress messages at most this often (the last one always goes). */
const PROGRESS_EVERY_MS = 100;

export interface ExplainPanel {
  post(msg: ExplainHostMessage): void;
  /** The rows and query on screen now. */
  rows(): readonly PanelRow[];
  query(): string;
  /** The panel's current scorer (built from the settings at request time). */
  scorer(): Scorer;
  log: { info(m: string): void; error(m: string, e?: unknown): void };
}

export class ExplainHost {
  private running: { requestId: number; controller: AbortController; done: Promise<void> } | undefined;
  /** Every message posted, newest last (the test API reads it; capped). */
  readonly posted: ExplainHostMessage[] = [];

  constructor(private readonly panel: ExplainPanel) {}

  async handle(msg: ExplainWebviewMessage): Promise<void> {
    if (msg.type === 'explainCancel') {
      if (this.running?.requestId === msg.requestId) this.running.controller.abort();
      return;
    }
    const rows = this.pick(msg);
    const query = this.panel.query();
    if (rows.length === 0 || query.trim() === '') {
      const why = query.trim() === '' ? 'There is no query to explain a score for.' : 'index' in msg ? 'That row is not in the panel any more.' : 'No row has a score yet.';
      this.post({ type: 'explainError', requestId: msg.requestId, message: why, hint: 'Rerank first (type the query and press Enter), then press "Why?" on a row.', cancelled: false });
      return;
    }
    const cost = costOf(rows, query);
    const needsConfirm = cost.total > CONFIRM_PAIRS && msg.confirmed !== true;
    this.post({ type: 'explainCost', requestId: msg.requestId, rows: rows.map((r) => r.index), cost, needsConfirm });
    if (needsConfirm) return;
    await this.run(msg.requestId, rows, query);
  }

  /** Resolves when the current run (if any) has finished. */
  async whenIdle(): Promise<void> {
    await this.running?.done;
  }

  dispose(): void {
    this.running?.controller.abort();
  }

  /** The rows a request names: one by index, or the k best by the panel's scores (unscored rows last). */
  private pick(msg: Extract<ExplainWebviewMessage, { type: 'explainRequest' }>): PanelRow[] {
    const rows = this.panel.rows();
    if ('index' in msg) return rows.filter((r) => r.index === msg.index);
    const scored = rows.filter((r) => r.score);
    return [...scored].sort((a, b) => b.score!.score - a.score!.score || a.index - b.index).slice(0, msg.topK);
  }

  private async run(requestId: number, rows: readonly PanelRow[], query: string): Promise<void> {
    this.running?.controller.abort();
    const controller = new AbortController();
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.running = { requestId, controller, done };
    let last = 0;
    try {
      const scorer = this.panel.scorer();
      const run: ExplainRun = await explain(scorer, {
        query,
        chunks: rows.map((r) => ({ id: r.id, text: r.text })),
        options: VIEW_OPTIONS,
        signal: controller.signal,
        onProgress: (p) => {
          if (Date.now() - last < PROGRESS_EVERY_MS && p.done < p.total) return;
          last = Date.now();
          this.post({ type: 'explainProgress', requestId, phase: p.phase, done: p.done, total: p.total });
        },
      });
      this.panel.log.info(`Explained ${rows.length} chunk(s) with ${run.info.label}: ${run.pairs} pairs in ${run.scoreCalls} score calls, ${run.cacheHits} from the cache, ${run.elapsedMs} ms`);
      this.post({
        type: 'explainResult',
        requestId,
        explanations: run.explanations.map((e, i) => forView(e, rows[i].index)),
        scorerLabel: run.info.label,
        meaning: run.info.meaning,
        pairs: run.pairs,
        cacheHits: run.cacheHits,
        elapsedMs: run.elapsedMs,
      });
    } catch (e) {
      const failure = e instanceof ScorerFailure ? e : undefined;
      const cancelled = failure?.code === 'cancelled' || controller.signal.aborted;
      if (!cancelled) this.panel.log.error('Explaining the score failed', e);
      this.post({
        type: 'explainError',
        requestId,
        message: cancelled ? 'The explanation was cancelled.' : failure?.message ?? String(e),
        ...(failure?.hint && !cancelled ? { hint: failure.hint } : {}),
        cancelled,
      });
    } finally {
      if (this.running?.requestId === requestId) this.running = undefined;
      finish();
    }
  }

  private post(msg: ExplainHostMessage): void {
    this.posted.push(msg);
    if (this.posted.length > 50) this.posted.shift();
    this.panel.post(msg);
  }
}

/** The estimated pairs: windows only for rows the engine reported as truncated (others have none). */
export function costOf(rows: readonly Pick<PanelRow, 'text' | 'score'>[], query: string): ExplainCost {
  const cost: ExplainCost = { sentences: 0, terms: 0, windows: 0, curve: 0, total: 0, exact: true };
  for (const r of rows) {
    const windows = r.score ? r.score.truncated : true;
    const e = estimateCost([r.text], query, { ...VIEW_OPTIONS, windows });
    cost.sentences += e.sentences;
    cost.terms += e.terms;
    cost.windows += e.windows;
    cost.curve += e.curve;
    cost.exact &&= e.exact;
  }
  cost.total = cost.sentences + cost.terms + cost.windows + cost.curve;
  return cost;
}

/** An explanation without the modified texts (the webview has the chunk text and the query). */
export function forView(e: Explanation, row: number): ExplainedRow {
  return {
    ...e,
    row,
    sentences: e.sentences.map(({ textWithout: _t, ...s }) => s),
    ...(e.terms ? { terms: e.terms.map(({ queryWithout: _q, ...t }) => t) } : {}),
  };
}
