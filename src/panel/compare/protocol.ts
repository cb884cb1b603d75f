// The compare view's messages (one protocol per feature on the panel's webview channel: every type
// here starts with 'compare'). The host scores the chosen sets with each scorer through the session
// and sends, per set, each scorer's number for every chunk; the webview computes agreement, metrics and
// threshold translation itself (core/compare), so typing a threshold never waits for the host. Both
// directions are validated here. No key and no request detail ever travels in these messages: a
// scorer is described by its label, kind, meaning and endpoint URL (never carrying credentials).
import type { ScoreMeaning } from '../../session/scorer';

export interface CompareScorerInfo {
  /** A, B, C. */
  name: string;
  label: string;
  kind: 'local' | 'remote' | 'retriever';
  meaning: ScoreMeaning | 'rank';
}

export interface CompareChunk {
  id: string;
  text: string;
  /** 1-based position in the retriever's order. */
  originalRank: number;
}

export interface CompareSetData {
  setIndex: number;
  query: string;
  chunks: CompareChunk[];
  /** Judgments by chunk id (the lab's labels), when the set has any. */
  qrels?: Record<string, number>;
  /** scores[s][j]: scorer s's number for chunk j; null = not scored (yet). */
  scores: (number | null)[][];
}

export interface CompareData {
  sourceLabel: string;
  /** 'set': the query on screen; 'all': every set of the input. */
  scope: 'set' | 'all';
  scorers: CompareScorerInfo[];
  sets: CompareSetData[];
}

export interface CompareStatus {
  phase: 'scoring' | 'done' | 'cancelled' | 'error';
  /** Which scorer is running (index into scorers). */
  scorer: number;
  pairsDone: number;
  pairsTotal: number;
  message?: string;
  hint?: string;
  /** A failure a key fixes (401/403, no key): the view offers Set API Key beside Compare Again. */
  needsKey?: boolean;
}

// ---- host -> webview ----
export type CompareHostMessage =
  | { type: 'compare'; data: CompareData }
  | { type: 'compareStatus'; status: CompareStatus }
  /** Show the compare view, or go back to the view under it. */
  | { type: 'compareMode'; mode: 'compare' | 'closed' };

// ---- webview -> host ----
/** compareAgain: the Compare Scorers picker again (new scorers, so a new key applies); compareSetKey: the Set API Key command. */
export type CompareWebviewMessage = { type: 'compareCancel' } | { type: 'compareClose' } | { type: 'compareAgain' } | { type: 'compareSetKey' };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const MEANINGS = ['logit', 'probability', 'relevance', 'rank'];

/** True for a message of this feature (so the panel routes it here even when malformed). */
export function isCompareType(raw: unknown): boolean {
  return isObj(raw) && typeof raw.type === 'string' && raw.type.startsWith('compare');
}

/** Validates a compare message from the webview (untrusted); undefined for anything else. */
export function parseCompareWebviewMessage(raw: unknown): CompareWebviewMessage | undefined {
  if (!isObj(raw)) return undefined;
  return raw.type === 'compareCancel' || raw.type === 'compareClose' || raw.type === 'compareAgain' || raw.type === 'compareSetKey' ? { type: raw.type } : undefined;
}

function isScorer(x: unknown): x is CompareScorerInfo {
  return isObj(x) && isStr(x.name) && isStr(x.label) && (x.kind === 'local' || x.kind === 'remote' || x.kind === 'retriever') && MEANINGS.includes(x.meaning as string);
}

function isSet(x: unknown, scorers: number): x is CompareSetData {
  if (!isObj(x) || !Number.isInteger(x.setIndex) || !isStr(x.query) || !Array.isArray(x.chunks) || !Array.isArray(x.scores)) return false;
  const n = x.chunks.length;
  if (!x.chunks.every((c) => isObj(c) && isStr(c.id) && isStr(c.text) && Number.isInteger(c.originalRank))) return false;
  if (x.qrels !== undefined && !(isObj(x.qrels) && Object.values(x.qrels).every(isNum))) return false;
  return x.scores.length === scorers && x.scores.every((row) => Array.isArray(row) && row.length === n && row.every((v) => v === null || isNum(v)));
}

function isStatus(x: unknown): x is CompareStatus {
  return isObj(x) && ['scoring', 'done', 'cancelled', 'error'].includes(x.phase as string) && Number.isInteger(x.scorer) && isNum(x.pairsDone) && isNum(x.pairsTotal) && (x.message === undefined || isStr(x.message)) && (x.hint === undefined || isStr(x.hint)) && (x.needsKey === undefined || typeof x.needsKey === 'boolean');
}

/** Validates a compare message from the host (the webview checks what it renders). */
export function parseCompareHostMessage(raw: unknown): CompareHostMessage | undefined {
  if (!isObj(raw)) return undefined;
  switch (raw.type) {
    case 'compare': {
      const d = raw.data;
      if (!isObj(d) || !isStr(d.sourceLabel) || (d.scope !== 'set' && d.scope !== 'all') || !Array.isArray(d.scorers) || !d.scorers.every(isScorer)) return undefined;
      if (d.scorers.length < 2 || d.scorers.length > 4) return undefined;
      const n = d.scorers.length;
      if (!Array.isArray(d.sets) || !d.sets.every((s) => isSet(s, n))) return undefined;
      return { type: 'compare', data: d as unknown as CompareData };
    }
    case 'compareStatus':
      return isStatus(raw.status) ? { type: 'compareStatus', status: raw.status } : undefined;
    case 'compareMode':
      return raw.mode === 'compare' || raw.mode === 'closed' ? { type: 'compareMode', mode: raw.mode } : undefined;
    default:
      return undefined;
  }
}
