// Deterministic weights of a BertForSequenceClassification, named like the Hugging Face checkpoint.
// Layout: matrices consumed by MatMul are stored [in, out] (transposed from PyTorch's nn.Linear,
// as the PyTorch ONNX exporter stores them); the pooler and classifier feed Gemm with transB=1 and
// keep PyTorch's [out, in] layout.
//
// Scale: nn.Linear-like weights have std 1/sqrt(fan_in), not BERT's usual 0.02 init. With 0.02 every
// pair scores nearly the same (logit std ~1e-5), which would make ranking tests meaningless.
import { uniformTensor } from './rng';
import type { BertShape } from './shapes';

export interface WeightTensor { name: string; dims: number[]; data: Float32Array }

export const W = {
  word: 'bert.embeddings.word_embeddings.weight',
  position: 'bert.embeddings.position_embeddings.weight',
  tokenType: 'bert.embeddings.token_type_embeddings.weight',
  embLnW: 'bert.embeddings.LayerNorm.weight',
  embLnB: 'bert.embeddings.LayerNorm.bias',
  layer: (i: number) => {
    const p = `bert.encoder.layer.${i}`;
    return {
      qW: `${p}.attention.self.query.weight`, qB: `${p}.attention.self.query.bias`,
      kW: `${p}.attention.self.key.weight`, kB: `${p}.attention.self.key.bias`,
      vW: `${p}.attention.self.value.weight`, vB: `${p}.attention.self.value.bias`,
      oW: `${p}.attention.output.dense.weight`, oB: `${p}.attention.output.dense.bias`,
      ln1W: `${p}.attention.output.LayerNorm.weight`, ln1B: `${p}.attention.output.LayerNorm.bias`,
      iW: `${p}.intermediate.dense.weight`, iB: `${p}.intermediate.dense.bias`,
      o2W: `${p}.output.dense.weight`, o2B: `${p}.output.dense.bias`,
      ln2W: `${p}.output.LayerNorm.weight`, ln2B: `${p}.output.LayerNorm.bias`,
    };
  },
  poolerW: 'bert.pooler.dense.weight',
  poolerB: 'bert.pooler.dense.bias',
  clsW: 'classifier.weight',
  clsB: 'classifier.bias',
} as const;

export function bertWeights(shape: BertShape, numLabels: number, seed: number): Map<string, WeightTensor> {
  const { vocabSize: V, hidden: H, intermediate: I, maxPositions: P, typeVocab: T } = shape;
  const out = new Map<string, WeightTensor>();
  const add = (name: string, dims: number[], std: number, mean = 0) => {
    out.set(name, { name, dims, data: uniformTensor(seed, name, dims.reduce((a, b) => a * b, 1), std, mean) });
  };
  const linIn = 1 / Math.sqrt(H);
  const bias = 0.1;
  add(W.word, [V, H], 1);
  add(W.position, [P, H], 0.5);
  add(W.tokenType, [T, H], 0.5);
  add(W.embLnW, [H], 0.1, 1);
  add(W.embLnB, [H], 0.1);
  for (let i = 0; i < shape.layers; i++) {
    const n = W.layer(i);
    add(n.qW, [H, H], linIn); add(n.qB, [H], bias);
    add(n.kW, [H, H], linIn); add(n.kB, [H], bias);
    add(n.vW, [H, H], linIn); add(n.vB, [H], bias);
    add(n.oW, [H, H], linIn); add(n.oB, [H], bias);
    add(n.ln1W, [H], 0.1, 1); add(n.ln1B, [H], 0.1);
    add(n.iW, [H, I], linIn); add(n.iB, [I], bias);
    add(n.o2W, [I, H], 1 / Math.sqrt(I)); add(n.o2B, [H], bias);
    add(n.ln2W, [H], 0.1, 1); add(n.ln2B, [H], 0.1);
  }
  add(W.poolerW, [H, H], linIn);
  add(W.poolerB, [H], bias);
  // Classifier rows are seeded by label so the 1-label and 2-label models share row 0.
  const cls = new Float32Array(numLabels * H);
  for (let l = 0; l < numLabels; l++) cls.set(uniformTensor(seed, `${W.clsW}[${l}]`, H, 2 * linIn), l * H);
  out.set(W.clsW, { name: W.clsW, dims: [numLabels, H], data: cls });
  const clsB = new Float32Array(numLabels);
  for (let l = 0; l < numLabels; l++) clsB[l] = uniformTensor(seed, `${W.clsB}[${l}]`, 1, bias)[0];
  out.set(W.clsB, { name: W.clsB, dims: [numLabels], data: clsB });
  return out;
}
