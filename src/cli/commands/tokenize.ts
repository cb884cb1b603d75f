// `rerank-lens tokenize INPUT --model M [--query Q] [--max-length N] [--format json]`: what the model
// sees for each (query, chunk) pair: input ids, token type ids (when the tokenizer gives the two texts
// different ones), the tokens, and where longest-first truncation cut the query and the chunk. It
// reads the input like `rerank` (load.ts) and needs only the tokenizer files of the model folder or
// hub repo (engine/tokenizerOnly.ts): no ONNX weights, no engine process.
import { encodePairText, encodeChunkForPair, type EncodedPair } from '../../engine/encode';
import { loadTokenizerOnly, TokenizerLoadError } from '../../engine/tokenizerOnly';
import type { LoadedPairTokenizer } from '../../engine/tokenizer';
import { printError as printCliError, type CliIo } from '../io';
import { chooseSets, loadInput, reportInput } from '../load';
import { parseOptions, UsageError, type CliOptions } from '../options';
import { oneLine } from '../output';
import type { Subcommand, SubcommandDeps } from './subcommand';

export const TOKENIZE_USAGE = `Usage: rerank-lens tokenize INPUT --model M [--query Q] [--max-length N] [--format json]

Shows what the cross-encoder sees for each (query, chunk) pair of INPUT, encoded exactly as
sentence-transformers encodes it (Hugging Face tokenizers, longest-first truncation): the input ids,
the token type ids (for tokenizers that give query and chunk different ones), the tokens, and where
truncation cut the query and the chunk (as a character offset into each text).

Only the model's tokenizer files are needed (tokenizer.json, tokenizer_config.json): a model folder
without onnx/ works, and for a hub id only those files are downloaded.

  --model ID|DIR         hub id or model folder (default as for rerank)
  --query Q              the query (for inputs without one, or to replace theirs)
  --query-index N        only the N-th query set of a multi-query file
  --max-length N         max tokens per pair (default 512, capped by the tokenizer's model_max_length)
  --format table|json    output format (default table)
  --offline, --hub-url URL, --cache-dir DIR, --text-path ..., --max-file-size-mb N  as for rerank
  -h, --help             show this help

Exit codes: 0 done, 1 the tokenizer could not be loaded, 2 bad usage or input.
`;

const REFUSED = ['threshold', 'activation', 'export', 'export-style', 'top-k', 'batch-size', 'threads', 'dtype', 'scorer', 'max-pairs'];

export function parseTokenizeOptions(argv: string[]): CliOptions | 'help' {
  for (const arg of argv) {
    if (arg === '--') break;
    const name = /^--([a-z-]+)/.exec(arg)?.[1];
    if (name && REFUSED.includes(name)) throw new UsageError(`--${name} is a rerank option; tokenize does not use it.`, 'Leave it out; see rerank-lens tokenize --help.');
  }
  return parseOptions(['rerank', ...argv]);
}

export interface TokenizedPair {
  index: number;
  id?: string;
  inputIds: number[];
  /** Only when the tokenizer gives query and chunk different type ids. */
  tokenTypeIds?: number[];
  tokens: string[];
  attentionMask: number[];
  queryTokens: number;
  queryTokensKept: number;
  /** True when `queryTokens` is a lower bound (only the part that matters was tokenized). */
  queryTokensAtLeast: boolean;
  chunkTokens: number;
  chunkTokensKept: number;
  chunkTokensAtLeast: boolean;
  /** Character (UTF-16) offset in the query / chunk where the dropped part begins; null when none was. */
  queryCutAtChar: number | null;
  chunkCutAtChar: number | null;
}

interface TokenizedSet {
  setIndex: number;
  query: string;
  queryId?: string;
  pairs: TokenizedPair[];
}

function toPair(tok: LoadedPairTokenizer, index: number, id: string | undefined, p: EncodedPair): TokenizedPair {
  return {
    index,
    ...(id !== undefined ? { id } : {}),
    inputIds: p.inputIds,
    ...(tok.hasTokenTypes ? { tokenTypeIds: p.tokenTypeIds } : {}),
    tokens: p.inputIds.map((i) => tok.idToToken?.(i) ?? `<${i}>`),
    attentionMask: p.inputIds.map(() => 1),
    queryTokens: p.queryTokens,
    queryTokensKept: p.queryTokensKept,
    queryTokensAtLeast: p.queryTokensIsLowerBound,
    chunkTokens: p.chunkTokens,
    chunkTokensKept: p.chunkTokensKept,
    chunkTokensAtLeast: p.chunkTokensIsLowerBound,
    queryCutAtChar: p.queryTruncatedAtChar,
    chunkCutAtChar: p.truncatedAtChar,
  };
}

function count(n: number, atLeast: boolean): string {
  return `${atLeast ? 'at least ' : ''}${n}`;
}

function cutLine(what: string, text: string, kept: number, total: number, atLeast: boolean, at: number | null): string {
  if (at === null) return `  ${what}: all ${count(total, atLeast)} tokens kept`;
  return `  ${what}: ${kept} of ${count(total, atLeast)} tokens kept, cut at character ${at}: ${JSON.stringify(oneLine(text.slice(at), 50))} never seen`;
}

function formatTable(model: string, tok: LoadedPairTokenizer, maxLength: number, sets: TokenizedSet[], texts: string[][], width: number): string {
  const lines = [`model ${model}: ${tok.engine === 'exact' ? 'tokenized as Hugging Face tokenizers does' : `transformers.js tokenizer (${tok.fallbackReason ?? 'fallback'})`}, max length ${maxLength}`];
  sets.forEach((s, si) => {
    lines.push('', `query${sets.length > 1 ? ` [set ${s.setIndex}]` : ''}: ${oneLine(s.query, Math.max(20, width - 8))}`);
    for (const p of s.pairs) {
      lines.push('', `chunk ${oneLine(p.id ?? `#${p.index + 1}`, 30)}: ${p.inputIds.length} tokens`);
      lines.push(`  input_ids: ${p.inputIds.join(' ')}`);
      if (p.tokenTypeIds) lines.push(`  token_type_ids: ${p.tokenTypeIds.join(' ')}`);
      lines.push(`  tokens: ${p.tokens.map((t) => JSON.stringify(t)).join(' ')}`);
      lines.push(cutLine('query', s.query, p.queryTokensKept, p.queryTokens, p.queryTokensAtLeast, p.queryCutAtChar));
      lines.push(cutLine('chunk', texts[si][p.index], p.chunkTokensKept, p.chunkTokens, p.chunkTokensAtLeast, p.chunkCutAtChar));
    }
  });
  return `${lines.join('\n')}\n`;
}

const printError = (io: CliIo, error: { message: string; hint?: string }): void => printCliError(io, error, 'tokenize');

async function run(argv: string[], deps: SubcommandDeps): Promise<number> {
  const { io } = deps;
  let opts: CliOptions | 'help';
  try {
    opts = parseTokenizeOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      printError(io, e);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    io.stdout.write(TOKENIZE_USAGE);
    return 0;
  }
  const loaded = await loadInput(opts, io);
  if (!reportInput(loaded, opts, io)) return 2;
  let chosen;
  try {
    chosen = chooseSets(loaded, opts);
  } catch (e) {
    if (e instanceof UsageError) {
      printError(io, e);
      return 2;
    }
    throw e;
  }
  let loadedTok;
  try {
    loadedTok = await loadTokenizerOnly({ model: opts.model, cacheDir: opts.cacheDir, offline: opts.offline, ...(opts.hubUrl ? { hubUrl: opts.hubUrl } : {}) });
  } catch (e) {
    printError(io, e instanceof TokenizerLoadError ? e : { message: (e as Error).message });
    return 1;
  }
  const tok = loadedTok.tokenizer;
  const maxLength = Math.min(opts.maxLength ?? 512, loadedTok.modelLimit ?? Infinity);
  const sets: TokenizedSet[] = [];
  const texts: string[][] = [];
  for (const c of chosen) {
    const q = encodeChunkForPair(tok, c.set.query, maxLength);
    sets.push({
      setIndex: c.index,
      query: c.set.query,
      ...(c.set.queryId !== undefined ? { queryId: c.set.queryId } : {}),
      pairs: c.set.chunks.map((chunk, i) => toPair(tok, i, chunk.id, encodePairText(tok, q, chunk.text, maxLength))),
    });
    texts.push(c.set.chunks.map((chunk) => chunk.text));
  }
  if (opts.format === 'json') {
    const out = {
      model: opts.model,
      tokenizer: { engine: tok.engine, ...(tok.fallbackReason ? { fallbackReason: tok.fallbackReason } : {}), tokenTypeIds: tok.hasTokenTypes, maxLength },
      queries: sets,
    };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    io.stdout.write(formatTable(opts.model, tok, maxLength, sets, texts, 120));
  }
  return 0;
}

export const tokenizeCommand: Subcommand = {
  summary: 'show the input ids, token type ids and tokens of each pair, and where truncation cut it',
  run,
};
