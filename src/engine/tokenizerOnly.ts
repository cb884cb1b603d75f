// Loading only a model's tokenizer (tokenizer.json, tokenizer_config.json, and config.json when present
// for the position limit): no ONNX weights, no engine process. For `rerank-lens tokenize` and anything
// else that needs to show what the model sees. A local folder is read directly; a hub id is fetched
// (or read from the cache) by transformers.js, which downloads just the tokenizer files.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { configureHub, configureLocalOnly } from './hfEnv';
import { hubIdProblem } from './hubId';
import { exactPairTokenizer, pairTokenizerFrom, readTokenizerFiles, transformersPairTokenizer, type LoadedPairTokenizer } from './tokenizer';
import { Unsupported } from './hfTokenizer/tokenizer';

export interface TokenizerOnlySpec {
  /** A hub id (owner/name) or an absolute folder path. */
  model: string;
  cacheDir: string;
  offline: boolean;
  hubUrl?: string;
}

export interface TokenizerOnly {
  tokenizer: LoadedPairTokenizer;
  /** The smallest of tokenizer_config's model_max_length and config.json's max_position_embeddings, if any. */
  modelLimit: number | null;
}

/** A failure with what to do about it. */
export class TokenizerLoadError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

function positiveInt(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 1_000_000 ? v : null;
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

function limitOf(tokenizerConfig: Record<string, unknown>, config: Record<string, unknown> | null): number | null {
  const limits = [positiveInt(tokenizerConfig.model_max_length), positiveInt(config?.max_position_embeddings)].filter((x): x is number => x !== null);
  return limits.length ? Math.min(...limits) : null;
}

export async function loadTokenizerOnly(spec: TokenizerOnlySpec): Promise<TokenizerOnly> {
  if (isAbsolute(spec.model)) return loadFolder(spec.model);
  const problem = hubIdProblem(spec.model);
  if (problem) throw new TokenizerLoadError(`"${spec.model}" is not a hub id: ${problem}`, 'Give a hub id such as cross-encoder/ms-marco-MiniLM-L-6-v2, or a model folder.');
  configureHub({ cacheDir: spec.cacheDir, offline: spec.offline, ...(spec.hubUrl ? { hubUrl: spec.hubUrl } : {}) }, null);
  let hf;
  try {
    hf = await AutoTokenizer.from_pretrained(spec.model, { cache_dir: spec.cacheDir, local_files_only: spec.offline });
  } catch (e) {
    throw new TokenizerLoadError(
      `Could not load the tokenizer of ${spec.model}: ${(e as Error).message}`,
      spec.offline ? 'It is not in the cache; run once without --offline to download its tokenizer files.' : 'Check the id and the network (or --hub-url); only tokenizer.json and tokenizer_config.json are needed.',
    );
  }
  const config = readJson(join(spec.cacheDir, spec.model, 'config.json'));
  return { tokenizer: pairTokenizerFrom(hf), modelLimit: limitOf((hf._tokenizerConfig ?? {}) as Record<string, unknown>, config) };
}

async function loadFolder(dir: string): Promise<TokenizerOnly> {
  if (!existsSync(join(dir, 'tokenizer.json'))) {
    throw new TokenizerLoadError(`${join(dir, 'tokenizer.json')} does not exist.`, 'A model folder needs the fast-tokenizer file tokenizer.json (tokenizer_config.json beside it); ONNX weights are not needed to tokenize.');
  }
  let files;
  try {
    files = readTokenizerFiles(dir);
  } catch (e) {
    throw new TokenizerLoadError(`${join(dir, 'tokenizer.json')} is not valid JSON: ${(e as Error).message}`, 'Download the file again; it may be truncated.');
  }
  const modelLimit = limitOf(files.config, readJson(join(dir, 'config.json')));
  try {
    return { tokenizer: exactPairTokenizer(files.json, files.config), modelLimit };
  } catch (e) {
    if (!(e instanceof Unsupported)) throw new TokenizerLoadError(`Cannot use the tokenizer in ${dir}: ${(e as Error).message}`, 'Check tokenizer.json and tokenizer_config.json.');
    configureLocalOnly();
    const hf = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
    return { tokenizer: { ...transformersPairTokenizer(hf), fallbackReason: e.message }, modelLimit };
  }
}
