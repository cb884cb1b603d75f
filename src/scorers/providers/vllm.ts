// vLLM's two scoring endpoints for cross-encoders and LLM rerankers (Qwen3-Reranker, bge-reranker-v2-gemma).
// Source: docs/serving/openai_compatible_server.md ("Score API ... Usually, the score for a sentence pair
// refers to the similarity between two sentences, on a scale of 0 to 1") and
// docs/models/pooling_models/scoring.md in vllm-project/vllm:
//   POST /score {model, text_1: string, text_2: [string]}
//   -> {id, object: "list", model, data: [{index, object: "score", score}], usage}
//   POST /rerank (also /v1/rerank, /v2/rerank): the Cohere/Jina shape, see cohereCompatible.ts.
// Both apply the model's activation (sigmoid for 1-label cross-encoders): the number is a probability.
import { VLLM_RERANK } from './cohereCompatible';
import type { Endpoint, Provider } from './types';
import { listUnder } from './types';

export const VLLM_SCORE: Endpoint = {
  provider: 'vllm',
  name: 'vllm /score',
  path: '/score',
  maxBatch: 256,
  meaning: () => 'probability',
  body: (query, documents, model) => ({ ...(model ? { model } : {}), text_1: query, text_2: documents }),
  results: (json) => listUnder(json, ['data'], 'score'),
};

export const VLLM: Provider = {
  id: 'vllm',
  modelRequired: false,
  keyEnv: [],
  keyRequired: false,
  // The first endpoint is the default; a base URL ending in /score picks the second.
  endpoints: [VLLM_RERANK, VLLM_SCORE, { ...VLLM_RERANK, path: '/v1/rerank' }, { ...VLLM_RERANK, path: '/v2/rerank' }, { ...VLLM_SCORE, path: '/v1/score' }],
  limits: 'no per-request cap; the server batches internally (--max-num-seqs, --max-model-len); sent in requests of 256',
};
