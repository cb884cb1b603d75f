// Number and label formatting shared by the panel's views.
import type { ScoreKind } from '../src/core/types';
import type { PanelPhase, PanelStatus, ScoreSpace } from '../src/panel/protocol';
import type { PairScore } from '../src/engine/protocol';

export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p !== 0 && Math.abs(p) < 0.001) return p.toExponential(1);
  return p.toFixed(3);
}

export function formatLogit(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toFixed(2);
}

export function formatScore(score: PairScore, space: ScoreSpace): string {
  return space === 'logit' ? formatLogit(score.score) : formatProbability(score.probability);
}

/** A threshold value in its space, for inputs and labels. */
export function formatThreshold(v: number, space: ScoreSpace): string {
  return space === 'logit' ? v.toFixed(2) : v.toFixed(3);
}

export function formatRetrieverScore(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 0.001 || a >= 1e5)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** What the retriever's score means, so a distance is never read as "higher is better". */
export function scoreKindLabel(kind: ScoreKind): { name: string; direction: string } {
  switch (kind) {
    case 'similarity':
      return { name: 'similarity', direction: 'higher is better' };
    case 'distance':
      return { name: 'distance', direction: 'lower is better' };
    default:
      return { name: 'score', direction: 'meaning unknown' };
  }
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const PHASE_TEXT: Record<PanelPhase, string> = {
  idle: 'Ready',
  'loading-model': 'Loading model',
  downloading: 'Downloading model',
  scoring: 'Scoring',
  done: 'Done',
  cancelled: 'Cancelled',
  error: 'Error',
};

export function statusText(st: PanelStatus): string {
  const base = PHASE_TEXT[st.phase] ?? st.phase;
  if (st.phase === 'downloading') {
    const pct = st.percent !== undefined ? ` ${Math.round(st.percent)}%` : '';
    return `${base}${st.file ? ` ${st.file}` : ''}${pct}`;
  }
  if (st.phase === 'scoring') return `${base} ${st.done} / ${st.total} pairs`;
  if (st.phase === 'cancelled') return `${base} after ${st.done} / ${st.total} pairs`;
  return base;
}

export const isBusy = (phase: PanelPhase) => phase === 'loading-model' || phase === 'downloading' || phase === 'scoring';
