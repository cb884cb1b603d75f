// A lab query for the webview tests: candidates `${id}-d0..` with the given reranker logits, the
// retriever's scores falling with rank, and optional graded labels.
import type { EvalQuery } from '../../../src/core/eval/queries';

export const labQuery = (id: string, logits: number[], qrels?: Record<string, number>): EvalQuery => ({
  queryId: id,
  query: `query ${id}`,
  retrieverKind: 'similarity',
  candidates: logits.map((score, i) => ({ id: `${id}-d${i}`, retrieverScore: 1 - i / 10, score, probability: 1 / (1 + Math.exp(-score)) })),
  ...(qrels ? { qrels } : {}),
});
