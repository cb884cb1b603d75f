// What arrives from the host, checked and normalised for the webview (the validators themselves live in
// src/panel/protocol.ts, shared with the host): host messages, an older build's restored state.
import { isPairScore, isPanelState, isStatus, type HostMessage, type PanelRow, type PanelState } from '../src/panel/protocol';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isObj(raw)) return undefined;
  switch (raw.type) {
    case 'state':
      return isPanelState(raw.state) ? { type: 'state', state: normalizeState(raw.state) } : undefined;
    case 'scores':
      return Array.isArray(raw.scores) && isStatus(raw.status) ? { type: 'scores', scores: raw.scores.filter(isPairScore), status: raw.status } : undefined;
    case 'status':
      return isStatus(raw.status)
        ? { type: 'status', status: raw.status, elapsedMs: isNum(raw.elapsedMs) ? raw.elapsedMs : undefined, cacheHits: isNum(raw.cacheHits) ? raw.cacheHits : undefined }
        : undefined;
    default:
      return undefined;
  }
}

/** Fills fields an older or partial state may lack, so rendering code can rely on them. */
export function normalizeState(st: PanelState): PanelState {
  const topK = st.topK === null || (Number.isInteger(st.topK) && st.topK >= 0) ? st.topK : null;
  const value = st.threshold.value === null || isNum(st.threshold.value) ? st.threshold.value : null;
  return {
    ...st,
    sourceLabel: typeof st.sourceLabel === 'string' ? st.sourceLabel : '',
    queries: Array.isArray(st.queries) ? st.queries.filter((q) => isObj(q) && typeof q.label === 'string') : [],
    activeQuery: Number.isInteger(st.activeQuery) ? st.activeQuery : 0,
    model: typeof st.model === 'string' ? st.model : '',
    dtype: st.dtype === 'q8' ? 'q8' : 'fp32',
    rows: st.rows.map((r) => ({ ...r, metadata: isObj(r.metadata) ? r.metadata : {}, scoreKind: r.scoreKind ?? 'unknown' })),
    display: st.display === 'logit' ? 'logit' : 'probability',
    threshold: { space: st.threshold.space, value },
    topK,
    onlyMoved: st.onlyMoved === true,
    view: st.view === 'diff' ? 'diff' : 'table',
  };
}

/** True when any row carries a relevance judgment (then the diff view shows metrics). */
export const hasLabels = (rows: readonly PanelRow[]) => rows.some((r) => typeof r.label === 'number');
