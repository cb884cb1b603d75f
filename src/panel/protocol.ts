// The one message protocol between the panel host (src/panel/RerankPanel.ts) and the webview
// (media/main.ts). Both sides import these types; the host validates every incoming webview message
// with `parseWebviewMessage` before using it (the webview is a browser context: treat it as untrusted).
import type { Chunk } from '../core/types';
import type { PairScore, Dtype } from '../engine/protocol';

export type { ScoreSpace, ThresholdSetting } from '../core/types';
import type { ScoreSpace, ThresholdSetting } from '../core/types';

/** A chunk as the webview shows it (its export origin stays on the host). */
export interface PanelRow extends Omit<Chunk, 'origin'> {
  /** Position of the chunk in the input set (0-based). */
  index: number;
  /** True when the chunk can be revealed in its source document. */
  revealable: boolean;
  /** Graded relevance label when the input carried judgments. */
  label?: number;
  /** Undefined until the engine scored this chunk (rows stream in batch by batch). */
  score?: PairScore;
}

export type PanelPhase = 'idle' | 'loading-model' | 'downloading' | 'scoring' | 'done' | 'cancelled' | 'error';

export interface PanelStatus {
  phase: PanelPhase;
  done: number;
  total: number;
  /** Download: current file and percent. */
  file?: string;
  percent?: number;
  message?: string;
  hint?: string;
}

export interface QueryChoice {
  label: string;
  query: string;
}

/** Everything the webview needs to render; also what is persisted (webview state) across reloads. */
export interface PanelState {
  version: 1;
  /** "results.jsonl" or "Selection in notes.md (lines 3-40)". */
  sourceLabel: string;
  /** Document the chunks came from, for reveal. */
  sourceUri?: string;
  /** Whether the rows came from an editor selection or a whole file (the host re-reads files after a reload). */
  sourceKind?: 'selection' | 'file';
  format?: string;
  queries: QueryChoice[];
  activeQuery: number;
  query: string;
  model: string;
  dtype: Dtype;
  rows: PanelRow[];
  status: PanelStatus;
  elapsedMs?: number;
  cacheHits?: number;
  display: ScoreSpace;
  threshold: ThresholdSetting;
  topK: number | null;
  onlyMoved: boolean;
  view: 'table' | 'diff';
  /** Where the threshold starts when switched on: the last value used, or the model's remembered one. */
  savedThreshold?: ThresholdSetting;
  /** Row density: compact shows one or two lines of text per row (remembered by the host). */
  density?: Density;
  /** Probability histogram over the whole 0-1 range instead of the scores' own span. */
  fullRange?: boolean;
  /** Set while the rows show scores of this (previous) model because the configured one has not scored yet. */
  scoresFrom?: string;
  /** What ran: dtype with its weights file, and the activation sentence-transformers applies. */
  modelFacts?: string;
  modelFactsTitle?: string;
  /** The space of what CrossEncoder.predict returns for the model (its activation), once a run said. */
  modelSpace?: ScoreSpace;
  /** rerankLens.scoreDisplay is 'model' and the user has not picked a space: the display follows modelSpace. */
  displayFollowsModel?: boolean;
  /** The untouched default threshold whose setting puts its number in the model's space (panel/modelSpace.ts). */
  thresholdFollowsModel?: boolean;
  /** A warning about the model itself, e.g. "test model, scores are meaningless". */
  modelNote?: string;
  /** What the scorer's number means (issue 10: a rerank server may give a probability or a relevance). */
  scorerMeaning?: 'logit' | 'probability' | 'relevance';
  /** A rerank server's label (`tei @ gpu:8080`) when `rerankLens.scorer` names one instead of the model. */
  scorerLabel?: string;
}

export type Density = 'comfortable' | 'compact';

// ---- host -> webview ----
export type HostMessage =
  | { type: 'state'; state: PanelState }
  | { type: 'scores'; scores: PairScore[]; status: PanelStatus }
  | { type: 'status'; status: PanelStatus; elapsedMs?: number; cacheHits?: number };

// ---- webview -> host ----
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'rerun'; query: string }
  | { type: 'selectQuery'; index: number }
  | { type: 'reveal'; index: number }
  /** Open the tokens the model saw for this row (a text document like `rerank-lens tokenize`). */
  | { type: 'showTokens'; index: number }
  | { type: 'settings'; threshold: ThresholdSetting; topK: number | null; display: ScoreSpace; onlyMoved: boolean; view: 'table' | 'diff'; savedThreshold?: ThresholdSetting; density?: Density; fullRange?: boolean }
  | { type: 'saveThresholdAsDefault' }
  | { type: 'cancel' }
  | { type: 'export' }
  | { type: 'selectModel' };

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isSpace = (x: unknown): x is ScoreSpace => x === 'logit' || x === 'probability';

/** Validate a message from the webview. Returns undefined for anything malformed. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'saveThresholdAsDefault':
    case 'cancel':
    case 'export':
    case 'selectModel':
      return { type: m.type };
    case 'rerun':
      return typeof m.query === 'string' && m.query.length <= 10_000 ? { type: 'rerun', query: m.query } : undefined;
    case 'selectQuery':
    case 'reveal':
    case 'showTokens':
      return isInt(m.index) && m.index >= 0 ? { type: m.type, index: m.index } : undefined;
    case 'settings': {
      const t = m.threshold as Record<string, unknown> | undefined;
      if (!t || typeof t !== 'object' || !isSpace(t.space)) return undefined;
      if (!(t.value === null || (typeof t.value === 'number' && Number.isFinite(t.value)))) return undefined;
      if (!(m.topK === null || (isInt(m.topK) && m.topK >= 0))) return undefined;
      if (!isSpace(m.display) || typeof m.onlyMoved !== 'boolean') return undefined;
      if (m.view !== 'table' && m.view !== 'diff') return undefined;
      const out: WebviewMessage = {
        type: 'settings',
        threshold: { space: t.space, value: t.value as number | null },
        topK: m.topK as number | null,
        display: m.display,
        onlyMoved: m.onlyMoved,
        view: m.view,
      };
      // Optional extras: dropped when malformed rather than failing the whole message.
      const saved = m.savedThreshold as Record<string, unknown> | undefined;
      if (saved && typeof saved === 'object' && isSpace(saved.space) && typeof saved.value === 'number' && Number.isFinite(saved.value)) out.savedThreshold = { space: saved.space, value: saved.value };
      if (m.density === 'compact' || m.density === 'comfortable') out.density = m.density;
      if (typeof m.fullRange === 'boolean') out.fullRange = m.fullRange;
      return out;
    }
    default:
      return undefined;
  }
}

// ---- validators shared by both sides: the host checks a state VS Code hands back after a reload, the
// webview checks what the host posts (and its own restored state, which may be from an older build) ----

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

function isRow(x: unknown): x is PanelRow {
  return isObj(x) && Number.isInteger(x.index) && typeof x.id === 'string' && typeof x.text === 'string' && isNum(x.originalRank);
}

export function isStatus(x: unknown): x is PanelStatus {
  return isObj(x) && typeof x.phase === 'string' && isNum(x.done) && isNum(x.total);
}

export function isPairScore(x: unknown): x is PairScore {
  return isObj(x) && Number.isInteger(x.index) && typeof x.score === 'number' && typeof x.probability === 'number';
}

/** Enough of a PanelState to render without throwing (the webview normalizes the rest). */
export function isPanelState(x: unknown): x is PanelState {
  return (
    isObj(x) &&
    x.version === 1 &&
    typeof x.sourceLabel === 'string' &&
    typeof x.model === 'string' &&
    Array.isArray(x.queries) &&
    Array.isArray(x.rows) &&
    x.rows.every(isRow) &&
    typeof x.query === 'string' &&
    isStatus(x.status) &&
    isObj(x.threshold) &&
    (x.threshold.space === 'logit' || x.threshold.space === 'probability')
  );
}

