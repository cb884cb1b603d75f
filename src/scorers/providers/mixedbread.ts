// Mixedbread rerank. Source: https://www.mixedbread.com/api-reference/endpoints/reranking
//   POST https://api.mixedbread.com/v1/reranking {model, query, input: [string] (1-1000 items), top_k,
//   return_input, rank_fields} -> {object: "list", model, top_k, return_input,
//   data: [{index, score, input?, object}], usage}
// The score is documented as a relevance score used to order results, not as a probability.
import type { Provider } from './types';
import { listUnder } from './types';

export const MIXEDBREAD: Provider = {
  id: 'mixedbread',
  defaultBaseUrl: 'https://api.mixedbread.com',
  modelRequired: false,
  keyEnv: ['MXBAI_API_KEY'],
  keyRequired: true,
  endpoints: [
    {
      provider: 'mixedbread',
      name: 'mixedbread /v1/reranking',
      path: '/v1/reranking',
      maxBatch: 1000,
      meaning: () => 'relevance',
      body: (query, documents, model) => ({ model: model ?? 'mixedbread-ai/mxbai-rerank-large-v2', query, input: documents, top_k: documents.length, return_input: false }),
      results: (json) => listUnder(json, ['data'], 'score'),
    },
  ],
  limits: '1 to 1,000 documents per request; the query at most 32,000 characters',
};
