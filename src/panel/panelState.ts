// Pure helpers that turn reader output into the panel's state and back. No `vscode` import, so the
// shapes can be checked without an extension host.
import type { Chunk, ReadResult, RetrievalSet } from '../core/types';
import type { Dtype, PairScore } from '../engine/protocol';
import type { Density, PanelRow, PanelState, PanelStatus, QueryChoice, ScoreSpace, ThresholdSetting } from './protocol';

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
    // A set without query text ("0:", "1:" before) is named by its place and its first chunk's words.
    if (q.trim() === '') return { label: `Set ${i + 1}: ${firstWords(s.chunks[0]?.text ?? '')}`, query: '' };
    const id = s.queryId ? `${s.queryId}: ` : '';
    const text = q.length > 80 ? `${q.slice(0, 77)}...` : q;
    return { label: `${id}${text}`, query: q };
  });
}

/** The first words of a text, about 40 characters, for naming a set that has no query. */
export function firstWords(text: string, max = 40): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one === '') return '(no chunks)';
  if (one.length <= max) return one;
  const cut = one.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * Whether a new input is the one the panel shows (a rerun of the same file or the same selected
 * lines): only then do its threshold and top-k carry over. A top-k of 5 set for one file made no
 * sense on a 1-chunk file opened next.
 */
export function sameInput(previous: Pick<PanelState, 'sourceUri' | 'sourceLabel'> | undefined, next: { sourceUri?: string; sourceLabel: string }): boolean {
  return previous !== undefined && previous.sourceUri === next.sourceUri && previous.sourceLabel === next.sourceLabel;
}

export const isDensity = (x: unknown): x is Density => x === 'compact' || x === 'comfortable';

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
