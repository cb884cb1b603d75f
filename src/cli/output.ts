// Turning engine scores into the CLI's output: results sorted by score (descending, ties in the
// retriever's order), `kept` from threshold and top-k, then JSON or a plain-text table.

import type { Chunk } from '../core/types';
import type { Activation, ModelInfo, PairScore } from '../engine/protocol';

export interface ResultRow {
  index: number;
  id: string;
  text: string;
  /** In the activation's space: the raw logit, or the sigmoid/softmax probability. */
  score: number;
  probability: number;
  /** The raw logit, whatever the activation. */
  logit: number;
  rank: number;
  originalRank: number;
  queryTokens: number;
  chunkTokens: number;
  truncated: boolean;
  truncatedAtChar: number | null;
  kept: boolean;
}

export interface QueryResults {
  query: string;
  results: ResultRow[];
}

export interface KeepRule {
  activation: Activation;
  threshold: number | null;
  topK: number | null;
}

export function rankResults(chunks: readonly Chunk[], scores: readonly PairScore[], rule: KeepRule): ResultRow[] {
  const rows = chunks.map((c, index) => {
    const s = scores[index];
    if (!s) throw new Error(`The engine returned no score for document ${index}.`);
    return {
      index,
      id: c.id,
      text: c.text,
      score: rule.activation === 'sigmoid' ? s.probability : s.score,
      probability: s.probability,
      logit: s.score,
      rank: 0,
      originalRank: c.originalRank,
      queryTokens: s.queryTokens,
      chunkTokens: s.chunkTokens,
      truncated: s.truncated,
      truncatedAtChar: s.truncatedAtChar,
      kept: false,
    };
  });
  rows.sort((a, b) => b.score - a.score || a.originalRank - b.originalRank);
  rows.forEach((r, i) => {
    r.rank = i + 1;
    r.kept = (rule.threshold === null || r.score >= rule.threshold) && (rule.topK === null || i < rule.topK);
  });
  return rows;
}

interface Settings {
  dtype: string;
  activation: Activation;
  threshold: number | null;
  topK: number | null;
}

export function formatJson(model: string, info: ModelInfo | undefined, s: Settings, queries: QueryResults[]): string {
  const out = {
    model,
    dtype: s.dtype,
    maxLength: info?.maxLength ?? null,
    activation: s.activation,
    threshold: s.threshold,
    topK: s.topK,
    queries: queries.map((q) => ({
      query: q.query,
      results: q.results.map((r) => ({
        index: r.index,
        id: r.id,
        text: r.text,
        score: r.score,
        probability: r.probability,
        logit: r.logit,
        rank: r.rank,
        originalRank: r.originalRank,
        queryTokens: r.queryTokens,
        chunkTokens: r.chunkTokens,
        truncated: r.truncated,
        truncatedAtChar: r.truncatedAtChar,
        kept: r.kept,
      })),
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

export function formatTable(model: string, info: ModelInfo | undefined, s: Settings, queries: QueryResults[], columns = 120): string {
  const lines: string[] = [];
  lines.push(`model ${model} (${s.dtype}, max ${info?.maxLength ?? '?'} tokens, ${s.activation} scores)`);
  for (const q of queries) {
    lines.push('', `query: ${oneLine(q.query, Math.max(20, columns - 7))}`);
    const head = `${pad('rank', 4, true)} ${pad('orig', 4, true)} ${pad('move', 5, true)} ${pad('score', 9, true)} ${pad('prob', 6, true)} ${pad('tokens', 7, true)} keep  `;
    const textWidth = Math.max(20, columns - head.length - 12);
    lines.push(`${head}${pad('id', 10)} text`);
    for (const r of q.results) {
      const move = r.originalRank - r.rank;
      const moveText = move === 0 ? '=' : move > 0 ? `+${move}` : `${move}`;
      const score = s.activation === 'sigmoid' ? r.score.toFixed(4) : r.score.toFixed(3);
      lines.push(
        `${pad(String(r.rank), 4, true)} ${pad(String(r.originalRank), 4, true)} ${pad(moveText, 5, true)} ${pad(score, 9, true)} ${pad(r.probability.toFixed(3), 6, true)} ${pad(`${r.chunkTokens}${r.truncated ? '*' : ''}`, 7, true)} ${r.kept ? 'yes ' : ' -  '}  ${pad(oneLine(r.id, 10), 10)} ${oneLine(r.text, textWidth)}`,
      );
    }
    const kept = q.results.filter((r) => r.kept).length;
    const truncated = q.results.filter((r) => r.truncated).length;
    lines.push(`${kept} of ${q.results.length} kept${truncated ? `; * = truncated to fit (${truncated})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
