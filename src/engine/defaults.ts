// Defaults shared by the extension and the CLI, and the cross-encoders we know work here: each
// publishes ONNX weights in `onnx/` plus tokenizer.json, which is what transformers.js loads. Sizes are
// the fp32 `onnx/model.onnx` download (q8 = `onnx/model_quantized.onnx`, when the repo publishes one).

import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_MODEL = 'cross-encoder/ms-marco-MiniLM-L-6-v2';

export interface KnownModel {
  id: string;
  /** Approximate fp32 ONNX download in MB. */
  sizeMb: number;
  /** True when the repo publishes onnx/model_quantized.onnx (dtype q8). */
  hasQ8: boolean;
  notes: string;
}

export const KNOWN_MODELS: readonly KnownModel[] = [
  { id: 'cross-encoder/ms-marco-MiniLM-L-6-v2', sizeMb: 91, hasQ8: false, notes: 'Default. English MS MARCO passage reranker, 6 layers, 512 tokens; fp32 ONNX only (use Xenova/ms-marco-MiniLM-L-6-v2 for q8).' },
  { id: 'Xenova/ms-marco-MiniLM-L-6-v2', sizeMb: 91, hasQ8: true, notes: 'Same weights as the default, converted for transformers.js, with an int8 copy (q8, ~23 MB).' },
  { id: 'cross-encoder/ms-marco-MiniLM-L-12-v2', sizeMb: 134, hasQ8: false, notes: 'Deeper MS MARCO reranker: about the same quality as L-6, half the speed.' },
  { id: 'cross-encoder/ms-marco-TinyBERT-L-2-v2', sizeMb: 18, hasQ8: false, notes: 'Smallest and fastest MS MARCO reranker (2 layers, hidden 128); lower quality.' },
  { id: 'Xenova/ms-marco-TinyBERT-L-2-v2', sizeMb: 18, hasQ8: true, notes: 'TinyBERT-L-2 converted for transformers.js, with q8 (~4.5 MB).' },
  { id: 'Xenova/bge-reranker-base', sizeMb: 1110, hasQ8: true, notes: 'BAAI/bge-reranker-base (XLM-RoBERTa, English and Chinese) for transformers.js; large: prefer q8 (~280 MB).' },
  { id: 'mixedbread-ai/mxbai-rerank-xsmall-v1', sizeMb: 284, hasQ8: true, notes: 'DeBERTa-v3 reranker, English; q8 ~87 MB.' },
  { id: 'jinaai/jina-reranker-v1-tiny-en', sizeMb: 132, hasQ8: true, notes: 'JinaBERT (ALiBi) reranker, English, 4 layers; q8 ~33 MB. Its tokenizer is byte-level BPE.' },
];

/** Where the CLI caches downloads: $XDG_CACHE_HOME/rerank-lens/models (or the platform's cache folder). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RERANK_LENS_CACHE_DIR) return env.RERANK_LENS_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'rerank-lens', 'models');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'rerank-lens', 'models');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rerank-lens', 'models');
}
