// The host side of the labelled-set view: turns the session's sets (+ labels from the input or an
// attached qrels file) into the lab's EvalQuery list, scores every set as one stream through the
// on-disk score store (so reopening a scored set is instant), and streams each finished query to the
// webview. The webview does all the arithmetic; this file only feeds it and acts on its requests.
import * as vscode from 'vscode';
import { evalQueryFromSet } from '../../core/eval/queries';
import { attachQrels, type AttachedLabels } from '../../core/labels/attach';
import { chunkIdentity, queryIdentity } from '../../core/labels/identity';
import { parseQrelsText, type QrelsMap } from '../../core/labels/qrels';
import type { Qrels } from '../../core/metrics';
import type { PairScore, ThresholdSetting } from '../../core/types';
import { confirmLargeRun } from '../../host/largeRun';
import { COMMANDS } from '../../host/commandIds';
import { notify } from '../../host/notify';
import type { Services } from '../../host/services';
import type { RerankSession } from '../../session/session';
import { timeLeftMs } from '../../session/session';
import type { Scorer } from '../../session/scorer';
import type { LabData, LabHostMessage, LabStatus, LabWebviewMessage } from './protocol';
import { labelsOfSet, savedForSet } from '../labels/merge';

/** Status messages during a long run: at most this often. */
const STATUS_EVERY_MS = 200;

export interface LabPanel {
  post(msg: LabHostMessage): void;
  /** Opens a set in the per-query view with this threshold. */
  openQuery(setIndex: number, threshold: ThresholdSetting): Promise<void>;
  /** Sets the threshold of the per-query view and remembers it for the model. */
  applyThreshold(threshold: ThresholdSetting): Promise<void>;
  saveDefault(threshold: ThresholdSetting): Promise<void>;
}

export class LabController {
  private attached: { labels: AttachedLabels; source: string } | undefined;
  private setIndexes: number[] = [];
  private threshold: ThresholdSetting;

  constructor(
    private readonly svc: Services,
    private readonly session: RerankSession,
    private readonly panel: LabPanel,
    private readonly scorer: () => Promise<Scorer>,
    opts: { threshold: ThresholdSetting; firstStage?: string; note?: string },
  ) {
    this.threshold = opts.threshold;
    this.firstStage = opts.firstStage;
    this.note = opts.note;
  }

  private readonly firstStage: string | undefined;
  private readonly note: string | undefined;

  private lastScorer: Scorer | undefined;

  /** What the webview was last given, recomputed from the session (test API, export). */
  snapshot(): LabData | undefined {
    return this.lastScorer ? this.data(this.lastScorer) : undefined;
  }

  private lastStatus: LabStatus | undefined;

  /** Everything the view needs again after the webview (re)loaded: a message posted before its script
   *  ran is lost, so 'ready' gets the mode, the data and the last status. */
  resend(): void {
    if (!this.lastScorer) return;
    this.panel.post({ type: 'labMode', mode: 'lab' });
    this.panel.post({ type: 'lab', data: this.data(this.lastScorer) });
    if (this.lastStatus) this.panel.post({ type: 'labStatus', status: this.lastStatus });
  }

  /** Posts the set (scores already known included) and scores what is missing. */
  async start(): Promise<void> {
    const scorer = await this.scorer();
    this.lastScorer = scorer;
    this.setIndexes = this.session.input.result.sets.map((_, i) => i);
    this.panel.post({ type: 'labMode', mode: 'lab' });
    this.panel.post({ type: 'lab', data: this.data(scorer) });
    const identity = scorer.info().identity;
    const pairs = this.setIndexes.reduce((n, i) => n + (this.session.scored(i, identity)?.complete ? 0 : this.session.input.result.sets[i].chunks.length), 0);
    if (!(await confirmLargeRun(this.svc, pairs, `${this.setIndexes.length} queries of ${this.session.input.source.label}`))) {
      this.lastStatus = { phase: 'cancelled', queriesDone: 0, queriesTotal: this.setIndexes.length, pairsDone: 0, pairsTotal: pairs, message: 'Not scored: the run was declined.' };
      this.panel.post({ type: 'labStatus', status: this.lastStatus });
      return;
    }
    await this.score(scorer);
  }

  async handle(msg: LabWebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'labOpenQuery':
        await this.panel.openQuery(msg.setIndex, msg.threshold);
        return;
      case 'labApplyThreshold':
        this.threshold = msg.threshold;
        await this.panel.applyThreshold(msg.threshold);
        return;
      case 'labSaveDefault':
        await this.panel.saveDefault(msg.threshold);
        return;
      case 'labCancel':
        this.session.cancel();
        return;
      case 'labAttachLabels':
        // The same dialog and reading as the palette command (src/commands/labelledSet.ts attachLabels).
        await vscode.commands.executeCommand(COMMANDS.attachLabels);
        return;
      case 'labShow':
        this.panel.post({ type: 'labMode', mode: 'lab' });
        return;
    }
  }

  /** Attaches a qrels file (TREC, BEIR TSV or JSON) to the set; counts what matches nothing. */
  async attachLabelsText(text: string, source: string): Promise<boolean> {
    const parsed = parseQrelsText(text, source);
    for (const d of parsed.diagnostics) this.svc.log.warn(`${source}${d.line ? ` line ${d.line}` : ''}: ${d.message}`);
    if (!parsed.ok) {
      const first = parsed.diagnostics[0];
      void notify.error(`Rerank Lens: ${source} is not a relevance labels file. ${first ? first.message : ''}`, 'Show Log').then((a) => a && this.svc.log.show());
      return false;
    }
    const labels = attachQrels(this.session.input.result.sets, parsed.qrels as QrelsMap);
    this.attached = { labels, source };
    if (labels.labelledQueries === 0) {
      void notify.warn(`Rerank Lens: none of the ${parsed.judgments} judgments in ${source} names a query of this set (${labels.unknownQueries.length} unknown query ids). Query ids must match the input's query ids (or the hash of the query text).`);
    } else if (parsed.malformed > 0) {
      void notify.warn(`Rerank Lens: ${parsed.malformed} line(s) of ${source} are not judgments and were skipped (see the log); ${labels.labelledQueries} queries got labels.`);
    }
    // The scorer the set was scored with (building a new one would read settings and log a new scorer).
    this.panel.post({ type: 'lab', data: this.data(this.lastScorer ?? (await this.scorer())) });
    return true;
  }

  private saved: QrelsMap | undefined;

  /** Issue 14: the workspace's saved judgments (src/panel/labels/) over the input's or attached labels;
   *  re-posts the queries whose judgments changed ('labQuery': the per-query view stays on screen). */
  refreshLabels(saved: QrelsMap): void {
    const before = this.saved;
    this.saved = new Map([...saved].map(([q, d]) => [q, new Map(d)]));
    if (!this.lastScorer) return;
    const identity = this.lastScorer.info().identity;
    this.setIndexes.forEach((i, position) => {
      const set = this.session.input.result.sets[i];
      const a = savedForSet(set, before);
      const b = savedForSet(set, this.saved);
      if (JSON.stringify([...(a ?? [])]) === JSON.stringify([...(b ?? [])])) return;
      this.panel.post({ type: 'labQuery', position, query: this.query(i, this.session.scored(i, identity)?.scores ?? []) });
    });
  }

  /** The labels of set i as the lab uses them (attached qrels or the input's, saved judgments over them). */
  labelsOf(i: number): Qrels | null {
    return this.qrelsOf(i);
  }

  private qrelsOf(i: number): Qrels | null {
    const set = this.session.input.result.sets[i];
    return labelsOfSet(set, this.saved, this.attached?.labels.perSet[i]);
  }

  private query(i: number, scores: readonly (PairScore | undefined)[]) {
    const set = this.session.input.result.sets[i];
    return evalQueryFromSet(set, scores, { queryId: queryIdentity(set), qrels: this.qrelsOf(i), idOf: chunkIdentity });
  }

  private data(scorer: Scorer): LabData {
    const identity = scorer.info().identity;
    const queries = this.setIndexes.map((i) => this.query(i, this.session.scored(i, identity)?.scores ?? []));
    const labelled = queries.filter((q) => q.qrels !== undefined).length;
    return {
      sourceLabel: this.session.input.source.label,
      scorerLabel: `${scorer.info().label} (${scorer.info().meaning})`,
      setIndexes: this.setIndexes,
      queries,
      labels: {
        labelledQueries: labelled,
        unknownQueries: this.attached?.labels.unknownQueryJudgments ?? 0,
        unknownDocuments: this.attached?.labels.unknownDocuments ?? 0,
        ...(this.attached ? { source: this.attached.source } : {}),
      },
      threshold: this.threshold,
      recallTarget: 0.9,
      ...(this.firstStage ? { firstStage: this.firstStage } : {}),
      ...(this.note ? { note: this.note } : {}),
    };
  }

  private async score(scorer: Scorer): Promise<void> {
    let last = 0;
    const status = (s: LabStatus) => {
      this.lastStatus = s;
      this.panel.post({ type: 'labStatus', status: s });
    };
    const outcome = await this.session.runSets({
      setIndexes: this.setIndexes,
      scorer,
      onSetDone: (scored, p) => {
        const position = this.setIndexes.indexOf(scored.setIndex);
        if (position >= 0) this.panel.post({ type: 'labQuery', position, query: this.query(scored.setIndex, scored.scores) });
        status({ phase: 'scoring', queriesDone: p.queriesDone, queriesTotal: p.queriesTotal, pairsDone: p.pairsDone, pairsTotal: p.pairsTotal, timeLeftMs: timeLeftMs(p) });
        last = Date.now();
      },
      onProgress: (p) => {
        if (Date.now() - last < STATUS_EVERY_MS) return;
        last = Date.now();
        status({ phase: 'scoring', queriesDone: p.queriesDone, queriesTotal: p.queriesTotal, pairsDone: p.pairsDone, pairsTotal: p.pairsTotal, timeLeftMs: timeLeftMs(p) });
      },
      onModelProgress: (p) => status({ phase: 'loading-model', queriesDone: 0, queriesTotal: this.setIndexes.length, pairsDone: 0, pairsTotal: 0, ...(p.message ? { message: p.message } : {}) }),
    });
    if (outcome.status === 'superseded') return;
    const p = outcome.progress;
    const base = { queriesDone: p.queriesDone, queriesTotal: p.queriesTotal, pairsDone: p.pairsDone, pairsTotal: p.pairsTotal };
    if (outcome.status === 'done') status({ phase: 'done', ...base });
    else if (outcome.status === 'cancelled') status({ phase: 'cancelled', ...base });
    else {
      this.svc.log.error(`Scoring the labelled set failed at set ${outcome.setIndex}: ${outcome.error.message}`, outcome.error);
      status({ phase: 'error', ...base, message: outcome.error.message, ...(outcome.error.hint ? { hint: outcome.error.hint } : {}) });
    }
  }
}
