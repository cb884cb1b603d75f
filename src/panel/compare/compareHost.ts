// The host side of the compare view: scores the chosen sets with each chosen scorer through the panel's
// RerankSession (results kept per set and scorer identity, so a scorer that already scored a set is not
// asked again), and streams each scorer's numbers to the webview. The webview computes agreement,
// metrics and threshold translation (core/compare); this file only feeds it and acts on its requests.
import { inputQrels } from '../../core/labels/attach';
import { chunkIdentity } from '../../core/labels/identity';
import type { Qrels } from '../../core/metrics';
import type { RerankSession } from '../../session/session';
import type { Scorer } from '../../session/scorer';
import type { CompareData, CompareHostMessage, CompareScorerInfo, CompareStatus, CompareWebviewMessage } from './protocol';

/** Data posts during a long run: at most this often (each carries every set). */
const POST_EVERY_MS = 300;
const NAMES = 'ABCD';

/** One column of the comparison: a scorer, or the retriever's own order. */
export type CompareEntry = { kind: 'scorer'; scorer: Scorer } | { kind: 'retriever' };

export interface CompareLog {
  error(message: string, err?: unknown): void;
}

export class CompareController {
  private readonly scores: (number | null)[][][];
  private lastStatus: CompareStatus | undefined;
  private cancelled = false;
  private disposed = false;
  /** True while this controller's run is the session's run (so dispose cancels only its own). */
  private running = false;

  constructor(
    private readonly session: RerankSession,
    private readonly post: (m: CompareHostMessage) => void,
    private readonly entries: readonly CompareEntry[],
    private readonly setIndexes: readonly number[],
    private readonly scope: 'set' | 'all',
    /** The query typed in the panel, for a set whose input carries none (a selection). */
    private readonly typedQuery: string,
    private readonly log: CompareLog,
    /** The labels of a set as the panel knows them (the lab's attached qrels, saved judgments); the
     *  input's own labels when not given. Compare must measure against what the lab shows. */
    private readonly labelsOf: (setIndex: number) => Qrels | null = (i) => inputQrels(this.session.input.result.sets[i]) ?? null,
    /** The palette commands a failed comparison offers (Set API Key, Compare Scorers again). */
    private readonly commands: { run(command: 'setApiKey' | 'compareScorers'): Promise<unknown> } = { run: async () => undefined },
  ) {
    this.scores = setIndexes.map((i) => entries.map((e) => this.chunksOf(i).map((c) => (e.kind === 'retriever' ? -c.originalRank : null))));
  }

  private chunksOf(i: number) {
    return this.session.input.result.sets[i]?.chunks ?? [];
  }

  private queryOf(i: number): string {
    const q = this.session.input.result.sets[i]?.query ?? '';
    return q.trim() !== '' ? q : this.scope === 'set' ? this.typedQuery : '';
  }

  private scorers(): CompareScorerInfo[] {
    return this.entries.map((e, i) =>
      e.kind === 'retriever'
        ? { name: NAMES[i], label: "retriever's order", kind: 'retriever', meaning: 'rank' }
        : { name: NAMES[i], label: e.scorer.info().label, kind: e.scorer.info().kind, meaning: e.scorer.info().meaning },
    );
  }

  /** What the webview was last given (test API). */
  snapshot(): CompareData {
    return {
      sourceLabel: this.session.input.source.label,
      scope: this.scope,
      scorers: this.scorers(),
      sets: this.setIndexes.map((i, p) => {
        const qrels = this.labelsOf(i);
        return {
          setIndex: i,
          query: this.queryOf(i),
          chunks: this.chunksOf(i).map((c) => ({ id: chunkIdentity(c), text: c.text, originalRank: c.originalRank })),
          ...(qrels && Object.keys(qrels).length > 0 ? { qrels } : {}),
          scores: this.scores[p],
        };
      }),
    };
  }

  get lastStatusSent(): CompareStatus | undefined {
    return this.lastStatus;
  }

  /** Everything again after the webview (re)loaded. */
  resend(): void {
    this.post({ type: 'compareMode', mode: 'compare' });
    this.post({ type: 'compare', data: this.snapshot() });
    if (this.lastStatus) this.post({ type: 'compareStatus', status: this.lastStatus });
  }

  private status(s: CompareStatus): void {
    this.lastStatus = s;
    if (!this.disposed) this.post({ type: 'compareStatus', status: s });
  }

  /** Scores what is missing, scorer after scorer; resolves when done, cancelled or failed. */
  async start(): Promise<CompareStatus> {
    this.running = true;
    try {
      return await this.run();
    } finally {
      this.running = false;
    }
  }

  private async run(): Promise<CompareStatus> {
    this.post({ type: 'compareMode', mode: 'compare' });
    this.post({ type: 'compare', data: this.snapshot() });
    const todo = this.setIndexes.map((i, p) => ({ i, p })).filter(({ i }) => this.chunksOf(i).length > 0 && this.queryOf(i).trim() !== '');
    const pairsTotal = todo.reduce((n, { i }) => n + this.chunksOf(i).length, 0);
    let lastPost = 0;
    for (const [s, entry] of this.entries.entries()) {
      if (entry.kind === 'retriever') continue;
      const identity = entry.scorer.info().identity;
      let pairsDone = 0;
      this.status({ phase: 'scoring', scorer: s, pairsDone, pairsTotal });
      for (const { i, p } of todo) {
        if (this.cancelled || this.disposed) return this.finish('cancelled', s, pairsDone, pairsTotal);
        const query = this.queryOf(i);
        const known = this.session.scored(i, identity);
        let scored = known?.complete && known.query === query ? known : undefined;
        if (!scored) {
          const before = pairsDone;
          const outcome = await this.session.run({
            setIndex: i,
            query,
            scorer: entry.scorer,
            onEvent: (e) => {
              if (e.type !== 'batch' || Date.now() - lastPost < POST_EVERY_MS) return;
              lastPost = Date.now();
              this.status({ phase: 'scoring', scorer: s, pairsDone: before + e.progress.done, pairsTotal });
            },
          });
          if (outcome.status === 'superseded' || outcome.status === 'cancelled') return this.finish('cancelled', s, pairsDone, pairsTotal);
          if (outcome.status === 'invalid') continue;
          if (outcome.status === 'failed') {
            // Scores that arrived before the failure stay in the view.
            this.scores[p][s] = outcome.scored.scores.map((x) => x?.score ?? null);
            this.log.error(`Compare: ${entry.scorer.info().label} failed on set ${i}: ${outcome.error.message}`, outcome.error);
            this.post({ type: 'compare', data: this.snapshot() });
            return this.finish('error', s, pairsDone, pairsTotal, outcome.error.message, outcome.error.hint, outcome.error.code === 'auth');
          }
          scored = outcome.scored;
        }
        this.scores[p][s] = scored.scores.map((x) => x?.score ?? null);
        pairsDone += this.chunksOf(i).length;
        if (Date.now() - lastPost >= POST_EVERY_MS || pairsDone === pairsTotal) {
          lastPost = Date.now();
          this.post({ type: 'compare', data: this.snapshot() });
          this.status({ phase: 'scoring', scorer: s, pairsDone, pairsTotal });
        }
      }
    }
    this.post({ type: 'compare', data: this.snapshot() });
    return this.finish('done', this.entries.length - 1, pairsTotal, pairsTotal);
  }

  private finish(phase: CompareStatus['phase'], scorer: number, pairsDone: number, pairsTotal: number, message?: string, hint?: string, needsKey = false): CompareStatus {
    const s: CompareStatus = { phase, scorer, pairsDone, pairsTotal, ...(message ? { message } : {}), ...(hint ? { hint } : {}), ...(needsKey ? { needsKey } : {}) };
    this.status(s);
    return s;
  }

  async handle(msg: CompareWebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'compareCancel':
        this.cancelled = true;
        this.session.cancel();
        return;
      case 'compareClose':
        this.post({ type: 'compareMode', mode: 'closed' });
        return;
      case 'compareSetKey':
        await this.commands.run('setApiKey');
        return;
      case 'compareAgain':
        await this.commands.run('compareScorers');
        return;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.running) this.session.cancel();
    for (const e of this.entries) if (e.kind === 'scorer') e.scorer.dispose();
  }
}
