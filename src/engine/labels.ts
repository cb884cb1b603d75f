// From logits to the two numbers the UI shows.
//
// Single-logit cross-encoders (ms-marco-MiniLM, bge-reranker, mxbai-rerank, ...): score = the raw
// logit, exactly what CrossEncoder.predict returns by default; probability = sigmoid(logit), what it
// returns with a Sigmoid activation.
//
// Models with two or more labels (e.g. a [not relevant, relevant] classifier or an NLI model): the
// score label is the first whose name means "this pair matches" (relevant, positive, entailment, yes,
// true, match; LABEL_1 of a two-label model), otherwise the last label. score = that label's raw logit,
// probability = softmax over all labels at that index. The choice is reported in ModelInfo
// (scoreLabelIndex, labels) so the UI can say which label it ranks by.
import { sigmoid } from '../core/sigmoid';

const POSITIVE = /^(relevant|positive|pos|entailment|entail|entailed|yes|true|match|matched|similar|related|paraphrase|duplicate)$/;

export function chooseScoreLabel(labels: readonly string[]): number {
  if (labels.length <= 1) return 0;
  const norm = labels.map((l) => l.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const named = norm.findIndex((l) => POSITIVE.test(l));
  if (named >= 0) return named;
  if (labels.length === 2 && norm[1] === 'label_1') return 1;
  return labels.length - 1;
}

/** Label names in index order from config.json's id2label (LABEL_i where missing). */
export function labelsFromConfig(id2label: unknown, numLabels: number): string[] {
  const out: string[] = [];
  const map = typeof id2label === 'object' && id2label !== null ? (id2label as Record<string, unknown>) : {};
  for (let i = 0; i < numLabels; i++) {
    const v = map[String(i)];
    out.push(typeof v === 'string' ? v : `LABEL_${i}`);
  }
  return out;
}

export { sigmoid };

export function scoreRow(row: ArrayLike<number>, scoreIndex: number): { score: number; probability: number } {
  if (row.length === 1) return { score: row[0], probability: sigmoid(row[0]) };
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return { score: row[scoreIndex], probability: Math.exp(row[scoreIndex] - max) / sum };
}
