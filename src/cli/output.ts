// Turning scored sets into the CLI's output: one row per chunk in reranked order, then JSON (the shape
// issue 2 fixed, plus what the reader knows: retriever score and its kind, relevance label, query id,
// format) or a plain-text table safe for a terminal.

import type { Chunk, ScoreKind } from '../core/types';
import type { Activation, ModelInfo } from '../engine/protocol';
import type { ResolvedActivation, ScoredSet } from './score';

export interface ResultRow {
  /** Position of the chunk in its set (0-based). */
  index: number;
  id: string;
  text: string;
  /** In the activation's space (by default what CrossEncoder.predict returns for the model): the raw
   *  logit, or the sigmoid/softmax probability. The logit and the probability are always beside it. */
  score: number;
  probability: number;
  /** The raw logit, whatever the activation. */
  logit: number;
  rank: number;
  originalRank: number;
  /** Tokens of the whole query / chunk text (with a `+` in the table when only a lower bound is known). */
  queryTokens: number;
  chunkTokens: number;
  /** What the model saw of them after truncation (only when the scorer reports it: the local engine). */
  queryTokensKept?: number;
  chunkTokensKept?: number;
  truncated: boolean;
  truncatedAtChar: number | null;
  kept: boolean;
  /** The retriever's own score and what it means (only when the input has one). */
  retrieverScore?: number;
  scoreKind?: ScoreKind;
  /** Graded relevance from qrels or a relevant/is_relevant field (only when judged). */
  label?: number;
}

export interface QueryResults {
  query: string;
  queryId?: string;
  /** What tells sets apart when the query does not (pipeline component, span name). */
  name?: string;
  format: string;
  /** Position of the set in the input (what --query-index counts). */
  setIndex: number;
  results: ResultRow[];
}

function rowOf(chunk: Chunk, r: ScoredSet['ranked'][number], kept: boolean, activation: Activation, label: number | undefined): ResultRow {
  const s = r.score!;
  return {
    index: r.index,
    id: chunk.id,
    text: chunk.text,
    score: activation === 'sigmoid' ? s.probability : s.score,
    probability: s.probability,
    logit: s.score,
    rank: r.rank!,
    originalRank: chunk.originalRank,
    queryTokens: s.queryTokens,
    chunkTokens: s.chunkTokens,
    ...(s.queryTokensKept !== undefined ? { queryTokensKept: s.queryTokensKept } : {}),
    ...(s.chunkTokensKept !== undefined ? { chunkTokensKept: s.chunkTokensKept } : {}),
    truncated: s.truncated,
    truncatedAtChar: s.truncatedAtChar,
    kept,
    ...(chunk.retrieverScore !== undefined ? { retrieverScore: chunk.retrieverScore, scoreKind: chunk.scoreKind } : {}),
    ...(label !== undefined ? { label } : {}),
  };
}

export function queryResults(s: ScoredSet, activation: Activation): QueryResults {
  const labels = s.set.labels?.byChunkId;
  const results = s.ranked.map((r, i) => rowOf(r.chunk, r, s.kept[i], activation, labels && Object.hasOwn(labels, r.chunk.id) ? labels[r.chunk.id] : undefined));
  return {
    query: s.set.query!,
    ...(s.set.queryId !== undefined ? { queryId: s.set.queryId } : {}),
    ...(s.set.name !== undefined ? { name: s.set.name } : {}),
    format: s.set.format,
    setIndex: s.index,
    results,
  };
}

export interface Settings {
  dtype: string;
  /** What `score` is, resolved (auto -> the model's activation), and why. */
  activation: ResolvedActivation;
  threshold: number | null;
  topK: number | null;
}

export interface InputInfo {
  /** The input as named on the command line. */
  input: string;
  format?: string;
  /** How many query sets the input holds (all of them, not only the ones scored). */
  querySets: number;
}

export function formatJson(model: string, info: ModelInfo | undefined, s: Settings, input: InputInfo, queries: QueryResults[]): string {
  const out = {
    model,
    dtype: s.dtype,
    maxLength: info?.maxLength ?? null,
    // `score` is in this space: raw (the logit) or sigmoid (the probability); requested and why beside it.
    activation: s.activation.activation,
    activationRequested: s.activation.requested,
    activationReason: s.activation.reason,
    ...(info?.onnxFile ? { onnxFile: info.onnxFile } : {}),
    ...(info?.activation ? { modelActivation: info.activation } : {}),
    threshold: s.threshold,
    topK: s.topK,
    input: input.input,
    format: input.format ?? null,
    querySets: input.querySets,
    queries: queries.map((q) => ({
      query: q.query,
      ...(q.queryId !== undefined ? { queryId: q.queryId } : {}),
      ...(q.name !== undefined ? { name: q.name } : {}),
      format: q.format,
      setIndex: q.setIndex,
      results: q.results,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** One line of untrusted text, safe for a terminal: control characters (incl. ESC) become spaces. */
export function oneLine(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= width ? flat : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function compact(n: number): string {
  const a = Math.abs(n);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? n.toExponential(2) : String(Number(n.toPrecision(4)));
}

const KIND_NOTE: Record<ScoreKind, string> = {
  similarity: 'similarity, higher is better',
  distance: 'distance, lower is better',
  unknown: 'meaning unknown',
};

export function formatTable(model: string, info: ModelInfo | undefined, s: Settings, input: InputInfo, queries: QueryResults[], columns = 120): string {
  const lines: string[] = [];
  const sigmoid = s.activation.activation === 'sigmoid';
  lines.push(`model ${model} (${s.dtype}${info?.onnxFile ? ` via ${info.onnxFile}` : ''}, max ${info?.maxLength ?? '?'} tokens)`);
  // What `score` is and why (by default what sentence-transformers' CrossEncoder.predict returns for
  // this model), so a threshold copied from Python code is read in the right space.
  lines.push(`score = the ${sigmoid ? 'probability' : 'raw logit'}: ${oneLine(s.activation.reason, 400)}; ${sigmoid ? 'the logit' : 'the probability'} beside it`);
  lines.push(`input ${oneLine(input.input, 200)} (${input.format ?? 'unknown format'}, ${input.querySets} query set${input.querySets === 1 ? '' : 's'})`);
  for (const q of queries) {
    const tags = [queries.length > 1 || input.querySets > 1 ? `set ${q.setIndex}` : '', q.queryId ? `id ${q.queryId}` : '', q.name ?? ''].filter(Boolean);
    const head = `query${tags.length ? ` [${oneLine(tags.join(', '), 60)}]` : ''}: `;
    lines.push('', `${head}${oneLine(q.query, Math.max(20, columns - head.length))}`);
    const withRetriever = q.results.some((r) => r.retrieverScore !== undefined);
    const withLabel = q.results.some((r) => r.label !== undefined);
    const kinds = [...new Set(q.results.map((r) => r.scoreKind).filter((k): k is ScoreKind => k !== undefined))];
    if (withRetriever) lines.push(`retriever scores: ${kinds.map((k) => KIND_NOTE[k]).join('; ')}`);
    const cols = `${pad('rank', 4, true)} ${pad('orig', 4, true)} ${pad('move', 5, true)} ${pad('score', 9, true)} ${pad(sigmoid ? 'logit' : 'prob', 7, true)} ${pad('tokens', 7, true)}${withRetriever ? ` ${pad('retriever', 9, true)}` : ''}${withLabel ? ` ${pad('label', 5, true)}` : ''} keep  `;
    const textWidth = Math.max(20, columns - cols.length - 12);
    lines.push(`${cols}${pad('id', 10)} text`);
    for (const r of q.results) {
      const move = r.originalRank - r.rank;
      const moveText = move === 0 ? '=' : move > 0 ? `+${move}` : `${move}`;
      const score = sigmoid ? r.score.toFixed(4) : r.score.toFixed(3);
      const other = sigmoid ? r.logit.toFixed(3) : r.probability.toFixed(3);
      const retr = withRetriever ? ` ${pad(r.retrieverScore === undefined ? '-' : compact(r.retrieverScore), 9, true)}` : '';
      const label = withLabel ? ` ${pad(r.label === undefined ? '-' : String(r.label), 5, true)}` : '';
      lines.push(
        `${pad(String(r.rank), 4, true)} ${pad(String(r.originalRank), 4, true)} ${pad(moveText, 5, true)} ${pad(score, 9, true)} ${pad(other, 7, true)} ${pad(`${r.chunkTokens}${r.truncated ? '*' : ''}`, 7, true)}${retr}${label} ${r.kept ? 'yes ' : ' -  '}  ${pad(oneLine(r.id, 10), 10)} ${oneLine(r.text, textWidth)}`,
      );
    }
    const kept = q.results.filter((r) => r.kept).length;
    const truncated = q.results.filter((r) => r.truncated).length;
    lines.push(`${kept} of ${q.results.length} kept${truncated ? `; * = truncated to fit (${truncated})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
