// Relevance judging in the per-query view (issue 14): its messages, beside the per-query view's
// ../protocol.ts and the lab's ../lab/protocol.ts on the same webview channel (every type here starts
// with 'label'). The webview judges a row (`labelSet`, grade null clears); the host saves it in the
// workspace's label store and answers with `labels`: the saved judgments of the rows on screen, keyed
// by row index, and what the store said (its file, malformed lines). Input labels stay on PanelRow.label;
// the webview shows a saved judgment over the input's one as an override. Both directions are validated.
//
// Quick keys: the webview applies a judgment at once and numbers it (`seq`); the host answers each one
// with `ack` = that number. A `labels` message is the file's truth only up to its `ack`: judgments posted
// after it are still on their way and stay on screen (without that, three quick keys showed one
// judgment, then two, then three, as the answers caught up).

export type Grade = 0 | 1 | 2;

export const GRADE_NAMES: Record<Grade, string> = { 0: 'not relevant', 1: 'relevant', 2: 'highly relevant' };

export interface LabelProblem {
  message: string;
  /** 1-based line of the qrels file, when the problem is a line. */
  line?: number;
}

export interface LabelsInfo {
  /** Saved judgments of the rows on screen: row index -> grade. */
  byRow: Record<number, number>;
  /** Which query and rows these are for: `${activeQuery}\u0000${query}`; a stale message is ignored. */
  key: string;
  /** Workspace-relative path of the qrels file (undefined when there is no workspace folder to save in). */
  file?: string;
  /** Judgments in the whole file (every query of the input). */
  queries?: number;
  pairs?: number;
  problems?: LabelProblem[];
  /** Why judgments cannot be saved (no folder open). */
  unavailable?: string;
  /** The `seq` of the judgment this message answers (absent: a load, another window's save). */
  ack?: number;
}

// ---- host -> webview ----
export type LabelsHostMessage = { type: 'labels' } & LabelsInfo;

// ---- webview -> host ----
/** `seq`: the webview's running number of its judgments (1, 2, ...), echoed as the answer's `ack`. */
export type LabelsWebviewMessage = { type: 'labelSet'; index: number; grade: Grade | null; key: string; seq?: number };

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isGrade = (x: unknown): x is Grade => x === 0 || x === 1 || x === 2;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;

/** The key of a panel's active set and query (what a `labels` message is for). */
export const labelsKey = (activeQuery: number, query: string): string => `${activeQuery}\u0000${query}`;

/** True for any message this protocol owns (then only its validator decides). */
export const isLabelsType = (raw: unknown): boolean => isObj(raw) && (raw.type === 'labelSet' || raw.type === 'labels');

/** Validates a judgment from the webview (untrusted); undefined for anything else. */
export function parseLabelsWebviewMessage(raw: unknown): LabelsWebviewMessage | undefined {
  if (!isObj(raw) || raw.type !== 'labelSet') return undefined;
  if (!isCount(raw.index) || !(raw.grade === null || isGrade(raw.grade))) return undefined;
  if (typeof raw.key !== 'string' || raw.key.length > 20_000) return undefined;
  if (raw.seq !== undefined && !(isCount(raw.seq) && raw.seq <= Number.MAX_SAFE_INTEGER)) return undefined;
  return { type: 'labelSet', index: raw.index, grade: raw.grade, key: raw.key, ...(raw.seq !== undefined ? { seq: raw.seq } : {}) };
}

/** Validates the host's `labels` message (the webview checks what it renders); bad entries are dropped. */
export function parseLabelsHostMessage(raw: unknown): LabelsHostMessage | undefined {
  if (!isObj(raw) || raw.type !== 'labels' || !isObj(raw.byRow) || typeof raw.key !== 'string') return undefined;
  const byRow: Record<number, number> = {};
  for (const [k, g] of Object.entries(raw.byRow)) {
    const i = Number(k);
    if (isCount(i) && typeof g === 'number' && Number.isFinite(g)) byRow[i] = g;
  }
  const out: LabelsHostMessage = { type: 'labels', byRow, key: raw.key };
  if (typeof raw.file === 'string') out.file = raw.file;
  if (isCount(raw.queries)) out.queries = raw.queries;
  if (isCount(raw.pairs)) out.pairs = raw.pairs;
  if (typeof raw.unavailable === 'string') out.unavailable = raw.unavailable;
  if (isCount(raw.ack)) out.ack = raw.ack;
  if (Array.isArray(raw.problems)) {
    out.problems = raw.problems
      .filter((p): p is Record<string, unknown> => isObj(p) && typeof p.message === 'string')
      .slice(0, 50)
      .map((p) => ({ message: p.message as string, ...(isCount(p.line) && p.line > 0 ? { line: p.line } : {}) }));
  }
  return out;
}
