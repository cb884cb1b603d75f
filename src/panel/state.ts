// Pure helpers that turn reader output into the panel's state and back. No `vscode` import, so the
// shapes can be checked without an extension host.
import type { Chunk, ReadResult, RetrievalSet } from '../core/types';
import type { Dtype, PairScore } from '../engine/protocol';
import type { PanelRow, PanelState, PanelStatus, QueryChoice, ScoreSpace, ThresholdSetting } from './protocol';

export function rowsFromSet(set: RetrievalSet, canReveal: boolean): PanelRow[] {
  return set.chunks.map((c, index) => {
    const label = set.labels?.byChunkId?.[c.id];
    const row: PanelRow = {
      index,
      id: c.id,
      text: c.text,
      originalRank: c.originalRank,
      scoreKind: c.scoreKind,
      metadata: c.metadata ?? {},
      revealable: canReveal && c.source !== undefined,
    };
    if (c.retrieverScore !== undefined) row.retrieverScore = c.retrieverScore;
    if (c.source) row.source = c.source;
    if (typeof label === 'number') row.label = label;
    return row;
  });
}

/** Rows back into chunks (for a panel restored after a reload, where only the rows survive). */
export function chunksFromRows(rows: PanelRow[]): Chunk[] {
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    originalRank: r.originalRank,
    retrieverScore: r.retrieverScore,
    scoreKind: r.scoreKind,
    metadata: r.metadata,
    source: r.source,
  }));
}

export function queryChoices(result: ReadResult): QueryChoice[] {
  if (result.sets.length < 2) return [];
  return result.sets.map((s, i) => {
    const q = s.query ?? '';
    const id = s.queryId ? `${s.queryId}: ` : '';
    const text = q.length > 80 ? `${q.slice(0, 77)}...` : q;
    return { label: `${id}${text}` || `Set ${i + 1}`, query: q };
  });
}

export interface StateInit {
  sourceLabel: string;
  sourceKind: 'selection' | 'file';
  sourceUri?: string;
  result: ReadResult;
  setIndex: number;
  query: string;
  model: string;
  dtype: Dtype;
  canReveal: boolean;
  display: ScoreSpace;
  threshold: ThresholdSetting;
  topK: number | null;
  previous?: PanelState;
}

export function initialState(init: StateInit): PanelState {
  const set = init.result.sets[init.setIndex];
  const rows = set ? rowsFromSet(set, init.canReveal) : [];
  const state: PanelState = {
    version: 1,
    sourceLabel: init.sourceLabel,
    sourceKind: init.sourceKind,
    format: set?.format ?? init.result.format,
    queries: queryChoices(init.result),
    activeQuery: init.setIndex,
    query: init.query,
    model: init.model,
    dtype: init.dtype,
    rows,
    status: { phase: 'idle', done: 0, total: rows.length },
    display: init.display,
    threshold: init.threshold,
    topK: init.topK,
    onlyMoved: init.previous?.onlyMoved ?? false,
    view: init.previous?.view ?? 'table',
  };
  if (init.sourceUri) state.sourceUri = init.sourceUri;
  return state;
}

export function clearScores(rows: PanelRow[]): void {
  for (const r of rows) delete r.score;
}

export function errorStatus(message: string, hint: string | undefined, total = 0): PanelStatus {
  const s: PanelStatus = { phase: 'error', done: 0, total, message };
  if (hint) s.hint = hint;
  return s;
}
