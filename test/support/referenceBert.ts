// An independent forward pass of a BertForSequenceClassification in plain TypeScript (float64), used to
// check the ONNX graphs the generator writes and the engine's scores. It reads config.json and the
// weights (ONNX initializers, by their Hugging Face names) from a hub-layout folder, and does the math
// the way the BERT paper / Hugging Face modeling_bert describe it, without onnxruntime:
//   embeddings (word + position + token type) -> LayerNorm
//   per layer: multi-head self-attention (padding keys excluded) -> dense -> residual LayerNorm
//              -> dense -> exact GELU -> dense -> residual LayerNorm
//   pooler: tanh(W h[CLS] + b); classifier: W pooled + b.
// Layouts (see scripts/testModel/weights.ts): encoder matrices are stored [in, out]; pooler and
// classifier [out, in].
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeInitializers, rawToFloat32 } from '../../scripts/testModel/onnxSchema';

export interface ReferenceBatch { inputIds: number[][]; tokenTypeIds: number[][]; attentionMask: number[][] }

interface BertConfig {
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  layer_norm_eps: number;
  max_position_embeddings: number;
  vocab_size: number;
  num_labels: number;
}

interface Loaded { config: BertConfig; w: (name: string) => Float32Array }

const cache = new Map<string, Loaded>();

function load(modelDir: string): Loaded {
  const hit = cache.get(modelDir);
  if (hit) return hit;
  const raw = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8'));
  const numLabels = raw.id2label ? Object.keys(raw.id2label).length : (raw.num_labels ?? 2);
  const config: BertConfig = { ...raw, num_labels: numLabels, layer_norm_eps: raw.layer_norm_eps ?? 1e-12 };
  const inits = decodeInitializers(readFileSync(join(modelDir, 'onnx/model.onnx')));
  const floats = new Map<string, Float32Array>();
  const w = (name: string): Float32Array => {
    let f = floats.get(name);
    if (!f) {
      const t = inits.get(name);
      if (!t) throw new Error(`reference: weight ${name} not in ${modelDir}/onnx/model.onnx`);
      f = rawToFloat32(t.raw);
      floats.set(name, f);
    }
    return f;
  };
  const loaded = { config, w };
  cache.set(modelDir, loaded);
  return loaded;
}

/** y[S, out] = x[S, in] · W[in, out] + b */
function denseInOut(x: Float64Array, S: number, nIn: number, W: Float32Array, b: Float32Array, nOut: number): Float64Array {
  const y = new Float64Array(S * nOut);
  for (let s = 0; s < S; s++) {
    for (let o = 0; o < nOut; o++) {
      let acc = b[o];
      for (let i = 0; i < nIn; i++) acc += x[s * nIn + i] * W[i * nOut + o];
      y[s * nOut + o] = acc;
    }
  }
  return y;
}

/** y[out] = W[out, in] · x[in] + b */
function denseOutIn(x: Float64Array, nIn: number, W: Float32Array, b: Float32Array, nOut: number): Float64Array {
  const y = new Float64Array(nOut);
  for (let o = 0; o < nOut; o++) {
    let acc = b[o];
    for (let i = 0; i < nIn; i++) acc += W[o * nIn + i] * x[i];
    y[o] = acc;
  }
  return y;
}

function layerNorm(x: Float64Array, S: number, H: number, gamma: Float32Array, beta: Float32Array, eps: number): Float64Array {
  const y = new Float64Array(S * H);
  for (let s = 0; s < S; s++) {
    let mean = 0;
    for (let i = 0; i < H; i++) mean += x[s * H + i];
    mean /= H;
    let variance = 0;
    for (let i = 0; i < H; i++) variance += (x[s * H + i] - mean) ** 2;
    variance /= H;
    const inv = 1 / Math.sqrt(variance + eps);
    for (let i = 0; i < H; i++) y[s * H + i] = (x[s * H + i] - mean) * inv * gamma[i] + beta[i];
  }
  return y;
}

/** erf to ~1e-15: Maclaurin series for |x| < 3, Laplace continued fraction of erfc beyond. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let t = ax;
  for (let k = 80; k >= 1; k--) t = ax + k / 2 / t;
  const erfc = Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * t);
  return Math.sign(x) * (1 - erfc);
}

const gelu = (v: number): number => 0.5 * v * (1 + erf(v / Math.SQRT2));

function forwardOne(m: Loaded, ids: number[], types: number[], mask: number[]): number[] {
  const { config: c, w } = m;
  const H = c.hidden_size;
  const I = c.intermediate_size;
  const nh = c.num_attention_heads;
  const hd = H / nh;
  const S = ids.length;
  if (S > c.max_position_embeddings) throw new Error(`reference: ${S} tokens exceed ${c.max_position_embeddings} positions`);

  const word = w('bert.embeddings.word_embeddings.weight');
  const pos = w('bert.embeddings.position_embeddings.weight');
  const typ = w('bert.embeddings.token_type_embeddings.weight');
  let h: Float64Array = new Float64Array(S * H);
  for (let s = 0; s < S; s++) {
    if (ids[s] < 0 || ids[s] >= c.vocab_size) throw new Error(`reference: token id ${ids[s]} outside the vocabulary`);
    for (let i = 0; i < H; i++) h[s * H + i] = word[ids[s] * H + i] + pos[s * H + i] + typ[types[s] * H + i];
  }
  h = layerNorm(h, S, H, w('bert.embeddings.LayerNorm.weight'), w('bert.embeddings.LayerNorm.bias'), c.layer_norm_eps);

  // Keys a query may attend to: the unmasked ones (all of them if the row is entirely masked,
  // which is what an additive mask does: the constant shift cancels in the softmax).
  let keys = mask.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
  if (keys.length === 0) keys = ids.map((_, i) => i);

  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `bert.encoder.layer.${l}`;
    const q = denseInOut(h, S, H, w(`${p}.attention.self.query.weight`), w(`${p}.attention.self.query.bias`), H);
    const k = denseInOut(h, S, H, w(`${p}.attention.self.key.weight`), w(`${p}.attention.self.key.bias`), H);
    const v = denseInOut(h, S, H, w(`${p}.attention.self.value.weight`), w(`${p}.attention.self.value.bias`), H);
    const ctx = new Float64Array(S * H);
    const scores = new Float64Array(keys.length);
    for (let head = 0; head < nh; head++) {
      const off = head * hd;
      for (let s = 0; s < S; s++) {
        let max = -Infinity;
        for (let j = 0; j < keys.length; j++) {
          let dot = 0;
          for (let d = 0; d < hd; d++) dot += q[s * H + off + d] * k[keys[j] * H + off + d];
          scores[j] = dot / Math.sqrt(hd);
          max = Math.max(max, scores[j]);
        }
        let sum = 0;
        for (let j = 0; j < keys.length; j++) {
          scores[j] = Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (let j = 0; j < keys.length; j++) {
          const pr = scores[j] / sum;
          for (let d = 0; d < hd; d++) ctx[s * H + off + d] += pr * v[keys[j] * H + off + d];
        }
      }
    }
    const attn = denseInOut(ctx, S, H, w(`${p}.attention.output.dense.weight`), w(`${p}.attention.output.dense.bias`), H);
    for (let i = 0; i < S * H; i++) attn[i] += h[i];
    const h1 = layerNorm(attn, S, H, w(`${p}.attention.output.LayerNorm.weight`), w(`${p}.attention.output.LayerNorm.bias`), c.layer_norm_eps);
    const inter = denseInOut(h1, S, H, w(`${p}.intermediate.dense.weight`), w(`${p}.intermediate.dense.bias`), I);
    for (let i = 0; i < inter.length; i++) inter[i] = gelu(inter[i]);
    const out = denseInOut(inter, S, I, w(`${p}.output.dense.weight`), w(`${p}.output.dense.bias`), H);
    for (let i = 0; i < S * H; i++) out[i] += h1[i];
    h = layerNorm(out, S, H, w(`${p}.output.LayerNorm.weight`), w(`${p}.output.LayerNorm.bias`), c.layer_norm_eps);
  }

  const pooled = denseOutIn(h.subarray(0, H), H, w('bert.pooler.dense.weight'), w('bert.pooler.dense.bias'), H).map(Math.tanh);
  return Array.from(denseOutIn(pooled, H, w('classifier.weight'), w('classifier.bias'), c.num_labels));
}

/**
 * Logits of each row of a (possibly right-padded) batch: shape [rows][numLabels]. Padding positions
 * (attention mask 0) are never attended to, so a padded row scores like the same row unpadded.
 */
export function referenceLogits(modelDir: string, batch: ReferenceBatch): number[][] {
  const m = load(modelDir);
  return batch.inputIds.map((ids, r) => forwardOne(m, ids, batch.tokenTypeIds[r], batch.attentionMask[r]));
}

/** numLabels and max positions from config.json, for tests that build inputs. */
export function referenceConfig(modelDir: string): { numLabels: number; maxPositions: number; vocabSize: number } {
  const { config } = load(modelDir);
  return { numLabels: config.num_labels, maxPositions: config.max_position_embeddings, vocabSize: config.vocab_size };
}
