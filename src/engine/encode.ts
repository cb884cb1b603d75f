// Pair encoding exactly like sentence-transformers' CrossEncoder.predict, which calls a Hugging Face
// *fast* tokenizer with (query, chunk) pairs and truncation='longest_first'. transformers.js cannot do
// this (it cuts the joined pair at max_length and loses the final [SEP]), so we encode each text
// without special tokens, truncate both ourselves the way HF tokenizers does, and assemble
// `[CLS] query [SEP] chunk [SEP]` (or the model's own pair template, e.g. `<s> q </s></s> d </s>`).
// Pure functions: no model, no I/O, so tests and the benchmark can use them directly.

import { encodeChunkForPair } from './textPrefix';

export { encodeChunkForPair, tokensNeeded } from './textPrefix';

export type { PairLayout, PairTokenizer, TemplateToken, TokenizedText } from './pairTokenizer';
import type { PairLayout, PairTokenizer, TokenizedText } from './pairTokenizer';

export interface EncodedPair {
  inputIds: number[];
  tokenTypeIds: number[];
  /** Tokens in the whole query / chunk text (before truncation); a lower bound when `queryTokensIsLowerBound`. */
  queryTokens: number;
  queryTokensIsLowerBound: boolean;
  /** Tokens in the chunk; a lower bound when `chunkTokensIsLowerBound` (only a prefix was tokenized). */
  chunkTokens: number;
  /** True when the chunk was long enough that only the part that can matter was tokenized. */
  chunkTokensIsLowerBound: boolean;
  /** Tokens the model actually saw. */
  queryTokensKept: number;
  chunkTokensKept: number;
  /** True when the chunk lost tokens to truncation. */
  truncated: boolean;
  /** True when the query lost tokens too (both texts over half the budget). */
  queryTruncated: boolean;
  /** UTF-16 offset in the chunk where the dropped part begins; null when nothing was dropped. */
  truncatedAtChar: number | null;
  /** The same for the query. */
  queryTruncatedAtChar: number | null;
}

export function bertLayout(clsId: number, sepId: number): PairLayout {
  return {
    start: [{ id: clsId, typeId: 0 }],
    middle: [{ id: sepId, typeId: 0 }],
    end: [{ id: sepId, typeId: 1 }],
    queryTypeId: 0,
    chunkTypeId: 1,
  };
}

export function layoutOf(tok: PairTokenizer): PairLayout {
  return tok.layout ?? bertLayout(tok.clsId, tok.sepId);
}

export function specialTokenCount(layout: PairLayout): number {
  return layout.start.length + layout.middle.length + layout.end.length;
}

/**
 * Kept lengths after HF tokenizers' `longest_first` truncation (tokenizers/src/utils/truncation.rs).
 * The texts share `maxLength - specialTokens`. If the shorter one fits in half of that it stays whole
 * and the longer gets the rest; otherwise the shorter keeps floor(budget/2) and the longer
 * ceil(budget/2). Equal lengths count the query as "the shorter". Tokens are cut from the right.
 * The lengths compared are the texts' effective lengths (effectiveLength), not their full lengths.
 * Accepts token arrays or plain lengths.
 */
export function truncateLongestFirst(
  q: readonly number[] | number,
  d: readonly number[] | number,
  maxLength: number,
  specialTokens = 3,
): { q: number; d: number } {
  const qLen = typeof q === 'number' ? q : q.length;
  const dLen = typeof d === 'number' ? d : d.length;
  // The Rust library computes the budget as `max_length - n_added_tokens` in usize, which wraps in
  // release builds (the Python wheel and the Node bindings): a max length below the template's special
  // token count truncates nothing beyond the early stop (effectiveLength). Measured: bert at max 2
  // keeps 2 + 2 tokens of two long texts, roberta at max 3 keeps 3 + 3.
  if (maxLength < specialTokens) return { q: qLen, d: dLen };
  const budget = maxLength - specialTokens;
  if (qLen + dLen <= budget) return { q: qLen, d: dLen };
  const swap = qLen > dLen;
  let n1 = swap ? dLen : qLen; // the shorter
  let n2: number; // the longer
  if (n1 > budget) n2 = n1;
  else n2 = Math.max(n1, budget - n1);
  if (n1 + n2 > budget) {
    n1 = Math.floor(budget / 2);
    n2 = n1 + (budget % 2);
  }
  return swap ? { q: n2, d: n1 } : { q: n1, d: n2 };
}

/**
 * The length the Rust library compares when truncating a pair. With truncation on, it tokenizes each
 * text word by word (pre-tokenizer splits) and stops after the word that brings it to maxLength
 * tokens (an added token such as a literal [SEP] counts, but ends no word), so a longer text counts as
 * its tokens up to the end of that word. Measured: 11 vs 10 one-token words at max 10 keep 3 + 4, not
 * 4 + 3 (see test/unit/engine/parity/). Without word boundaries (the transformers.js fallback) the
 * length is capped at maxLength.
 */
export function effectiveLength(t: TokenizedText, maxLength: number): number {
  const n = t.ids.length;
  if (n < maxLength) return n;
  if (!t.wordEnds) return maxLength;
  for (const e of t.wordEnds) if (e >= maxLength) return e;
  return n;
}

/** Encodes one texts' tokens into the pair template. The query may be pre-tokenized once per request. */
export function encodePairTokens(
  tok: PairTokenizer,
  query: TokenizedText,
  chunk: TokenizedText,
  chunkText: string,
  maxLength: number,
): EncodedPair {
  const layout = layoutOf(tok);
  const kept = truncateLongestFirst(effectiveLength(query, maxLength), effectiveLength(chunk, maxLength), maxLength, specialTokenCount(layout));
  const inputIds: number[] = [];
  const tokenTypeIds: number[] = [];
  const push = (id: number, typeId: number): void => {
    inputIds.push(id);
    tokenTypeIds.push(typeId);
  };
  for (const t of layout.start) push(t.id, t.typeId);
  for (let i = 0; i < kept.q; i++) push(query.ids[i], layout.queryTypeId);
  for (const t of layout.middle) push(t.id, t.typeId);
  for (let i = 0; i < kept.d; i++) push(chunk.ids[i], layout.chunkTypeId);
  for (const t of layout.end) push(t.id, t.typeId);

  const truncated = kept.d < chunk.ids.length || chunk.complete === false;
  let truncatedAtChar: number | null = null;
  if (truncated) {
    const off = chunk.offsets[kept.d];
    truncatedAtChar = off ? off[0] : chunkText.length;
  }
  const queryTruncatedAtChar = kept.q < query.ids.length ? (query.offsets[kept.q]?.[0] ?? null) : null;
  return {
    inputIds,
    tokenTypeIds,
    queryTokens: query.ids.length,
    chunkTokens: chunk.ids.length,
    queryTokensIsLowerBound: query.complete === false,
    chunkTokensIsLowerBound: chunk.complete === false,
    queryTokensKept: kept.q,
    chunkTokensKept: kept.d,
    truncated,
    queryTruncated: kept.q < query.ids.length || query.complete === false,
    truncatedAtChar,
    queryTruncatedAtChar,
  };
}

export function encodePair(tok: PairTokenizer, query: string, chunk: string, maxLength: number): EncodedPair {
  return encodePairText(tok, encodeChunkForPair(tok, query, maxLength), chunk, maxLength);
}

/** The pair encoder of a request with several queries: each query is tokenized once, on first use. */
export function pairEncoder(tok: PairTokenizer, queries: readonly string[], maxLength: number): (query: number, chunk: string) => EncodedPair {
  const tokens = new Map<number, TokenizedText>();
  return (query, chunk) => {
    let q = tokens.get(query);
    if (!q) tokens.set(query, (q = encodeChunkForPair(tok, queries[query], maxLength)));
    return encodePairText(tok, q, chunk, maxLength); // only what can matter of long texts (textPrefix.ts)
  };
}

/** Encodes a pair from the query's tokens (tokenized once per request) and the chunk's text. */
export function encodePairText(tok: PairTokenizer, query: TokenizedText, chunk: string, maxLength: number): EncodedPair {
  return encodePairTokens(tok, query, encodeChunkForPair(tok, chunk, maxLength), chunk, maxLength);
}

/**
 * A batch's padded size (pairs x its longest pair) is capped at this many tokens. Attention memory
 * grows with batch x length^2, so 16 pairs of 512 tokens took ~1.3 GB of engine RSS; with the cap, long
 * pairs run 8 at a time while short ones still fill whole batches.
 */
export const DEFAULT_MAX_BATCH_TOKENS = 4096;

/**
 * Groups pair indices into batches of at most `batchSize` pairs and `maxBatchTokens` padded tokens,
 * longest first, so each batch is padded only to its own longest pair (dynamic padding) and the biggest
 * batch runs first (memory trouble shows up at once, not at the end). Ties keep input order. A single
 * pair longer than the token cap still gets a batch of its own.
 */
export function planBatches(lengths: readonly number[], batchSize: number, maxBatchTokens = DEFAULT_MAX_BATCH_TOKENS): number[][] {
  const size = Math.max(1, Math.floor(batchSize) || 1);
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const i of order) {
    // Descending order: the batch's first pair is its longest, so its padded size is count x that.
    const longest = current.length ? lengths[current[0]] : lengths[i];
    if (current.length && (current.length >= size || (current.length + 1) * longest > maxBatchTokens)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length) batches.push(current);
  return batches;
}

export interface BatchTensors {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
  dims: [number, number];
}

/** Row-major [n, longest] int64 tensors, right-padded with `padId` (mask 0, type 0). */
export function buildBatchTensors(pairs: readonly EncodedPair[], padId = 0): BatchTensors {
  const n = pairs.length;
  const len = pairs.reduce((m, p) => Math.max(m, p.inputIds.length), 0);
  const inputIds = new BigInt64Array(n * len).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(n * len);
  const tokenTypeIds = new BigInt64Array(n * len);
  pairs.forEach((p, r) => {
    const base = r * len;
    for (let i = 0; i < p.inputIds.length; i++) {
      inputIds[base + i] = BigInt(p.inputIds[i]);
      attentionMask[base + i] = 1n;
      tokenTypeIds[base + i] = BigInt(p.tokenTypeIds[i]);
    }
  });
  return { inputIds, attentionMask, tokenTypeIds, dims: [n, len] };
}
