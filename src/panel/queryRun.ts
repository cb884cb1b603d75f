// What a scoring run of the per-query view does to the PanelState, as functions of the state and the
// session's events (no VS Code, no webview): RerankPanel.rerank calls them and posts what they return.
//   beginRun    a new query or model: the previous model's results stay on screen, marked, until the
//               new one has scored; the threshold follows the model
//   runEvent    a streamed batch or a download step -> the message for the webview
//   finishRun   the outcome -> the state the view shows, and what the host must still do
import { applyScores } from '../core/applyScores';
import type { PairScore, ThresholdSetting } from '../core/types';
import type { RunEvent, RunOutcome } from '../session/session';
import type { ScorerFailure } from '../session/scorer';
import { applyModelSpace, spaceTitle, switchedThreshold, type ModelActivation } from './modelSpace';
import { clearScores, errorStatus } from './panelState';
import type { HostMessage, PanelState, PanelStatus } from './protocol';

export interface RunStart {
  query: string;
  /** Key of the scorer (model folder, hub id or server SPEC) the run uses. */
  model: string;
  dtype: PanelState['dtype'];
  /** The threshold remembered for a model; `followsModel`: the default, its number in the model's space. */
  thresholdFor(model: string): ThresholdSetting & { followsModel?: boolean };
  /** "test model, scores are meaningless" and the like, for a model. */
  noteFor(model: string): string | undefined;
}

export function beginRun(s: PanelState, r: RunStart): void {
  // Scores of an older query are no one's results now.
  if (s.query !== r.query) delete s.scoresFrom;
  if (r.model !== s.model || r.dtype !== s.dtype) {
    // Which weights ran and the activation were the other model's: a failed load must not show them.
    delete s.modelFacts;
    delete s.modelFactsTitle;
  }
  if (r.model !== s.model) {
    // A new model keeps the last good results on screen, marked as the previous model's, until it
    // has scored (a failed switch used to wipe them); switching back to that model unmarks them.
    if (s.query === r.query && s.rows.some((row) => row.score)) s.scoresFrom ??= s.model;
    if (s.scoresFrom === r.model) delete s.scoresFrom;
    const t = r.thresholdFor(r.model);
    switchedThreshold(s, { space: t.space, value: t.value }, t.followsModel === true);
    s.model = r.model;
    const note = r.noteFor(r.model);
    if (note) s.modelNote = note;
    else delete s.modelNote;
  }
  s.dtype = r.dtype;
  s.query = r.query;
  delete s.elapsedMs;
  delete s.cacheHits;
  if (!s.scoresFrom) clearScores(s.rows);
  s.status = { phase: 'loading-model', done: 0, total: s.rows.length };
}

/** The webview message for a streamed event (undefined: nothing to show). */
export function runEvent(s: PanelState, e: RunEvent): HostMessage | undefined {
  if (e.type === 'batch') {
    s.status = { phase: 'scoring', done: e.progress.done, total: e.progress.total };
    // Previous model's rows on screen: no mixing, the new scores arrive whole when done.
    if (s.scoresFrom) return { type: 'status', status: s.status };
    applyScores(s.rows, e.scores);
    return { type: 'scores', scores: e.scores, status: s.status };
  }
  // The model is loaded: show scores in its own space from the first batch on (issue 15), not only
  // once the run finished.
  const activation = modelActivation(e.progress.details);
  if (activation && s.modelSpace === undefined) {
    applyModelSpace(s, activation);
    return { type: 'state', state: s };
  }
  const d = e.progress.download;
  if (!d) return undefined;
  const status: PanelStatus = { phase: 'downloading', done: 0, total: s.rows.length, file: d.file };
  if (d.percent !== undefined) status.percent = d.percent;
  s.status = status;
  return { type: 'status', status };
}

export interface RunEnd {
  /** What to post (undefined for a superseded run: a newer one owns the view). */
  message?: HostMessage;
  /** The scorer whose results export writes from now on. */
  scorerIdentity?: string;
  failure?: ScorerFailure;
  cancelled?: boolean;
}

type ModelDetails = { dtype?: PanelState['dtype']; onnxFile?: string; activation?: ModelActivation; warnings?: string[] };

function modelActivation(details: Readonly<Record<string, unknown>> | undefined): ModelActivation | undefined {
  const a = (details as ModelDetails | undefined)?.activation;
  return a && typeof a.fn === 'string' && typeof a.reason === 'string' ? a : undefined;
}

export function finishRun(s: PanelState, outcome: RunOutcome): RunEnd {
  const total = s.rows.length;
  switch (outcome.status) {
    case 'superseded':
      return {};
    case 'invalid':
      s.status = errorStatus(outcome.message, outcome.hint, total);
      return { message: { type: 'state', state: s } };
    case 'done': {
      if (s.scoresFrom) {
        delete s.scoresFrom;
        clearScores(s.rows);
      }
      applyScores(s.rows, outcome.scored.scores.filter((x): x is PairScore => x !== undefined));
      const details = outcome.scored.details as ModelDetails | undefined;
      if (details?.dtype) s.dtype = details.dtype;
      // The space CrossEncoder.predict returns, shown first when rerankLens.scoreDisplay is 'model'.
      const activation = modelActivation(outcome.scored.details);
      applyModelSpace(s, activation);
      // Which weights file ran and what sentence-transformers would apply (issue 15), in the header.
      if (details?.onnxFile || activation) {
        s.modelFacts = [details?.dtype && details.onnxFile ? `${details.dtype} (${details.onnxFile})` : details?.dtype, activation ? `sentence-transformers: ${activation.fn}` : undefined].filter(Boolean).join(' · ');
        s.modelFactsTitle = [details?.onnxFile ? `Weights: ${details.onnxFile}` : '', activation ? `CrossEncoder.predict applies ${activation.fn}: ${activation.reason}` : '', spaceTitle(s, activation)].filter(Boolean).join('\n');
      } else {
        delete s.modelFacts;
        delete s.modelFactsTitle;
      }
      s.elapsedMs = outcome.scored.elapsedMs;
      s.cacheHits = outcome.scored.cacheHits;
      s.status = { phase: 'done', done: total, total, ...(details?.warnings?.length ? { message: details.warnings.join(' ') } : {}) };
      return { message: { type: 'state', state: s }, scorerIdentity: outcome.scored.scorer.identity };
    }
    case 'cancelled':
      s.status = { phase: 'cancelled', done: s.scoresFrom ? 0 : s.rows.filter((r) => r.score).length, total, message: 'Scoring was cancelled.' };
      return { message: s.scoresFrom ? { type: 'state', state: s } : { type: 'status', status: s.status }, cancelled: true };
    case 'failed':
      s.status = errorStatus(outcome.error.message, outcome.error.hint, total);
      // With the previous model's rows kept, the whole state goes: the panel marks them as such.
      return { message: s.scoresFrom ? { type: 'state', state: s } : { type: 'status', status: s.status }, failure: outcome.error };
  }
}
