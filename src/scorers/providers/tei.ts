// Hugging Face Text Embeddings Inference. Sources: router/src/http/types.rs and server.rs in
// huggingface/text-embeddings-inference, and docs/source/en/cli_arguments.md:
//   POST /rerank {query, texts: [string], truncate, raw_scores, return_text}
//   -> [{index, score, text?}] sorted by score
// raw_scores=false (TEI's default) answers sigmoid(logit); true answers the raw logit, which is what the
// local engine shows, so Rerank Lens asks for raw scores unless told otherwise.
// Errors are {error, error_type}: Validation -> 413 (among others "batch size N > maximum allowed batch
// size M": --max-client-batch-size, default 32), Tokenizer -> 422, Overloaded -> 429, Backend -> 424,
// Unhealthy -> 503.
import type { Provider } from './types';

export const TEI: Provider = {
  id: 'tei',
  modelRequired: false,
  keyEnv: [],
  keyRequired: false,
  endpoints: [
    {
      provider: 'tei',
      name: 'tei /rerank',
      path: '/rerank',
      maxBatch: 32,
      meaning: (o) => (o.rawScores === false ? 'probability' : 'logit'),
      body: (query, documents, _model, o) => ({ query, texts: documents, raw_scores: o.rawScores !== false, truncate: true }),
      results: (json) => {
        if (!Array.isArray(json)) return 'the answer is not a JSON list of {index, score}';
        return json.map((r) => (typeof r === 'object' && r !== null ? { index: (r as { index?: unknown }).index, score: (r as { score?: unknown }).score } : { index: undefined, score: undefined }));
      },
    },
  ],
  limits: '--max-client-batch-size texts per request (default 32; a larger batch is a 413 naming the limit, which Rerank Lens adopts); longer pairs truncated to the model limit',
};

/** TEI's 413 names its limit: "batch size 40 > maximum allowed batch size 32". */
export function teiBatchLimit(message: string): number | undefined {
  const m = /maximum allowed batch size (\d+)/i.exec(message);
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
