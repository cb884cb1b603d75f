// Builds the ONNX graph of a BertForSequenceClassification (post-LN BERT encoder, pooler on [CLS],
// linear classifier) from named weights. Two variants:
//   fp32: MatMul + Add for every linear layer.
//   int8: what onnxruntime's dynamic quantization writes, in one of the flavours of quantize.ts
//         (int8 7-bit per tensor, int8 per channel, uint8 per channel): activations go through
//         DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul(x_scale*w_scale); embedding tables are
//         int8/uint8 and dequantized after the Gather. Attention score MatMuls (both inputs are
//         activations), LayerNorm, pooler and classifier Gemms stay fp32, as ORT leaves them.
import { GraphBuilder, tensorValueInfo } from './graphBuilder';
import { DataType, type ModelMsg } from './onnxSchema';
import { quantizeWeight, type QuantFlavour, type WeightFormat } from './quantize';
import type { BertShape } from './shapes';
import { W, type WeightTensor } from './weights';

export const OPSET = 17;
export const IR_VERSION = 8;

export interface BuildOptions {
  shape: BertShape;
  numLabels: number;
  weights: Map<string, WeightTensor>;
  /** Absent: the fp32 graph. */
  quant?: QuantFlavour;
  /** 'roberta': XLMRobertaForSequenceClassification (positions cumsum(mask) * mask + padding_idx, one
   *  token type and no token_type_ids input, classifier.dense + tanh + classifier.out_proj on <s>). */
  family?: 'bert' | 'roberta' | 'modernbert' | 'deberta';
  /** (XLM-)RoBERTa's padding_idx (config pad_token_id). */
  padIdx?: number;
  doc: string;
}

export function buildBertModel(opts: BuildOptions): ModelMsg {
  const { shape, numLabels, weights, quant } = opts;
  const H = shape.hidden;
  const nh = shape.heads;
  const hd = H / nh;
  if (!Number.isInteger(hd)) throw new Error(`hidden ${H} is not divisible by heads ${nh}`);
  const g = new GraphBuilder();
  const family = opts.family ?? 'bert';
  // Weight names are written as BERT's (weights.ts); an XLM-R graph reads them under its own names.
  const rename = (name: string): string => (family === 'roberta' ? robertaName(name) : name);
  const w = (name: string): WeightTensor => {
    const t = weights.get(name);
    if (!t) throw new Error(`missing weight ${name}`);
    return t;
  };
  const fp32 = (name: string): string => {
    const real = rename(name);
    if (!g.initializers.some((i) => i.name === real)) g.init(real, w(name).dims, w(name).data);
    return real;
  };

  // Quantized activations are shared by every linear layer reading the same tensor (Q, K and V).
  const dynq = new Map<string, string[]>();
  const quantizeActivation = (x: string): string[] => {
    let hit = dynq.get(x);
    if (!hit) {
      hit = g.op('DynamicQuantizeLinear', [x], {}, 3, 'DynamicQuantizeLinear');
      dynq.set(x, hit);
    }
    return hit;
  };
  const int8Weight = (name: string, format: WeightFormat, perChannel: boolean): { q: string; scale: string; zero: string } => {
    const dims = w(name).dims;
    const { q, scale, zeroPoint } = quantizeWeight(w(name).data, format, perChannel, dims[dims.length - 1]);
    const paramDims = perChannel ? [dims[dims.length - 1]] : [];
    const real = rename(name);
    return {
      q: g.init(`${real}_quantized`, dims, q),
      scale: g.init(`${real}_scale`, paramDims, scale),
      zero: g.init(`${real}_zero_point`, paramDims, zeroPoint),
    };
  };

  const linear = (x: string, wName: string, bName: string): string => {
    let y: string;
    if (!quant) {
      y = g.op1('MatMul', [x, fp32(wName)]);
    } else {
      const [xq, xs, xz] = quantizeActivation(x);
      const qw = int8Weight(wName, quant.matmul, quant.perChannel);
      const acc = g.op1('MatMulInteger', [xq, qw.q, xz, qw.zero]);
      const accF = g.op1('Cast', [acc], { to: DataType.FLOAT });
      const scale = g.op1('Mul', [xs, qw.scale], {}, 'ScaleMul');
      y = g.op1('Mul', [accF, scale]);
    }
    return g.op1('Add', [y, fp32(bName)]);
  };

  const embedding = (table: string, ids: string): string => {
    if (!quant) return g.op1('Gather', [fp32(table), ids], { axis: 0 });
    const qt = int8Weight(table, quant.gather, false);
    const got = g.op1('Gather', [qt.q, ids], { axis: 0 });
    return g.op1('DequantizeLinear', [got, qt.scale, qt.zero]);
  };

  const layerNorm = (x: string, wName: string, bName: string): string =>
    g.op1('LayerNormalization', [x, fp32(wName), fp32(bName)], { axis: -1, epsilon: { float: shape.layerNormEps } });

  // ---- embeddings ----
  const ids = 'input_ids';
  const mask = 'attention_mask';
  const types = 'token_type_ids';
  let summed: string;
  if (family === 'bert') {
    const seqLen = g.op1('Gather', [g.op1('Shape', [ids]), g.i64([1], true)], { axis: 0 }, 'SeqLen');
    const positions = g.op1('Range', [g.i64([0], true), seqLen, g.i64([1], true)], {}, 'PositionIds');
    summed = g.op1('Add', [g.op1('Add', [embedding(W.word, ids), embedding(W.position, positions)]), embedding(W.tokenType, types)]);
  } else if (family === 'deberta') {
    // DeBERTa-v3-shaped, BERT-like: word + absolute position rows 0..S-1 (a stand-in: DeBERTa-v3 has
    // position_biased_input false and carries positions in its disentangled relative attention, which is
    // not modelled) + the only row of a one-row token-type table that is all zeros (type_vocab_size 0: no
    // token types, so no token_type_ids input; the zero row exists so test/support/referenceBert.ts reads
    // the graph as a BERT one). The zero row is always fp32 (an all-zero table has no int8 scale).
    const seqLen = g.op1('Gather', [g.op1('Shape', [ids]), g.i64([1], true)], { axis: 0 }, 'SeqLen');
    const positions = g.op1('Range', [g.i64([0], true), seqLen, g.i64([1], true)], {}, 'PositionIds');
    const typeRow = g.op1('Gather', [fp32(W.tokenType), g.i64([0], true)], { axis: 0 });
    summed = g.op1('Add', [g.op1('Add', [embedding(W.word, ids), embedding(W.position, positions)]), typeRow]);
  } else if (family === 'modernbert') {
    // Input plumbing only: word embeddings, no position table (ModernBERT's rotary positions are not
    // modelled) and no token types, so the graph declares input_ids and attention_mask only.
    summed = embedding(W.word, ids);
  } else {
    // create_position_ids_from_input_ids: real tokens count from padding_idx + 1, padding sits at padding_idx.
    const counted = g.op1('Mul', [g.op1('CumSum', [mask, g.i64([1], true)]), mask]);
    const positions = g.op1('Add', [counted, g.i64([opts.padIdx ?? 1], true)], {}, 'PositionIds');
    // One token type: its row 0 is added to every position (no token_type_ids input).
    const typeRow = embedding(W.tokenType, g.i64([0], true));
    summed = g.op1('Add', [g.op1('Add', [embedding(W.word, ids), embedding(W.position, positions)]), typeRow]);
  }
  let h = layerNorm(summed, W.embLnW, W.embLnB);

  // Additive attention mask [batch, 1, 1, seq]: 0 where attended, -10000 on padding.
  const maskF = g.op1('Cast', [mask], { to: DataType.FLOAT });
  const maskU = g.op1('Unsqueeze', [maskF, g.i64([1, 2])]);
  const additiveMask = g.op1('Mul', [g.op1('Sub', [g.f32(1), maskU]), g.f32(-10000)], {}, 'AdditiveMask');

  const heads = (x: string, perm: number[]): string =>
    g.op1('Transpose', [g.op1('Reshape', [x, g.i64([0, 0, nh, hd])])], { perm });

  for (let i = 0; i < shape.layers; i++) {
    const n = W.layer(i);
    const q = heads(linear(h, n.qW, n.qB), [0, 2, 1, 3]); // [B, nh, S, hd]
    const k = heads(linear(h, n.kW, n.kB), [0, 2, 3, 1]); // [B, nh, hd, S]
    const v = heads(linear(h, n.vW, n.vB), [0, 2, 1, 3]);
    const scores = g.op1('Add', [g.op1('Div', [g.op1('MatMul', [q, k]), g.f32(Math.sqrt(hd))]), additiveMask]);
    const probs = g.op1('Softmax', [scores], { axis: -1 });
    const ctx = g.op1('Reshape', [g.op1('Transpose', [g.op1('MatMul', [probs, v])], { perm: [0, 2, 1, 3] }), g.i64([0, 0, H])]);
    const attn = linear(ctx, n.oW, n.oB);
    const h1 = layerNorm(g.op1('Add', [attn, h]), n.ln1W, n.ln1B);
    const f = linear(h1, n.iW, n.iB);
    // Exact GELU: 0.5 * x * (1 + erf(x / sqrt(2)))
    const erf = g.op1('Erf', [g.op1('Div', [f, g.f32(Math.SQRT2)])]);
    const gelu = g.op1('Mul', [g.op1('Mul', [f, g.op1('Add', [erf, g.f32(1)])]), g.f32(0.5)], {}, 'Gelu');
    const out = linear(gelu, n.o2W, n.o2B);
    h = layerNorm(g.op1('Add', [out, h1]), n.ln2W, n.ln2B);
  }

  // ---- BERT: pooler on [CLS] and classifier; XLM-R: classifier.dense + tanh on <s>, out_proj ----
  // (same math, the weights are stored under the family's names)
  const cls = g.op1('Gather', [h, g.i64([0], true)], { axis: 1 }, 'ClsToken'); // [B, H]
  const pooled = g.op1('Tanh', [g.op1('Gemm', [cls, fp32(W.poolerW), fp32(W.poolerB)], { transB: 1 })]);
  g.op1('Gemm', [pooled, fp32(W.clsW), fp32(W.clsB)], { transB: 1 }, 'Classifier');
  g.renameLastOutput('logits');

  const inputs = (family === 'bert' ? [ids, mask, types] : [ids, mask]).map((name) => tensorValueInfo(name, DataType.INT64, ['batch_size', 'sequence_length']));
  const outputs = [tensorValueInfo('logits', DataType.FLOAT, ['batch_size', numLabels])];
  return {
    ir_version: IR_VERSION,
    producer_name: 'rerank-lens scripts/make-test-model.ts',
    producer_version: '1',
    doc_string: opts.doc,
    opset_import: [{ domain: '', version: OPSET }],
    graph: g.graph({ bert: 'BertForSequenceClassification', roberta: 'XLMRobertaForSequenceClassification', modernbert: 'ModernBertForSequenceClassification', deberta: 'DebertaV2ForSequenceClassification' }[family], inputs, outputs, opts.doc),
  };
}

/** A BERT weight name as XLMRobertaForSequenceClassification stores it. */
export function robertaName(name: string): string {
  if (name === W.poolerW) return 'classifier.dense.weight';
  if (name === W.poolerB) return 'classifier.dense.bias';
  if (name === W.clsW) return 'classifier.out_proj.weight';
  if (name === W.clsB) return 'classifier.out_proj.bias';
  return name.replace(/^bert\./, 'roberta.');
}
