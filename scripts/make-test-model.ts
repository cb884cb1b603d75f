// Writes a BertForSequenceClassification test model in Hugging Face hub layout, with deterministic
// random weights and the real bert-base-uncased tokenizer:
//   DIR/config.json, tokenizer files, DIR/onnx/model.onnx (fp32), the int8 flavours of
//   testModel/quantize.ts (onnx/model_quantized.onnx always; model_qint8_avx512.onnx and
//   model_quint8_avx2.onnx unless --int8 says otherwise), DIR/PROVENANCE.md, DIR/TOKENIZER-PROVENANCE.md
// Usage: node --import tsx scripts/make-test-model.ts --shape tiny|minilm-l6|tiny-xlmr|tiny-modernbert|tiny-deberta --out DIR [--seed N] [--labels N] [--tokenizer DIR]
//        [--int8 quantized,qint8_avx512,quint8_avx2]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildBertModel } from './testModel/bertGraph';
import {
  copyDebertaTokenizer, copySentencePieceTokenizer, copyTokenizer, DEBERTA_TOKENIZER_DIR, findTokenizerSource, writeConfig, writeDebertaConfig, writeDebertaProvenance, writeProvenance,
} from './testModel/hubFiles';
import { encodeModel } from './testModel/onnxSchema';
import { QUANT_FLAVOURS, type QuantFlavourName } from './testModel/quantize';
import { isShapeName, SHAPES, type ShapeName } from './testModel/shapes';
import { bertWeights, W } from './testModel/weights';

export interface MakeTestModelOptions {
  shape: ShapeName;
  outDir: string;
  seed?: number;
  /** Number of classifier outputs (default 1, like ms-marco cross-encoders). */
  labels?: number;
  /** Folder holding the bert-base-uncased tokenizer files; found automatically when omitted. */
  tokenizerDir?: string;
  /** Int8 files to write (default: all three flavours). */
  int8?: QuantFlavourName[];
}

export const ALL_INT8: QuantFlavourName[] = ['quantized', 'qint8_avx512', 'quint8_avx2'];

export const DEFAULT_SEED = 42;

export async function makeTestModel(opts: MakeTestModelOptions): Promise<void> {
  const shape = SHAPES[opts.shape];
  if (!shape) throw new Error(`unknown shape ${opts.shape}; use one of ${Object.keys(SHAPES).join(', ')}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  const numLabels = opts.labels ?? 1;
  if (!Number.isInteger(numLabels) || numLabels < 1) throw new Error(`--labels must be a positive integer, got ${opts.labels}`);
  const outDir = resolve(opts.outDir);
  mkdirSync(join(outDir, 'onnx'), { recursive: true });

  const family = shape.family ?? 'bert';
  // BERT: the committed bert-base-uncased copy. Others: their real tokenizer from ../shared (or --tokenizer).
  // DeBERTa: the synthetic DeBERTa-v3 tokenizer fixture in this repo.
  const sharedTokenizer = { roberta: 'xlm-roberta-tokenizer', modernbert: 'modernbert-tokenizer' } as const;
  const tokenizerFrom =
    family === 'bert'
      ? findTokenizerSource(outDir, opts.tokenizerDir)
      : family === 'deberta'
        ? resolve(opts.tokenizerDir ?? DEBERTA_TOKENIZER_DIR)
        : resolve(opts.tokenizerDir ?? resolve(__dirname, `../../shared/models/${sharedTokenizer[family]}`));
  if (family === 'bert') copyTokenizer(tokenizerFrom, outDir);
  else if (family === 'deberta') copyDebertaTokenizer(tokenizerFrom, outDir);
  else copySentencePieceTokenizer(tokenizerFrom, outDir);

  const weights = family === 'deberta' ? debertaWeights(shape, numLabels, seed) : bertWeights(shape, numLabels, seed);
  let params = 0;
  for (const t of weights.values()) params += t.data.length;
  const doc = `Random-weight ${{ bert: 'BertForSequenceClassification', roberta: 'XLMRobertaForSequenceClassification', modernbert: 'ModernBERT-shaped (input plumbing only)', deberta: 'DeBERTa-v3-shaped, BERT-like encoder (input plumbing)' }[family]} (${opts.shape}, seed ${seed}, ${numLabels} label(s)) made by scripts/make-test-model.ts for tests; not a trained model.`;
  writeFileSync(join(outDir, 'onnx', 'model.onnx'), encodeModel(buildBertModel({ shape, numLabels, weights, doc, family })));
  const int8 = opts.int8 ?? ALL_INT8;
  for (const name of int8) {
    const quant = QUANT_FLAVOURS[name];
    if (!quant) throw new Error(`unknown int8 flavour ${name}; use ${ALL_INT8.join(', ')}`);
    writeFileSync(join(outDir, quant.file), encodeModel(buildBertModel({ shape, numLabels, weights, quant, doc, family })));
  }
  if (family === 'deberta') writeDebertaConfig(outDir, shape, opts.shape, numLabels, seed);
  else writeConfig(outDir, shape, opts.shape, numLabels, seed);
  const repoRoot = resolve(__dirname, '..');
  const shownFrom = tokenizerFrom.startsWith(repoRoot) ? relative(repoRoot, tokenizerFrom) : tokenizerFrom.replace(resolve(repoRoot, '..'), '..');
  const prov = { shapeName: opts.shape, shape, numLabels, seed, tokenizerFrom: shownFrom, params, int8 };
  if (family === 'deberta') writeDebertaProvenance(outDir, prov);
  else writeProvenance(outDir, prov);
}

/**
 * The DeBERTa-shaped model's weights: the BERT weights of the same shape (same seeded streams), with a
 * one-row token-type table of zeros in place of type_vocab_size 0's none (see bertGraph.ts).
 */
function debertaWeights(shape: (typeof SHAPES)[ShapeName], numLabels: number, seed: number): ReturnType<typeof bertWeights> {
  const weights = bertWeights({ ...shape, typeVocab: 1 }, numLabels, seed);
  weights.set(W.tokenType, { name: W.tokenType, dims: [1, shape.hidden], data: new Float32Array(shape.hidden) });
  return weights;
}

function parseArgs(argv: string[]): MakeTestModelOptions {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const shape = get('--shape') ?? 'tiny';
  const out = get('--out');
  if (!isShapeName(shape)) throw new Error(`--shape must be one of ${Object.keys(SHAPES).join(', ')}`);
  if (!out) throw new Error('--out DIR is required');
  const seed = get('--seed');
  const labels = get('--labels');
  const int8 = get('--int8');
  return {
    shape, outDir: out, seed: seed === undefined ? undefined : Number(seed), labels: labels === undefined ? undefined : Number(labels), tokenizerDir: get('--tokenizer'),
    int8: int8 === undefined ? undefined : (int8.split(',').filter(Boolean) as QuantFlavourName[]),
  };
}

if (require.main === module) {
  let opts: MakeTestModelOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`make-test-model: ${(e as Error).message}\nUsage: node --import tsx scripts/make-test-model.ts --shape tiny|minilm-l6|tiny-xlmr|tiny-modernbert|tiny-deberta --out DIR [--seed N] [--labels N] [--tokenizer DIR] [--int8 quantized,qint8_avx512,quint8_avx2]`);
    process.exit(2);
  }
  const t0 = Date.now();
  makeTestModel(opts).then(
    () => console.log(`make-test-model: wrote ${opts.shape} model to ${resolve(opts.outDir)} in ${Date.now() - t0} ms`),
    (e: Error) => {
      console.error(`make-test-model: ${e.message}`);
      process.exit(1);
    },
  );
}
