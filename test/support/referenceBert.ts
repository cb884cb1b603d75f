// An independent forward pass of a BERT-family sequence classifier in plain TypeScript (float64), used to
// check the ONNX graphs the generator writes and the engine's scores. It reads config.json and the
// weights (ONNX initializers, by their Hugging Face names) from a hub-layout folder, and does the math
// the way the BERT paper / Hugging Face modeling_bert and modeling_xlm_roberta describe it, without
// onnxruntime:
//   embeddings (word + position + token type) -> LayerNorm
//     BERT: position ids 0..S-1. XLM-RoBERTa: position ids cumsum(mask) * mask + padding_idx (so the
//     first real token sits at padding_idx + 1), one token type.
//   per layer: multi-head self-attention (padding keys excluded) -> dense -> residual LayerNorm
//              -> dense -> exact GELU -> dense -> residual LayerNorm
//   head: BERT pooler tanh(W h[CLS] + b) then classifier; XLM-R classifier.dense + tanh on <s>, then
//   classifier.out_proj.
// Layouts (see scripts/testModel/weights.ts): encoder matrices are stored [in, out]; pooler and
// classifier [out, in].
//
// Int8 files (onnx/model_quantized.onnx and the other flavours): `referenceLogits(dir, batch, file)`
// emulates onnxruntime's dynamic quantization exactly: each encoder linear layer's input is quantized
// per tensor to uint8 as DynamicQuantizeLinear specifies (scale = (max(0, max x) - min(0, min x)) / 255,
// zero point = round(-min / scale), round half to even, float32 scale), multiplied with the stored
// int8/uint8 weights in exact integer arithmetic, and scaled by x_scale * w_scale (per channel when the
// file has one scale per column); embedding tables are dequantized. Because DynamicQuantizeLinear's
// range covers the whole [batch, sequence, hidden] tensor, the emulation is only defined for batches of
// one unpadded pair.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeInitializers, rawToFloat32, type DecodedTensor } from '../../scripts/testModel/onnxSchema';

export interface ReferenceBatch { inputIds: number[][]; tokenTypeIds: number[][]; attentionMask: number[][] }

type Family = 'bert' | 'roberta';

interface BertConfig {
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  layer_norm_eps: number;
  max_position_embeddings: number;
  vocab_size: number;
  num_labels: number;
  pad_token_id?: number;
  model_type: string;
}

interface QuantTensor { q: Int32Array; scale: Float32Array; zero: Int32Array }

interface Loaded {
  config: BertConfig;
  family: Family;
  /** Float weight (dequantized for int8 embedding tables). */
  w: (name: string) => Float32Array;
  /** The int8/uint8 form of a linear weight, or null in an fp32 file. */
  qw: (name: string) => QuantTensor | null;
}

const cache = new Map<string, Loaded>();

function intsOf(t: DecodedTensor): Int32Array {
  // DataType 2 = UINT8, 3 = INT8
  if (t.dataType === 2) return Int32Array.from(t.raw);
  if (t.dataType === 3) return Int32Array.from(new Int8Array(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength));
  throw new Error(`reference: ${t.name} has data type ${t.dataType}, not int8/uint8`);
}

function load(modelDir: string, onnxFile = 'onnx/model.onnx'): Loaded {
  const key = `${modelDir}\0${onnxFile}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const raw = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8'));
  const numLabels = raw.id2label ? Object.keys(raw.id2label).length : (raw.num_labels ?? 2);
  const family: Family = /roberta/.test(String(raw.model_type)) ? 'roberta' : 'bert';
  const config: BertConfig = { ...raw, num_labels: numLabels, layer_norm_eps: raw.layer_norm_eps ?? 1e-12 };
  const inits = decodeInitializers(readFileSync(join(modelDir, onnxFile)));
  const floats = new Map<string, Float32Array>();
  const quants = new Map<string, QuantTensor | null>();
  const qw = (name: string): QuantTensor | null => {
    if (quants.has(name)) return quants.get(name)!;
    const q = inits.get(`${name}_quantized`);
    const out = q
      ? { q: intsOf(q), scale: rawToFloat32(inits.get(`${name}_scale`)!.raw), zero: intsOf(inits.get(`${name}_zero_point`)!) }
      : null;
    quants.set(name, out);
    return out;
  };
  const w = (name: string): Float32Array => {
    let f = floats.get(name);
    if (!f) {
      const t = inits.get(name);
      if (t) f = rawToFloat32(t.raw);
      else {
        const qt = qw(name);
        if (!qt) throw new Error(`reference: weight ${name} not in ${modelDir}/${onnxFile}`);
        // DequantizeLinear: (q - zero) * scale, in float32 (per-tensor tables only).
        f = Float32Array.from(qt.q, (v) => (v - qt.zero[0]) * qt.scale[0]);
      }
      floats.set(name, f);
    }
    return f;
  };
  const loaded = { config, family, w, qw };
  cache.set(key, loaded);
  return loaded;
}

/** Round half to even (ONNX's rounding in DynamicQuantizeLinear). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

let stepEffect = 0;
/**
 * The largest change one activation code moved by one step can make to one linear layer's output,
 * s_x * max|w| (s_x = that layer's activation step, w the dequantized weights), over the int8 layers
 * run since the last call; then reset. Tests derive their tolerance for "onnxruntime vs emulation"
 * from it: an activation sitting within float32 rounding of a rounding tie may land on the
 * neighbouring code in onnxruntime.
 */
export function takeQuantStepEffect(): number {
  const e = stepEffect;
  stepEffect = 0;
  return e;
}

/** The encoder's linear layer y[S, out] = x[S, in] · W[in, out] + b, emulating int8 when the file is quantized. */
function linear(m: Loaded, x: Float64Array, S: number, nIn: number, name: string, nOut: number): Float64Array {
  const b = m.w(name.replace(/weight$/, 'bias'));
  const qt = m.qw(name);
  if (!qt) return denseInOut(x, S, nIn, m.w(name), b, nOut);
  // DynamicQuantizeLinear on the float32 activation tensor.
  let lo = 0;
  let hi = 0;
  const xf = Float32Array.from(x);
  for (const v of xf) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const xs = Math.fround((hi - lo) / 255);
  const xz = xs > 0 ? Math.max(0, Math.min(255, roundHalfEven(Math.fround(-lo / xs)))) : 0;
  const xq = new Int32Array(xf.length);
  for (let i = 0; i < xf.length; i++) xq[i] = xs > 0 ? Math.max(0, Math.min(255, roundHalfEven(Math.fround(xf[i] / xs)) + xz)) - xz : 0;
  const perChannel = qt.scale.length > 1;
  let maxW = 0;
  for (let i = 0; i < qt.q.length; i++) {
    const o = i % nOut;
    maxW = Math.max(maxW, Math.abs(qt.q[i] - qt.zero[perChannel ? o : 0]) * qt.scale[perChannel ? o : 0]);
  }
  stepEffect = Math.max(stepEffect, xs * maxW);
  const y = new Float64Array(S * nOut);
  for (let o = 0; o < nOut; o++) {
    const wz = qt.zero[perChannel ? o : 0];
    const scale = Math.fround(xs * qt.scale[perChannel ? o : 0]);
    for (let s = 0; s < S; s++) {
      let acc = 0; // exact: |acc| < 2^53
      for (let i = 0; i < nIn; i++) acc += xq[s * nIn + i] * (qt.q[i * nOut + o] - wz);
      y[s * nOut + o] = Math.fround(Math.fround(acc) * scale) + b[o];
    }
  }
  return y;
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
  const { config: c, w, family } = m;
  const P = family; // weight name prefix: bert.* or roberta.*
  const H = c.hidden_size;
  const I = c.intermediate_size;
  const nh = c.num_attention_heads;
  const hd = H / nh;
  const S = ids.length;
  // Position ids: BERT counts from 0; (XLM-)RoBERTa counts real tokens from padding_idx + 1 and gives
  // padding the padding_idx row (create_position_ids_from_input_ids in modeling_xlm_roberta).
  const padIdx = c.pad_token_id ?? 1;
  let seen = 0;
  const positions = ids.map((_, s) => (family === 'bert' ? s : mask[s] ? padIdx + ++seen : padIdx));
  if (Math.max(...positions) >= c.max_position_embeddings) throw new Error(`reference: ${S} tokens exceed ${c.max_position_embeddings} positions`);

  const word = w(`${P}.embeddings.word_embeddings.weight`);
  const pos = w(`${P}.embeddings.position_embeddings.weight`);
  const typ = w(`${P}.embeddings.token_type_embeddings.weight`);
  let h: Float64Array = new Float64Array(S * H);
  for (let s = 0; s < S; s++) {
    if (ids[s] < 0 || ids[s] >= c.vocab_size) throw new Error(`reference: token id ${ids[s]} outside the vocabulary`);
    const t = family === 'bert' ? types[s] : 0;
    for (let i = 0; i < H; i++) h[s * H + i] = word[ids[s] * H + i] + pos[positions[s] * H + i] + typ[t * H + i];
  }
  h = layerNorm(h, S, H, w(`${P}.embeddings.LayerNorm.weight`), w(`${P}.embeddings.LayerNorm.bias`), c.layer_norm_eps);

  // Keys a query may attend to: the unmasked ones (all of them if the row is entirely masked,
  // which is what an additive mask does: the constant shift cancels in the softmax).
  let keys = mask.map((v, i) => (v ? i : -1)).filter((i) => i >= 0);
  if (keys.length === 0) keys = ids.map((_, i) => i);

  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `${P}.encoder.layer.${l}`;
    const q = linear(m, h, S, H, `${p}.attention.self.query.weight`, H);
    const k = linear(m, h, S, H, `${p}.attention.self.key.weight`, H);
    const v = linear(m, h, S, H, `${p}.attention.self.value.weight`, H);
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
    const attn = linear(m, ctx, S, H, `${p}.attention.output.dense.weight`, H);
    for (let i = 0; i < S * H; i++) attn[i] += h[i];
    const h1 = layerNorm(attn, S, H, w(`${p}.attention.output.LayerNorm.weight`), w(`${p}.attention.output.LayerNorm.bias`), c.layer_norm_eps);
    const inter = linear(m, h1, S, H, `${p}.intermediate.dense.weight`, I);
    for (let i = 0; i < inter.length; i++) inter[i] = gelu(inter[i]);
    const out = linear(m, inter, S, I, `${p}.output.dense.weight`, H);
    for (let i = 0; i < S * H; i++) out[i] += h1[i];
    h = layerNorm(out, S, H, w(`${p}.output.LayerNorm.weight`), w(`${p}.output.LayerNorm.bias`), c.layer_norm_eps);
  }

  if (family === 'roberta') {
    const dense = denseOutIn(h.subarray(0, H), H, w('classifier.dense.weight'), w('classifier.dense.bias'), H).map(Math.tanh);
    return Array.from(denseOutIn(dense, H, w('classifier.out_proj.weight'), w('classifier.out_proj.bias'), c.num_labels));
  }
  const pooled = denseOutIn(h.subarray(0, H), H, w('bert.pooler.dense.weight'), w('bert.pooler.dense.bias'), H).map(Math.tanh);
  return Array.from(denseOutIn(pooled, H, w('classifier.weight'), w('classifier.bias'), c.num_labels));
}

/**
 * Logits of each row of a (possibly right-padded) batch: shape [rows][numLabels]. Padding positions
 * (attention mask 0) are never attended to, so a padded row scores like the same row unpadded.
 */
export function referenceLogits(modelDir: string, batch: ReferenceBatch, onnxFile = 'onnx/model.onnx'): number[][] {
  const m = load(modelDir, onnxFile);
  if (onnxFile !== 'onnx/model.onnx' && (batch.inputIds.length !== 1 || batch.attentionMask[0].some((v) => !v))) {
    throw new Error('reference: the int8 emulation is defined for one unpadded pair per batch (DynamicQuantizeLinear ranges over the whole tensor)');
  }
  return batch.inputIds.map((ids, r) => forwardOne(m, ids, batch.tokenTypeIds[r], batch.attentionMask[r]));
}

/** numLabels and max positions from config.json, for tests that build inputs. */
export function referenceConfig(modelDir: string): { numLabels: number; maxPositions: number; vocabSize: number } {
  const { config } = load(modelDir);
  return { numLabels: config.num_labels, maxPositions: config.max_position_embeddings, vocabSize: config.vocab_size };
}
