// The labelled-set view's messages (one protocol per feature, beside the per-query view's
// ../protocol.ts on the same webview channel: every type here starts with 'lab'). The host sends the
// queries as the threshold lab's EvalQuery objects and re-sends one query each time it finishes
// scoring; the webview computes every metric, the sweep and the recommendations itself (core/eval), so
// dragging the threshold never waits for the host. Both directions are validated here.
import type { EvalQuery } from '../../core/eval/queries';
import type { ThresholdSetting } from '../../core/types';

export interface LabLabelCounts {
  /** Queries with at least one judgment (from the input or an attached labels file). */
  labelledQueries: number;
  /** Judgments that name a query no set has (counted, never dropped silently). */
  unknownQueries: number;
  /** Judgments of a known query for a document that is not among its candidates. */
  unknownDocuments: number;
  /** Where the labels came from: 'the input', a labels file name. */
  source?: string;
}

export interface LabData {
  sourceLabel: string;
  /** The scorer's label and what its number means ('logit' thresholds are not probabilities). */
  scorerLabel: string;
  /** Which sets these queries are (index into the input's sets), parallel to `queries`. */
  setIndexes: number[];
  queries: EvalQuery[];
  /** How the candidates were found when the input had none to rerank (a BM25 first stage). */
  firstStage?: string;
  labels: LabLabelCounts;
  threshold: ThresholdSetting;
  recallTarget: number;
  precisionTarget?: number;
  /** Queries left out by a --max-queries style limit or a sample, said in the view. */
  note?: string;
}

export interface LabStatus {
  phase: 'scoring' | 'done' | 'cancelled' | 'error' | 'loading-model';
  queriesDone: number;
  queriesTotal: number;
  pairsDone: number;
  pairsTotal: number;
  timeLeftMs?: number;
  message?: string;
  hint?: string;
}

// ---- host -> webview ----
export type LabHostMessage =
  | { type: 'lab'; data: LabData }
  | { type: 'labQuery'; position: number; query: EvalQuery }
  | { type: 'labStatus'; status: LabStatus }
  /** Switch the panel between the labelled-set view and the per-query view; `closed`: the panel now
   *  shows another input, so the way back to the set goes too. */
  | { type: 'labMode'; mode: 'lab' | 'query'; closed?: boolean };

// ---- webview -> host ----
export type LabWebviewMessage =
  | { type: 'labOpenQuery'; setIndex: number; threshold: ThresholdSetting }
  | { type: 'labApplyThreshold'; threshold: ThresholdSetting }
  | { type: 'labSaveDefault'; threshold: ThresholdSetting }
  | { type: 'labCancel' }
  | { type: 'labAttachLabels' }
  | { type: 'labShow' };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function threshold(x: unknown): ThresholdSetting | undefined {
  if (!isObj(x) || (x.space !== 'logit' && x.space !== 'probability')) return undefined;
  if (!(x.value === null || isNum(x.value))) return undefined;
  if (x.space === 'probability' && x.value !== null && (x.value < 0 || x.value > 1)) return undefined;
  return { space: x.space, value: x.value as number | null };
}

/** Validates a lab message from the webview (untrusted); undefined for anything else. */
export function parseLabWebviewMessage(raw: unknown): LabWebviewMessage | undefined {
  if (!isObj(raw)) return undefined;
  switch (raw.type) {
    case 'labCancel':
    case 'labAttachLabels':
    case 'labShow':
      return { type: raw.type };
    case 'labOpenQuery': {
      const t = threshold(raw.threshold);
      return t && Number.isInteger(raw.setIndex) && (raw.setIndex as number) >= 0 ? { type: 'labOpenQuery', setIndex: raw.setIndex as number, threshold: t } : undefined;
    }
    case 'labApplyThreshold':
    case 'labSaveDefault': {
      const t = threshold(raw.threshold);
      return t ? { type: raw.type, threshold: t } : undefined;
    }
    default:
      return undefined;
  }
}

function isEvalQuery(x: unknown): x is EvalQuery {
  return (
    isObj(x) &&
    typeof x.queryId === 'string' &&
    Array.isArray(x.candidates) &&
    x.candidates.every((c) => isObj(c) && typeof c.id === 'string' && (c.score === undefined || typeof c.score === 'number')) &&
    (x.qrels === undefined || isObj(x.qrels))
  );
}

function isStatus(x: unknown): x is LabStatus {
  return isObj(x) && typeof x.phase === 'string' && isNum(x.queriesDone) && isNum(x.queriesTotal) && isNum(x.pairsDone) && isNum(x.pairsTotal);
}

/** Validates a lab message from the host (the webview checks what it renders). */
export function parseLabHostMessage(raw: unknown): LabHostMessage | undefined {
  if (!isObj(raw)) return undefined;
  switch (raw.type) {
    case 'lab': {
      const d = raw.data;
      if (!isObj(d) || !Array.isArray(d.queries) || !d.queries.every(isEvalQuery) || !Array.isArray(d.setIndexes) || d.setIndexes.length !== d.queries.length) return undefined;
      const t = threshold(d.threshold);
      if (!t || !isObj(d.labels) || typeof d.sourceLabel !== 'string') return undefined;
      return { type: 'lab', data: { ...(d as unknown as LabData), threshold: t, recallTarget: isNum(d.recallTarget) ? d.recallTarget : 0.9 } };
    }
    case 'labQuery':
      return Number.isInteger(raw.position) && isEvalQuery(raw.query) ? { type: 'labQuery', position: raw.position as number, query: raw.query } : undefined;
    case 'labStatus':
      return isStatus(raw.status) ? { type: 'labStatus', status: raw.status } : undefined;
    case 'labMode':
      if (raw.mode !== 'lab' && raw.mode !== 'query') return undefined;
      return raw.closed === true && raw.mode === 'query' ? { type: 'labMode', mode: raw.mode, closed: true } : { type: 'labMode', mode: raw.mode };
    default:
      return undefined;
  }
}
