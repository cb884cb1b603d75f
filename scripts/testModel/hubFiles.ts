// The non-ONNX files of a hub-layout model folder: config.json, tokenizer files, provenance.
import { chmodSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BertShape, ShapeName } from './shapes';

export const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'] as const;
/** The tokenizer's own provenance, copied verbatim beside every copy of it (its license asks so). */
export const TOKENIZER_PROVENANCE = 'TOKENIZER-PROVENANCE.md';

const REPO_ROOT = resolve(__dirname, '../..');

/**
 * Where to copy the real bert-base-uncased tokenizer from: the committed fixture (so a clone of the
 * repo needs nothing outside it), or `../shared/models/` (where it came from) when the fixture is
 * the folder being written.
 */
export function findTokenizerSource(outDir: string, explicit?: string): string {
  const candidates = [
    explicit,
    join(REPO_ROOT, 'test/fixtures/models/tiny-bert'),
    resolve(REPO_ROOT, '../shared/models/bert-base-uncased-tokenizer'),
  ].filter((c): c is string => !!c && resolve(c) !== resolve(outDir));
  // Regenerating a model in place: keep the tokenizer that is already there.
  candidates.push(resolve(outDir));
  for (const c of candidates) {
    if (TOKENIZER_FILES.every((f) => existsSync(join(c, f)))) return c;
  }
  throw new Error(`No bert-base-uncased tokenizer found (looked in: ${candidates.join(', ')}). Pass --tokenizer DIR.`);
}

export function copyTokenizer(from: string, outDir: string): void {
  if (resolve(from) === resolve(outDir)) return;
  // chmod: the source files may be read-only; a later regeneration must be able to overwrite the copies.
  for (const f of TOKENIZER_FILES) {
    copyFileSync(join(from, f), join(outDir, f));
    chmodSync(join(outDir, f), 0o644);
  }
  const prov = [join(from, TOKENIZER_PROVENANCE), join(from, 'PROVENANCE.md')].find((p) => existsSync(p) && readFileSync(p, 'utf8').includes('WordPiece'));
  if (!prov) throw new Error(`Tokenizer at ${from} has no provenance file; refusing to copy it without one.`);
  copyFileSync(prov, join(outDir, TOKENIZER_PROVENANCE));
  chmodSync(join(outDir, TOKENIZER_PROVENANCE), 0o644);
}

/** Copies a tokenizer.json-based tokenizer folder (tokenizer.json, tokenizer_config.json, and
 *  special_tokens_map.json when present) with its PROVENANCE.md, which must exist. */
function copyTokenizerFolder(from: string, outDir: string): void {
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json']) {
    if (f === 'special_tokens_map.json' && !existsSync(join(from, f))) continue;
    copyFileSync(join(from, f), join(outDir, f));
    chmodSync(join(outDir, f), 0o644);
  }
  const prov = join(from, 'PROVENANCE.md');
  if (!existsSync(prov)) throw new Error(`Tokenizer at ${from} has no PROVENANCE.md; refusing to copy it without one.`);
  copyFileSync(prov, join(outDir, TOKENIZER_PROVENANCE));
  chmodSync(join(outDir, TOKENIZER_PROVENANCE), 0o644);
}

/** Copies an XLM-R (SentencePiece) or ModernBERT tokenizer folder + provenance. */
export const copySentencePieceTokenizer = copyTokenizerFolder;

/** LABEL_i names both ways, as transformers writes them. */
function labelMaps(numLabels: number): { id2label: Record<string, string>; label2id: Record<string, number> } {
  const id2label: Record<string, string> = {};
  const label2id: Record<string, number> = {};
  for (let i = 0; i < numLabels; i++) {
    id2label[String(i)] = `LABEL_${i}`;
    label2id[`LABEL_${i}`] = i;
  }
  return { id2label, label2id };
}

export function writeConfig(outDir: string, shape: BertShape, shapeName: ShapeName, numLabels: number, seed: number): void {
  const { id2label, label2id } = labelMaps(numLabels);
  const roberta = shape.family === 'roberta';
  const modern = shape.family === 'modernbert';
  const config = {
    _name_or_path: `rerank-lens/test-${shape.family ?? 'bert'}-${shapeName}${numLabels > 1 ? `-${numLabels}labels` : ''}`,
    architectures: [roberta ? 'XLMRobertaForSequenceClassification' : modern ? 'ModernBertForSequenceClassification' : 'BertForSequenceClassification'],
    ...(roberta ? { bos_token_id: 0, eos_token_id: 2 } : modern ? { bos_token_id: 50281, eos_token_id: 50282, cls_token_id: 50281, sep_token_id: 50282 } : {}),
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: shape.hidden,
    id2label,
    initializer_range: 0.02,
    intermediate_size: shape.intermediate,
    label2id,
    layer_norm_eps: shape.layerNormEps,
    max_position_embeddings: shape.maxPositions,
    model_type: roberta ? 'xlm-roberta' : modern ? 'modernbert' : 'bert',
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    pad_token_id: roberta ? 1 : modern ? 50283 : 0,
    position_embedding_type: 'absolute',
    type_vocab_size: shape.typeVocab,
    use_cache: true,
    vocab_size: shape.vocabSize,
    // What sentence-transformers' CrossEncoder.predict applies, written as the cross-encoder/ms-marco-*
    // repos do (sentence-transformers >= 4): Identity, so predict returns the raw logit and the tests'
    // numbers are logits whatever activation fallback a config without this field would get.
    sentence_transformers: { activation_fn: 'torch.nn.modules.linear.Identity', version: '4.0.1' },
    // Generated weights: how to make them again (see PROVENANCE.md).
    rerank_lens_test_model: { generator: 'scripts/make-test-model.ts', shape: shapeName, seed, num_labels: numLabels },
  };
  writeFileSync(join(outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
}

export function writeProvenance(outDir: string, p: { shapeName: ShapeName; shape: BertShape; numLabels: number; seed: number; tokenizerFrom: string; params: number; int8: string[] }): void {
  const s = p.shape;
  const text = `# Generated test model: BertForSequenceClassification, shape \`${p.shapeName}\`, ${p.numLabels} label(s)

- What: a BERT cross-encoder graph (hidden ${s.hidden}, ${s.layers} layers, ${s.heads} heads, intermediate
  ${s.intermediate}, vocab ${s.vocabSize}, ${s.maxPositions} positions, ${p.params.toLocaleString('en-US')} parameters) with RANDOM,
  deterministic weights. It has the structure of \`cross-encoder/ms-marco-MiniLM-L-6-v2\` but knows
  nothing: its scores are meaningless for relevance. It exists so tests and benchmarks can run the real
  onnxruntime on a real graph without downloading weights.
- How: \`node --import tsx scripts/make-test-model.ts --shape ${p.shapeName} --seed ${p.seed}${p.numLabels > 1 ? ` --labels ${p.numLabels}` : ''} --int8 ${p.int8.join(',')} --out DIR\`
  (TypeScript only, no Python; same command, same bytes). Weights come from a seeded mulberry32 stream per
  tensor (keyed by seed and tensor name), uniform with std 1/sqrt(fan_in) for linear layers (not the
  usual 0.02, which makes every pair score the same), so scores spread across pairs.
- Graph (ONNX opset 17, IR 8): Gather word/position/token-type embeddings, LayerNormalization, per layer
  MatMul+Add Q/K/V, Reshape/Transpose to heads, scaled scores + additive mask (-10000 on padding),
  Softmax, exact Erf GELU, post-LN residuals; pooler = Gemm on [CLS] + Tanh; classifier Gemm to
  ${p.numLabels} logit(s). Inputs \`input_ids\`, \`attention_mask\`, \`token_type_ids\` (int64, [batch, sequence]),
  output \`logits\` [batch, ${p.numLabels}]. MatMul weights are stored [in, out]; Gemm weights [out, in] (transB=1).
- Int8 copies (${p.int8.join(', ')}): the same weights quantized the way onnxruntime's dynamic quantization
  does it: DynamicQuantizeLinear on activations, MatMulInteger, Cast, Mul by the two scales; embedding
  tables int8/uint8 with DequantizeLinear after the Gather. \`model_quantized.onnx\` has 7-bit
  (reduce_range) per-tensor int8 weights, correct on every CPU; \`model_qint8_avx512.onnx\` full-range
  per-channel int8 (exact only on x86 with VNNI, or ARM: AVX2 kernels saturate int16 sums);
  \`model_quint8_avx2.onnx\` per-channel uint8 weights (zero point 128; U8U8, correct on every x86).
  See scripts/testModel/quantize.ts.
- Checked by \`test/unit/testModel.test.ts\` against an independent TypeScript forward pass
  (\`test/support/referenceBert.ts\`).
- Tokenizer: the real ${s.family === 'roberta' ? 'XLM-RoBERTa SentencePiece' : s.family === 'modernbert' ? 'ModernBERT byte-level BPE' : 'bert-base-uncased WordPiece'} files, copied from \`${p.tokenizerFrom}\`; their own
  provenance and license are in \`${TOKENIZER_PROVENANCE}\` beside this file.
- License: the generated weights and graph are part of this project (MIT).
`;
  writeFileSync(join(outDir, 'PROVENANCE.md'), text);
}

// ---- DeBERTa-v3-shaped model (shape 'tiny-deberta'): its own config and provenance ----

/** The synthetic DeBERTa-v3 tokenizer fixture (no real DeBERTa-v3 tokenizer.json is at hand here). */
export const DEBERTA_TOKENIZER_DIR = join(REPO_ROOT, 'test/fixtures/tokenizers/deberta-v3-synthetic');

/** Copies a DeBERTa-v3 tokenizer folder + provenance. */
export const copyDebertaTokenizer = copyTokenizerFolder;

/**
 * config.json as a DebertaV2ForSequenceClassification (DeBERTa-v3) export has it: model_type deberta-v2,
 * type_vocab_size 0, position_biased_input false, relative_attention true, pad_token_id 0. Two honest
 * departures, because they describe the generated graph: pooler_hidden_act is "tanh" (the graph's pooler;
 * DeBERTa-v3 checkpoints say "gelu") and the sentence_transformers activation is Identity (as the other
 * generated models, so scores are raw logits).
 */
export function writeDebertaConfig(outDir: string, shape: BertShape, shapeName: ShapeName, numLabels: number, seed: number): void {
  const { id2label, label2id } = labelMaps(numLabels);
  const config = {
    _name_or_path: `rerank-lens/test-deberta-${shapeName}${numLabels > 1 ? `-${numLabels}labels` : ''}`,
    architectures: ['DebertaV2ForSequenceClassification'],
    attention_probs_dropout_prob: 0.1,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: shape.hidden,
    id2label,
    initializer_range: 0.02,
    intermediate_size: shape.intermediate,
    label2id,
    layer_norm_eps: shape.layerNormEps,
    max_position_embeddings: shape.maxPositions,
    max_relative_positions: -1,
    model_type: 'deberta-v2',
    norm_rel_ebd: 'layer_norm',
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    pad_token_id: 0,
    pooler_dropout: 0,
    pooler_hidden_act: 'tanh',
    pooler_hidden_size: shape.hidden,
    pos_att_type: ['p2c', 'c2p'],
    position_biased_input: false,
    position_buckets: 256,
    relative_attention: true,
    share_att_key: true,
    type_vocab_size: shape.typeVocab,
    vocab_size: shape.vocabSize,
    sentence_transformers: { activation_fn: 'torch.nn.modules.linear.Identity', version: '4.0.1' },
    rerank_lens_test_model: { generator: 'scripts/make-test-model.ts', shape: shapeName, seed, num_labels: numLabels },
  };
  writeFileSync(join(outDir, 'config.json'), JSON.stringify(config, null, 2) + '\n');
}

export function writeDebertaProvenance(outDir: string, p: { shapeName: ShapeName; shape: BertShape; numLabels: number; seed: number; tokenizerFrom: string; params: number; int8: string[] }): void {
  const s = p.shape;
  const text = `# Generated test model: DeBERTa-v3-shaped sequence classifier (input plumbing), shape \`${p.shapeName}\`, ${p.numLabels} label(s)

- What: a cross-encoder graph with the INPUTS and config of a DebertaV2ForSequenceClassification
  (DeBERTa-v3, as mixedbread-ai/mxbai-rerank-*-v1) and a BERT-like encoder inside (hidden ${s.hidden}, ${s.layers} layers,
  ${s.heads} heads, intermediate ${s.intermediate}, vocab ${s.vocabSize}, ${s.maxPositions} positions, ${p.params.toLocaleString('en-US')} parameters), RANDOM
  deterministic weights. It is NOT a DeBERTa forward pass: no disentangled relative attention (absolute
  position rows 0..S-1 stand in for it), a tanh pooler (DeBERTa-v3 uses gelu). Its scores mean nothing.
- Inputs: \`input_ids\`, \`attention_mask\` (int64, [batch, sequence]) and no \`token_type_ids\`, as optimum's
  DebertaV2OnnxConfig declares for type_vocab_size 0 (DebertaOnnxConfig drops token_type_ids then). Output
  \`logits\` [batch, ${p.numLabels}].
- Weights are stored under BERT's names (\`bert.*\`, see scripts/testModel/weights.ts), with a one-row
  token-type table of zeros, so \`test/support/referenceBert.ts\` computes the same logits from token type 0.
- How: \`node --import tsx scripts/make-test-model.ts --shape ${p.shapeName} --seed ${p.seed}${p.numLabels > 1 ? ` --labels ${p.numLabels}` : ''} --int8 ${p.int8.join(',') || "''"} --out DIR\`
  (TypeScript only; same command, same bytes). Int8 copies (${p.int8.join(', ') || 'none'}) as for the BERT shapes.
- Checked by \`test/unit/engine/deberta.test.ts\`.
- Tokenizer: the SYNTHETIC DeBERTa-v3-style tokenizer, copied from \`${p.tokenizerFrom}\`; its provenance
  and license are in \`${TOKENIZER_PROVENANCE}\` beside this file.
- License: the generated weights and graph are part of this project (MIT).
`;
  writeFileSync(join(outDir, 'PROVENANCE.md'), text);
}
