// Voyage AI rerank. Source: the Voyage API reference as published in its TypeScript SDK
// (voyageai RerankRequest: "The number of documents cannot exceed 1000"; query token limits per model;
// "the total number of tokens, defined as the number of query tokens x the number of documents + sum of
// the number of tokens in all documents, cannot exceed" 100K (rerank-1) to 600K (rerank-2)) and
// https://docs.voyageai.com/reference/reranker-api:
//   POST https://api.voyageai.com/v1/rerank {query, documents, model, top_k, return_documents, truncation}
//   -> {object: "list", data: [{index, relevance_score, document?}], model, usage: {total_tokens}}
// relevance_score is documented as a relevance score (higher is more relevant), not a probability.
import type { Provider } from './types';
import { listUnder } from './types';

export const VOYAGE: Provider = {
  id: 'voyage',
  defaultBaseUrl: 'https://api.voyageai.com',
  modelRequired: true,
  keyEnv: ['VOYAGE_API_KEY'],
  keyRequired: true,
  endpoints: [
    {
      provider: 'voyage',
      name: 'voyage /v1/rerank',
      path: '/v1/rerank',
      maxBatch: 1000,
      // The smallest total-token budget (100K tokens, rerank-1) at a conservative 3 characters a token.
      maxBatchChars: 300_000,
      meaning: () => 'relevance',
      body: (query, documents, model) => ({ query, documents, model, top_k: documents.length, truncation: true }),
      results: (json) => listUnder(json, ['data'], 'relevance_score'),
    },
  ],
  limits: '1,000 documents per request; 100K-600K total tokens per request depending on the model (query tokens x documents + document tokens)',
};
