// The model's OUTPUT labels (its logits), from logits to the numbers the UI shows, and the activation
// sentence-transformers applies to them. (Relevance judgments, qrels, live in src/core/labels/qrels.ts.)
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

export type ActivationFn = 'identity' | 'sigmoid' | 'softmax';
export interface ActivationInfo { fn: ActivationFn; reason: string }

/**
 * What sentence-transformers' CrossEncoder.predict applies to the logits by default
 * (CrossEncoder.get_default_activation_fn, sentence-transformers >= 4): config.json's
 * `sentence_transformers.activation_fn` (or the older `sbert_ce_default_activation_function`) when it
 * is a torch.* class (other dotted paths need trust_remote_code and are ignored with a warning there);
 * otherwise Sigmoid for a one-label model and Identity for more labels. Models with several labels keep
 * this tool's rule (score = the chosen label's logit, probability = softmax), so a configured Sigmoid
 * or Softmax on them is reported as softmax.
 */
export function activationFromConfig(config: unknown, numLabels: number): ActivationInfo {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const st = typeof c.sentence_transformers === 'object' && c.sentence_transformers !== null ? (c.sentence_transformers as Record<string, unknown>) : {};
  const fromSt = typeof st.activation_fn === 'string' ? st.activation_fn : null;
  const legacy = typeof c.sbert_ce_default_activation_function === 'string' ? c.sbert_ce_default_activation_function : null;
  const path = fromSt ?? legacy;
  const field = fromSt ? 'sentence_transformers.activation_fn' : 'sbert_ce_default_activation_function';
  const fallback = (why: string): ActivationInfo =>
    numLabels === 1
      ? { fn: 'sigmoid', reason: `${why}; sentence-transformers then applies Sigmoid to a one-label model` }
      : { fn: 'identity', reason: `${why}; ${numLabels} labels: ranked by the chosen label's raw logit (probability = softmax over labels)` };
  if (!path) return fallback('config.json names no activation_fn');
  if (!path.startsWith('torch.')) return fallback(`config.json's ${field} "${path}" is custom code, which sentence-transformers only runs with trust_remote_code`);
  const name = path.split('.').pop() ?? '';
  if (numLabels > 1) {
    const fn: ActivationFn = name === 'Identity' ? 'identity' : 'softmax';
    return { fn, reason: `config.json: ${field} = ${path}; ${numLabels} labels: ranked by the chosen label (${fn === 'identity' ? 'raw logit' : 'softmax probability'})` };
  }
  if (name === 'Identity') return { fn: 'identity', reason: `config.json: ${field} = ${path} (raw logit)` };
  if (name === 'Sigmoid') return { fn: 'sigmoid', reason: `config.json: ${field} = ${path} (probability)` };
  return { fn: 'identity', reason: `config.json: ${field} = ${path}, which Rerank Lens does not apply; showing the raw logit` };
}
