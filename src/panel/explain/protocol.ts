// The "Why?" view's messages (one protocol per feature, beside ../protocol.ts on the same webview
// channel: every type here starts with 'explain'). The webview asks for one row or the top k; the host
// answers with the cost in pairs first (and waits for a confirmation when it is large), then progress,
// then the explanations computed by src/session/explain.ts. Both directions are validated here: the
// host trusts nothing from the webview, and the webview renders only what passed these checks.
//
//   webview -> host   explainRequest { requestId, index } | { requestId, topK } (+ confirmed)
//                     explainCancel  { requestId }
//   host -> webview   explainCost { requestId, rows, cost, needsConfirm }   (always first)
//                     explainProgress { requestId, phase, done, total }
//                     explainResult { requestId, explanations, ... }        (one per request)
//                     explainError { requestId, message, hint?, cancelled }
import type { BestWindows, Explanation, Faithfulness, PairCost, SentenceEffect, TermEffect } from '../../core/explain/types';

/** Requests above this many pairs (estimated) wait for the user's go-ahead in the webview. */
export const CONFIRM_PAIRS = 200;
/** The most rows one top-k request explains. */
export const MAX_TOP_K = 20;

/** A sentence effect as posted: without the modified text (the webview has the chunk text). */
export type SentenceView = Omit<SentenceEffect, 'textWithout'>;
export type TermView = Omit<TermEffect, 'queryWithout'>;

/** One explained row as the webview gets it. */
export interface ExplainedRow extends Omit<Explanation, 'sentences' | 'terms'> {
  /** PanelRow.index of the explained chunk. */
  row: number;
  sentences: SentenceView[];
  terms?: TermView[];
}

export interface ExplainCost extends PairCost {
  /** False when windows or the curve are estimates (the curve's count is an upper bound). */
  exact: boolean;
}

// ---- webview -> host ----
export type ExplainWebviewMessage =
  | { type: 'explainRequest'; requestId: number; index: number; confirmed?: boolean }
  | { type: 'explainRequest'; requestId: number; topK: number; confirmed?: boolean }
  | { type: 'explainCancel'; requestId: number };

// ---- host -> webview ----
export type ExplainHostMessage =
  | { type: 'explainCost'; requestId: number; rows: number[]; cost: ExplainCost; needsConfirm: boolean }
  | { type: 'explainProgress'; requestId: number; phase: 'sentences' | 'terms' | 'curve'; done: number; total: number }
  | {
      type: 'explainResult';
      requestId: number;
      explanations: ExplainedRow[];
      scorerLabel: string;
      meaning: string;
      pairs: number;
      cacheHits: number;
      elapsedMs: number;
    }
  | { type: 'explainError'; requestId: number; message: string; hint?: string; cancelled: boolean };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isIndex = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isStr = (x: unknown): x is string => typeof x === 'string';

/** Validates an explain message from the webview (untrusted); undefined for anything else. */
export function parseExplainWebviewMessage(raw: unknown): ExplainWebviewMessage | undefined {
  if (!isObj(raw) || !isIndex(raw.requestId)) return undefined;
  const requestId = raw.requestId;
  switch (raw.type) {
    case 'explainCancel':
      return { type: 'explainCancel', requestId };
    case 'explainRequest': {
      if (raw.confirmed !== undefined && typeof raw.confirmed !== 'boolean') return undefined;
      const confirmed = raw.confirmed === true ? { confirmed: true } : {};
      const hasIndex = raw.index !== undefined;
      const hasTopK = raw.topK !== undefined;
      if (hasIndex === hasTopK) return undefined;
      if (hasIndex) return isIndex(raw.index) ? { type: 'explainRequest', requestId, index: raw.index, ...confirmed } : undefined;
      return isIndex(raw.topK) && raw.topK >= 1 && raw.topK <= MAX_TOP_K ? { type: 'explainRequest', requestId, topK: raw.topK, ...confirmed } : undefined;
    }
    default:
      return undefined;
  }
}

/** True for any message type this protocol owns (the panel host routes on it). */
export const isExplainType = (raw: unknown): boolean => isObj(raw) && typeof raw.type === 'string' && raw.type.startsWith('explain');

// ---- webview side: everything rendered is checked, offsets against the text they index ----

const isPairCost = (x: unknown): x is PairCost => isObj(x) && ['sentences', 'terms', 'windows', 'curve', 'total'].every((k) => isIndex(x[k]));
const isCost = (x: unknown): x is ExplainCost => isPairCost(x) && typeof (x as unknown as Record<string, unknown>).exact === 'boolean';

const span = (x: Record<string, unknown>, a: string, b: string, length: number) => isIndex(x[a]) && isIndex(x[b]) && (x[a] as number) <= (x[b] as number) && (x[b] as number) <= length;

function isSentence(x: unknown, length: number): x is SentenceView {
  return isObj(x) && isIndex(x.index) && span(x, 'start', 'end', length) && span(x, 'tileStart', 'tileEnd', length) && isIndex(x.merged) && isNum(x.scoreWithout) && isNum(x.effect);
}

function isTerm(x: unknown, length: number): x is TermView {
  return isObj(x) && isIndex(x.index) && span(x, 'start', 'end', length) && span(x, 'removeStart', 'removeEnd', length) && isStr(x.text) && isNum(x.scoreWithout) && isNum(x.effect);
}

function isCurve(x: unknown, units: number): boolean {
  return (
    isObj(x) && Array.isArray(x.order) && x.order.length === units && x.order.every((i) => isIndex(i) && i < units) &&
    Array.isArray(x.scores) && x.scores.length === units + 1 && x.scores.every(isNum) && isNum(x.area)
  );
}

function isFaithfulness(x: unknown, units: number): x is Faithfulness {
  return isObj(x) && isCurve(x.deletion, units) && isCurve(x.random, units) && isObj(x.random) && isNum(x.random.seed) && isNum(x.areaDifference);
}

function isWindows(x: unknown, length: number): x is BestWindows {
  if (!isObj(x) || !isNum(x.budgetTokens) || !Array.isArray(x.windows) || !Number.isInteger(x.best) || typeof x.bestCutOff !== 'boolean') return false;
  const ok = x.windows.every((w) => isObj(w) && isIndex(w.first) && isIndex(w.last) && span(w, 'start', 'end', length) && isNum(w.score) && typeof w.truncated === 'boolean');
  return ok && (x.best as number) >= -1 && (x.best as number) < x.windows.length;
}

function isExplained(x: unknown): x is ExplainedRow {
  if (!isObj(x) || !isIndex(x.row) || !isStr(x.text) || !isStr(x.query) || !isNum(x.fullScore) || !isNum(x.fullProbability)) return false;
  const length = x.text.length;
  if (!(x.truncatedAtChar === null || (isIndex(x.truncatedAtChar) && x.truncatedAtChar <= length))) return false;
  if (!Array.isArray(x.sentences) || !x.sentences.every((s) => isSentence(s, length))) return false;
  if (x.terms !== undefined && !(Array.isArray(x.terms) && x.terms.every((t) => isTerm(t, (x.query as string).length)))) return false;
  if (x.windows !== undefined && !isWindows(x.windows, length)) return false;
  if (x.faithfulness !== undefined && !isFaithfulness(x.faithfulness, x.sentences.length)) return false;
  return isPairCost(x.pairs);
}

const PHASES = new Set(['sentences', 'terms', 'curve']);

/** Validates an explain message from the host (the webview renders only what passes). */
export function parseExplainHostMessage(raw: unknown): ExplainHostMessage | undefined {
  if (!isObj(raw) || !isIndex(raw.requestId)) return undefined;
  const requestId = raw.requestId;
  switch (raw.type) {
    case 'explainCost':
      return Array.isArray(raw.rows) && raw.rows.every(isIndex) && isCost(raw.cost) && typeof raw.needsConfirm === 'boolean'
        ? { type: 'explainCost', requestId, rows: raw.rows, cost: raw.cost, needsConfirm: raw.needsConfirm }
        : undefined;
    case 'explainProgress':
      return PHASES.has(raw.phase as string) && isIndex(raw.done) && isIndex(raw.total)
        ? { type: 'explainProgress', requestId, phase: raw.phase as 'sentences', done: raw.done, total: raw.total }
        : undefined;
    case 'explainResult':
      return Array.isArray(raw.explanations) && raw.explanations.every(isExplained) && isStr(raw.scorerLabel) && isStr(raw.meaning) && isIndex(raw.pairs) && isIndex(raw.cacheHits) && isNum(raw.elapsedMs)
        ? { type: 'explainResult', requestId, explanations: raw.explanations, scorerLabel: raw.scorerLabel, meaning: raw.meaning, pairs: raw.pairs, cacheHits: raw.cacheHits, elapsedMs: raw.elapsedMs }
        : undefined;
    case 'explainError':
      return isStr(raw.message) && (raw.hint === undefined || isStr(raw.hint)) && typeof raw.cancelled === 'boolean'
        ? { type: 'explainError', requestId, message: raw.message, ...(isStr(raw.hint) ? { hint: raw.hint } : {}), cancelled: raw.cancelled }
        : undefined;
    default:
      return undefined;
  }
}
