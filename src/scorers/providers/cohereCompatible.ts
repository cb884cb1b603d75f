// The Cohere rerank shape, which Jina, Infinity and vLLM's /rerank also speak:
//   request  {model, query, documents: [string], top_n}
//   answer   {results: [{index, relevance_score, document?}], ...}, sorted by relevance.
// Sources (read 2026-11):
// - Cohere: https://docs.cohere.com/reference/rerank (POST https://api.cohere.com/v2/rerank; `model`
//   required; "we recommend against sending more than 1,000 documents in a single request";
//   max_tokens_per_doc defaults to 4096) and https://docs.cohere.com/docs/reranking-best-practices
//   (at most 10,000 documents, 2,048 query tokens). relevance_score is a normalised 0..1 relevance,
//   documented as a relevance score, not as a calibrated probability.
// - Jina: https://jina.ai/reranker (POST https://api.jina.ai/v1/rerank, {model, query, documents, top_n,
//   return_documents} -> {model, usage: {total_tokens}, results: [{index, document?, relevance_score}]}).
//   No per-request document cap is documented there; 512 keeps one request moderate, 413 splits.
// - Infinity: libs/infinity_emb/infinity_emb/fastapi_schemas/pymodels.py in michaelfeil/infinity
//   (RerankInput {query, documents (1..2048 items), return_documents, raw_scores, model, top_n};
//   ReRankResult {object: "rerank", results: [{relevance_score, index, document?}], model, usage};
//   versions before 0.0.5x answered under `data`). relevance_score is the cross-encoder's sigmoid
//   unless raw_scores is true.
// - vLLM: docs/serving/openai_compatible_server.md and docs/models/pooling_models/scoring.md
//   ("Rerank API (/rerank, /v1/rerank, /v2/rerank)", Jina- and Cohere-compatible; the score of a
//   1-label cross-encoder goes through the model's activation, sigmoid: a 0..1 probability). No
//   per-request cap: the server batches internally (--max-num-seqs).
import type { Endpoint, EndpointOptions, Provider } from './types';
import { listUnder } from './types';

function cohereStyle(provider: Endpoint['provider'], path: string, maxBatch: number, meaning: Endpoint['meaning'], extra?: (o: EndpointOptions) => Record<string, unknown>): Endpoint {
  return {
    provider,
    name: `${provider} ${path}`,
    path,
    maxBatch,
    meaning,
    body: (query, documents, model, opts) => ({ ...(model ? { model } : {}), query, documents, top_n: documents.length, ...(extra ? extra(opts) : {}) }),
    results: (json) => listUnder(json, ['results', 'data'], 'relevance_score'),
  };
}

export const COHERE: Provider = {
  id: 'cohere',
  defaultBaseUrl: 'https://api.cohere.com',
  modelRequired: true,
  keyEnv: ['COHERE_API_KEY'],
  keyRequired: true,
  endpoints: [cohereStyle('cohere', '/v2/rerank', 1000, () => 'relevance')],
  limits: '1,000 documents per request recommended (10,000 at most), documents truncated at max_tokens_per_doc (default 4,096 tokens)',
};

export const JINA: Provider = {
  id: 'jina',
  defaultBaseUrl: 'https://api.jina.ai',
  modelRequired: false,
  keyEnv: ['JINA_API_KEY'],
  keyRequired: true,
  // Jina returns each document's text unless told not to: half the bytes for nothing.
  endpoints: [cohereStyle('jina', '/v1/rerank', 512, () => 'relevance', () => ({ return_documents: false }))],
  limits: 'no per-request document cap documented; sent in requests of 512, split on 413',
};

export const INFINITY: Provider = {
  id: 'infinity',
  modelRequired: false,
  keyEnv: [],
  keyRequired: false,
  endpoints: [cohereStyle('infinity', '/rerank', 2048, (o) => (o.rawScores ? 'logit' : 'probability'), (o) => (o.rawScores ? { raw_scores: true } : {}))],
  limits: '1 to 2,048 documents per request (pydantic schema)',
};

export const VLLM_RERANK: Endpoint = cohereStyle('vllm', '/rerank', 256, () => 'probability');
