// What differs between rerank servers: the path, the request body, where the scores sit in the answer,
// what the number means, and how many documents one request may carry. Everything else (batching,
// retries, validation, errors) is shared in ../remote.ts.
import type { ScoreMeaning } from '../../session/scorer';

export type ProviderId = 'cohere' | 'jina' | 'voyage' | 'mixedbread' | 'tei' | 'infinity' | 'vllm';

export const PROVIDER_IDS: readonly ProviderId[] = ['cohere', 'jina', 'voyage', 'mixedbread', 'tei', 'infinity', 'vllm'];

/** One result as the server wrote it: index and score are checked by the client, not here. */
export interface RawResult {
  index: unknown;
  score: unknown;
}

export interface EndpointOptions {
  /** TEI and Infinity: ask for the raw logit instead of the sigmoid probability. */
  rawScores?: boolean;
}

/** One endpoint of one provider (vLLM has two: /rerank and /score). */
export interface Endpoint {
  provider: ProviderId;
  /** 'vllm /score' etc., for messages. */
  name: string;
  /** Appended to the base URL. */
  path: string;
  meaning(opts: EndpointOptions): ScoreMeaning;
  /** Documents per request the provider documents (or its default server flag allows). */
  maxBatch: number;
  /** Rough cap on query+document characters per request, for token-limited APIs (Voyage). */
  maxBatchChars?: number;
  body(query: string, documents: readonly string[], model: string | undefined, opts: EndpointOptions): unknown;
  /** The result list, or a sentence saying what is missing from the answer. */
  results(json: unknown): RawResult[] | string;
}

export interface Provider {
  id: ProviderId;
  /** Hosted APIs: the public base URL, used when the SPEC's URL is empty. */
  defaultBaseUrl?: string;
  modelRequired: boolean;
  /** Environment variables holding the key, in the order they are tried (after RERANK_LENS_API_KEY). */
  keyEnv: string[];
  /** Hosted APIs refuse requests without a key; self-hosted servers usually run without one. */
  keyRequired: boolean;
  endpoints: Endpoint[];
  /** One line on limits for messages and the README. */
  limits: string;
}

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{<listKey>: [{index, <scoreKey>}]}`, the shape of every Cohere-style answer. */
export function listUnder(json: unknown, listKeys: readonly string[], scoreKey: string): RawResult[] | string {
  if (!isObj(json)) return 'the answer is not a JSON object';
  const key = listKeys.find((k) => Array.isArray(json[k]));
  if (!key) return `the answer has no "${listKeys.join('" or "')}" list`;
  return (json[key] as unknown[]).map((r) => (isObj(r) ? { index: r.index, score: r[scoreKey] } : { index: undefined, score: undefined }));
}
