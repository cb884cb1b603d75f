// Defaults shared by the extension and the CLI, and the cross-encoders we know: each publishes ONNX
// weights in `onnx/` plus tokenizer.json, which is what the engine loads. Sizes are the fp32
// `onnx/model.onnx` download. `int8Files` lists the int8 files the repo publishes (as listed on the hub
// when this list was written; the engine checks what is really there at load time): dtype q8 runs the
// one that is right on the user's CPU (int8Files.ts), so Select Model can say what q8 will mean.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { chooseInt8File, type CpuInt8 } from './int8Files';

export const DEFAULT_MODEL = 'cross-encoder/ms-marco-MiniLM-L-6-v2';

export type ModelFamily = 'BERT (WordPiece)' | 'XLM-RoBERTa (SentencePiece)' | 'DeBERTa-v3 (SentencePiece)' | 'ModernBERT (byte-level BPE)' | 'JinaBERT (byte-level BPE)';

export interface KnownModel {
  id: string;
  family: ModelFamily;
  /** Approximate fp32 ONNX download in MB. */
  sizeMb: number;
  /** The model's own token limit. */
  maxTokens: number;
  /** Int8 ONNX files the repo publishes (onnx/...). */
  int8Files: readonly string[];
  /** True when some int8 file exists (dtype q8 can run on some CPU). */
  hasQ8: boolean;
  licence: string;
  notes: string;
}

/** What sentence-transformers' ONNX export (cross-encoder/* repos) publishes: no model_quantized.onnx. */
const ST_INT8 = ['onnx/model_qint8_arm64.onnx', 'onnx/model_qint8_avx512.onnx', 'onnx/model_qint8_avx512_vnni.onnx', 'onnx/model_quint8_avx2.onnx'] as const;
/** What transformers.js conversions (Xenova/*, onnx-community/*) publish. */
const TJS_INT8 = ['onnx/model_quantized.onnx'] as const;

const known = (m: Omit<KnownModel, 'hasQ8'>): KnownModel => ({ ...m, hasQ8: m.int8Files.length > 0 });

export const KNOWN_MODELS: readonly KnownModel[] = [
  known({ id: 'cross-encoder/ms-marco-MiniLM-L-6-v2', family: 'BERT (WordPiece)', sizeMb: 91, maxTokens: 512, int8Files: ST_INT8, licence: 'Apache-2.0', notes: 'Default. English MS MARCO passage reranker, 6 layers. q8 runs model_quint8_avx2 on x86 without VNNI, the VNNI/arm64 file elsewhere.' }),
  known({ id: 'Xenova/ms-marco-MiniLM-L-6-v2', family: 'BERT (WordPiece)', sizeMb: 91, maxTokens: 512, int8Files: TJS_INT8, licence: 'Apache-2.0', notes: 'Same weights as the default, converted for transformers.js, with model_quantized.onnx (~23 MB).' }),
  known({ id: 'cross-encoder/ms-marco-MiniLM-L-12-v2', family: 'BERT (WordPiece)', sizeMb: 134, maxTokens: 512, int8Files: ST_INT8, licence: 'Apache-2.0', notes: 'Deeper MS MARCO reranker: about the same quality as L-6, half the speed.' }),
  known({ id: 'cross-encoder/ms-marco-TinyBERT-L-2-v2', family: 'BERT (WordPiece)', sizeMb: 18, maxTokens: 512, int8Files: ST_INT8, licence: 'Apache-2.0', notes: 'Smallest and fastest MS MARCO reranker (2 layers, hidden 128); lower quality.' }),
  known({ id: 'Xenova/ms-marco-TinyBERT-L-2-v2', family: 'BERT (WordPiece)', sizeMb: 18, maxTokens: 512, int8Files: TJS_INT8, licence: 'Apache-2.0', notes: 'TinyBERT-L-2 converted for transformers.js, with q8 (~4.5 MB).' }),
  known({ id: 'Xenova/bge-reranker-base', family: 'XLM-RoBERTa (SentencePiece)', sizeMb: 1110, maxTokens: 512, int8Files: TJS_INT8, licence: 'MIT', notes: 'BAAI/bge-reranker-base (English and Chinese) for transformers.js; large: prefer q8 (~280 MB).' }),
  known({ id: 'Xenova/bge-reranker-large', family: 'XLM-RoBERTa (SentencePiece)', sizeMb: 2240, maxTokens: 512, int8Files: TJS_INT8, licence: 'MIT', notes: 'BAAI/bge-reranker-large for transformers.js; very large: q8 (~560 MB) recommended.' }),
  known({ id: 'onnx-community/bge-reranker-v2-m3-ONNX', family: 'XLM-RoBERTa (SentencePiece)', sizeMb: 2270, maxTokens: 8192, int8Files: TJS_INT8, licence: 'Apache-2.0', notes: 'BAAI/bge-reranker-v2-m3, multilingual, 8,192 tokens (raise the max length setting to use them; memory grows with the square of the length).' }),
  known({ id: 'jinaai/jina-reranker-v2-base-multilingual', family: 'XLM-RoBERTa (SentencePiece)', sizeMb: 1110, maxTokens: 1024, int8Files: TJS_INT8, licence: 'CC-BY-NC-4.0 (non-commercial use only)', notes: 'Multilingual, 1,024 tokens. NON-COMMERCIAL licence: commercial use needs a licence from Jina AI.' }),
  known({ id: 'mixedbread-ai/mxbai-rerank-xsmall-v1', family: 'DeBERTa-v3 (SentencePiece)', sizeMb: 284, maxTokens: 512, int8Files: TJS_INT8, licence: 'Apache-2.0', notes: 'DeBERTa-v3 reranker, English; q8 ~87 MB.' }),
  known({ id: 'mixedbread-ai/mxbai-rerank-base-v1', family: 'DeBERTa-v3 (SentencePiece)', sizeMb: 740, maxTokens: 512, int8Files: TJS_INT8, licence: 'Apache-2.0', notes: 'Larger mxbai v1 reranker, English.' }),
  known({ id: 'Alibaba-NLP/gte-reranker-modernbert-base', family: 'ModernBERT (byte-level BPE)', sizeMb: 600, maxTokens: 8192, int8Files: TJS_INT8, licence: 'Apache-2.0', notes: 'ModernBERT reranker, English, 8,192 tokens (raise the max length setting to use them).' }),
  known({ id: 'jinaai/jina-reranker-v1-tiny-en', family: 'JinaBERT (byte-level BPE)', sizeMb: 132, maxTokens: 8192, int8Files: TJS_INT8, licence: 'Apache-2.0', notes: 'JinaBERT (ALiBi) reranker, English, 4 layers; q8 ~33 MB.' }),
];

/**
 * The Select Model hint for a known repo's q8: which int8 files it offers and which one would run on
 * this CPU ("q8: model_quint8_avx2.onnx of 4 int8 files"), or why q8 cannot run here.
 */
export function q8Hint(m: KnownModel, cpu: CpuInt8): string {
  if (m.int8Files.length === 0) return 'fp32 only';
  const c = chooseInt8File(m.int8Files, cpu);
  const short = (f: string) => f.replace(/^onnx\//, '');
  const offers = m.int8Files.length === 1 ? short(m.int8Files[0]) : `${m.int8Files.length} int8 files`;
  return c.ok ? `q8 runs ${short(c.file)}${m.int8Files.length > 1 ? ` (of ${offers})` : ''}` : `q8 not right on this CPU (offers ${offers})`;
}

/** Where the CLI caches downloads: $XDG_CACHE_HOME/rerank-lens/models (or the platform's cache folder). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RERANK_LENS_CACHE_DIR) return env.RERANK_LENS_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'rerank-lens', 'models');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'rerank-lens', 'models');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rerank-lens', 'models');
}
