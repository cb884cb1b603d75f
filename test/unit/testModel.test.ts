// The generated test models (scripts/make-test-model.ts) against an independent forward pass
// (test/support/referenceBert.ts), run through the real onnxruntime-node.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestModel } from '../../scripts/make-test-model';
import { mulberry32 } from '../../scripts/testModel/rng';
import { decodeInitializers } from '../../scripts/testModel/onnxSchema';
import { QUANT_FLAVOURS, type QuantFlavourName } from '../../scripts/testModel/quantize';
import { cpuInt8, readCpuFlags, type CpuInt8 } from '../../src/engine/int8Files';
import { probeU8S8Exact } from '../../src/engine/int8Probe';
import { TINY_MODEL_2LABELS_DIR, TINY_MODEL_DIR } from '../support/paths';
import { erf, referenceLogits, takeQuantStepEffect, type ReferenceBatch } from '../support/referenceBert';
import { realTokenizerDir } from '../support/realTokenizers';

// onnxruntime-node is loaded with require, as the engine does; types from its .d.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;

const CLS = 101;
const SEP = 102;
/** ("How many people live in Berlin?", "Berlin is well known for its museums.") from the tokenizer's PROVENANCE.md. */
const BERLIN_Q = [2129, 2116, 2111, 2444, 1999, 4068, 1029];
const BERLIN_D = [4068, 2003, 2092, 2124, 2005, 2049, 9941, 1012];

interface Pair { ids: number[]; types: number[] }

function pair(q: number[], d: number[]): Pair {
  return { ids: [CLS, ...q, SEP, ...d, SEP], types: [...Array(q.length + 2).fill(0), ...Array(d.length + 1).fill(1)] };
}

/** Deterministic pseudo-random word-piece ids (whole-word region of the vocabulary). */
function randomIds(seed: number, n: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: n }, () => 1996 + Math.floor(next() * (30522 - 1996)));
}

/** Right-pads pairs to the longest, like the engine's dynamic padding. */
function toBatch(pairs: Pair[]): ReferenceBatch {
  const S = Math.max(...pairs.map((p) => p.ids.length));
  const padTo = (a: number[]) => [...a, ...Array(S - a.length).fill(0)];
  return {
    inputIds: pairs.map((p) => padTo(p.ids)),
    tokenTypeIds: pairs.map((p) => padTo(p.types)),
    attentionMask: pairs.map((p) => padTo(p.ids.map(() => 1))),
  };
}

async function runOrt(session: Session, batch: ReferenceBatch): Promise<number[][]> {
  const B = batch.inputIds.length;
  const S = batch.inputIds[0].length;
  const t = (rows: number[][]) => new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [B, S]);
  const out = await session.run({ input_ids: t(batch.inputIds), attention_mask: t(batch.attentionMask), token_type_ids: t(batch.tokenTypeIds) });
  const logits = out.logits;
  assert.equal(logits.dims[0], B);
  const L = logits.dims[1];
  const data = logits.data as Float32Array;
  return Array.from({ length: B }, (_, r) => Array.from(data.subarray(r * L, (r + 1) * L)));
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  assert.equal(a.length, b.length);
  let m = 0;
  a.forEach((row, r) => {
    assert.equal(row.length, b[r].length);
    row.forEach((v, c) => (m = Math.max(m, Math.abs(v - b[r][c]))));
  });
  return m;
}

const std = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
};

// Mixed lengths: the known Berlin pair, short and long pseudo-random pairs, and one pair that fills
// all 512 positions (so every position embedding row is exercised).
const PAIRS: Pair[] = [
  pair(BERLIN_Q, BERLIN_D),
  pair(randomIds(1, 3), randomIds(2, 5)),
  pair(randomIds(3, 12), randomIds(4, 60)),
  pair(randomIds(5, 30), randomIds(6, 9)),
  pair(randomIds(7, 8), randomIds(8, 140)),
  pair(BERLIN_Q, randomIds(9, 25)),
  pair(randomIds(10, 20), randomIds(11, 512 - 20 - 3)),
];

const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };

const FLAVOURS = Object.keys(QUANT_FLAVOURS) as QuantFlavourName[];

/**
 * Whether an int8 flavour is exact on this CPU, as the engine decides it (src/engine/int8Files.ts):
 * model_quantized.onnx (7-bit weights) and model_quint8_avx2.onnx (U8U8) everywhere; the full-range
 * int8 model_qint8_avx512.onnx only where u8 x s8 sums do not saturate (VNNI, ARM). Tests never assume
 * which CPU they get: a flavour that is wrong here is skipped with a note, never asserted either way.
 */
let cpuPromise: Promise<CpuInt8> | undefined;
function thisCpu(): Promise<CpuInt8> {
  cpuPromise ??= probeU8S8Exact(ort).then((exact) => cpuInt8(process.arch, readCpuFlags(), exact));
  return cpuPromise;
}
async function exactHere(f: QuantFlavourName): Promise<boolean> {
  return f !== 'qint8_avx512' || (await thisCpu()).u8s8Exact;
}

describe('reference forward pass building blocks', () => {
  it('erf matches tabulated values on both sides of the series / continued-fraction switch', () => {
    const table: [number, number][] = [
      [0, 0], [0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149],
      [2, 0.9953222650189527], [2.9, 0.9999589021219005], [3, 0.9999779095030014], [3.5, 0.9999992569016276], [5, 0.9999999999984626],
    ];
    for (const [x, want] of table) {
      assert.ok(Math.abs(erf(x) - want) < 1e-13, `erf(${x}) = ${erf(x)}, want ${want}`);
      assert.ok(Math.abs(erf(-x) + want) < 1e-13, `erf(${-x})`);
    }
  });
});

describe('generated test model (tiny-bert fixture)', () => {
  let fp32: Session;
  before(async () => {
    fp32 = await ort.InferenceSession.create(join(TINY_MODEL_DIR, 'onnx/model.onnx'), opts);
  });
  after(async () => {
    await fp32?.release();
  });

  it('has the hub layout, a sequence-classification config and the real tokenizer with provenance', () => {
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt', 'onnx/model.onnx', 'onnx/model_quantized.onnx', 'onnx/model_qint8_avx512.onnx', 'onnx/model_quint8_avx2.onnx', 'PROVENANCE.md', 'TOKENIZER-PROVENANCE.md']) {
      assert.ok(existsSync(join(TINY_MODEL_DIR, f)), `missing ${f}`);
    }
    const config = JSON.parse(readFileSync(join(TINY_MODEL_DIR, 'config.json'), 'utf8'));
    assert.equal(config.model_type, 'bert');
    assert.deepEqual(config.architectures, ['BertForSequenceClassification']);
    assert.deepEqual(config.id2label, { 0: 'LABEL_0' });
    assert.equal(config.vocab_size, 30522);
    assert.equal(config.max_position_embeddings, 512);
    const vocab = readFileSync(join(TINY_MODEL_DIR, 'vocab.txt'), 'utf8').split('\n');
    assert.equal(vocab[CLS], '[CLS]');
    assert.equal(vocab[SEP], '[SEP]');
    assert.equal(vocab[4068], 'berlin');
  });

  it('declares int64 inputs with dynamic batch and sequence, and a [batch, 1] logits output', () => {
    assert.deepEqual([...fp32.inputNames].sort(), ['attention_mask', 'input_ids', 'token_type_ids']);
    assert.deepEqual([...fp32.outputNames], ['logits']);
  });

  it('matches the reference forward pass within 1e-4, one pair per run', async () => {
    for (const p of PAIRS) {
      const batch = toBatch([p]);
      const diff = maxAbsDiff(await runOrt(fp32, batch), referenceLogits(TINY_MODEL_DIR, batch));
      assert.ok(diff < 1e-4, `pair of ${p.ids.length} tokens: |onnx - reference| = ${diff}`);
    }
  });

  it('matches the reference on a right-padded batch of mixed lengths, and padding does not change a score', async () => {
    const padded = toBatch(PAIRS);
    const got = await runOrt(fp32, padded);
    assert.ok(maxAbsDiff(got, referenceLogits(TINY_MODEL_DIR, padded)) < 1e-4);
    // The same pair alone (no padding) and inside the padded batch score the same.
    const alone = await runOrt(fp32, toBatch([PAIRS[0]]));
    assert.ok(Math.abs(alone[0][0] - got[0][0]) < 1e-4, `${alone[0][0]} vs ${got[0][0]}`);
  });

  it('spreads scores across pairs (ranking tests need distinct scores)', async () => {
    const scores = (await runOrt(fp32, toBatch(PAIRS))).map((r) => r[0]);
    assert.equal(new Set(scores.map((s) => s.toFixed(4))).size, scores.length, `scores not distinct: ${scores}`);
    assert.ok(std(scores) > 0.05, `logit std ${std(scores)} is too small`);
  });

});

describe('int8 flavours of the tiny model against an exact emulation (test/support/referenceBert.ts)', () => {
  // The int8 graphs' only non-float arithmetic is integer: DynamicQuantizeLinear codes times stored
  // weights, summed in int32. The reference emulates exactly that, so onnxruntime must agree with it up
  // to (a) the float32 rounding the fp32 graph also has (< 1e-4, tested above) and (b) activations that
  // sit within float32 rounding of a rounding tie and land on the neighbouring code: each such flip
  // moves one layer output by at most s_x * max|w| (one activation step times the largest weight),
  // which takeQuantStepEffect() reports from the file's own step sizes. Tolerance: 1e-4 + 3 flips'
  // worth. A CPU whose int16 sums saturate misses by many steps on many outputs at once (the bug this
  // guards against: 0.13 on this model, 0.65 on MiniLM's shape).
  // The emulation needs one unpadded pair per batch (DynamicQuantizeLinear ranges over the tensor).
  for (const flavour of FLAVOURS) {
    const file = QUANT_FLAVOURS[flavour].file;
    it(`${file}: onnxruntime = exact int8 emulation, and |q8 - fp32| is what the quantization steps explain`, async function () {
      if (!(await exactHere(flavour))) {
        console.log(`      (skipped on this CPU: ${(await thisCpu()).source}; ${file} needs VNNI or ARM, and the engine never picks it here)`);
        this.skip();
      }
      const fp32 = await ort.InferenceSession.create(join(TINY_MODEL_DIR, 'onnx/model.onnx'), opts);
      const q8 = await ort.InferenceSession.create(join(TINY_MODEL_DIR, file), opts);
      try {
        let worstEmu = 0;
        let anyDiff = false;
        for (const p of PAIRS.slice(0, 6)) {
          const batch = toBatch([p]);
          takeQuantStepEffect();
          const emu = referenceLogits(TINY_MODEL_DIR, batch, file)[0][0];
          const tol = 1e-4 + 3 * takeQuantStepEffect();
          const ref = referenceLogits(TINY_MODEL_DIR, batch)[0][0];
          const got = (await runOrt(q8, batch))[0][0];
          const gotFp32 = (await runOrt(fp32, batch))[0][0];
          worstEmu = Math.max(worstEmu, Math.abs(got - emu));
          assert.ok(Math.abs(got - emu) <= tol, `${p.ids.length} tokens: onnxruntime ${got} vs emulation ${emu} (tolerance ${tol.toExponential(2)})`);
          // fp32 vs q8: the drift the emulation predicts from the step sizes, plus the same allowance.
          const predicted = Math.abs(emu - ref);
          assert.ok(Math.abs(got - gotFp32) <= predicted + tol + 1e-4, `|q8 - fp32| = ${Math.abs(got - gotFp32)}, predicted ${predicted}`);
          if (Math.abs(got - gotFp32) > 1e-6) anyDiff = true;
        }
        assert.ok(anyDiff, 'q8 output identical to fp32: the quantized graph is not quantized');
      } finally {
        await fp32.release();
        await q8.release();
      }
    });
  }

  it('the flavours store what their names say: 7-bit int8 per tensor, full int8 per channel, uint8 (zero point 128) per channel', async () => {
    const name = 'bert.encoder.layer.0.attention.self.query.weight';
    const read = (file: string) => decodeInitializers(readFileSync(join(TINY_MODEL_DIR, file)));
    const red = read(QUANT_FLAVOURS.quantized.file);
    const raw = red.get(`${name}_quantized`)!.raw;
    const q = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    assert.equal(red.get(`${name}_quantized`)!.dataType, 3);
    assert.ok(Math.max(...q.map(Math.abs)) <= 64, 'reduce_range: |q| <= 64, so 255 * 64 * 2 fits in int16');
    assert.deepEqual(red.get(`${name}_scale`)!.dims, []);
    const full = read(QUANT_FLAVOURS.qint8_avx512.file);
    const fr = full.get(`${name}_quantized`)!.raw;
    assert.equal(Math.max(...new Int8Array(fr.buffer, fr.byteOffset, fr.byteLength).map(Math.abs)), 127);
    assert.deepEqual(full.get(`${name}_scale`)!.dims, [32]);
    const u8 = read(QUANT_FLAVOURS.quint8_avx2.file);
    assert.equal(u8.get(`${name}_quantized`)!.dataType, 2);
    assert.ok([...u8.get(`${name}_zero_point`)!.raw].every((z) => z === 128));
  });
});

describe('generated test model: 2-label variant (tiny-bert-2labels fixture)', () => {
  it('outputs [batch, 2] logits equal to the reference, with label 0 equal to the 1-label model', async () => {
    const s2 = await ort.InferenceSession.create(join(TINY_MODEL_2LABELS_DIR, 'onnx/model.onnx'), opts);
    const s1 = await ort.InferenceSession.create(join(TINY_MODEL_DIR, 'onnx/model.onnx'), opts);
    try {
      const batch = toBatch(PAIRS.slice(0, 5));
      const two = await runOrt(s2, batch);
      assert.ok(two.every((r) => r.length === 2));
      assert.ok(maxAbsDiff(two, referenceLogits(TINY_MODEL_2LABELS_DIR, batch)) < 1e-4);
      const one = await runOrt(s1, batch);
      // Same seed: every weight except the classifier's second row is shared.
      assert.ok(maxAbsDiff(two.map((r) => [r[0]]), one) < 1e-5);
      assert.ok(two.some((r) => Math.abs(r[0] - r[1]) > 1e-3), 'the two labels should differ');
      const config = JSON.parse(readFileSync(join(TINY_MODEL_2LABELS_DIR, 'config.json'), 'utf8'));
      assert.deepEqual(config.id2label, { 0: 'LABEL_0', 1: 'LABEL_1' });
      assert.ok(existsSync(join(TINY_MODEL_2LABELS_DIR, 'onnx/model_quantized.onnx')));
    } finally {
      await s1.release();
      await s2.release();
    }
  });
});

describe('make-test-model generator', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rl-testmodel-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is deterministic: regenerating the tiny model with the default seed reproduces the committed fixture byte for byte', async () => {
    await makeTestModel({ shape: 'tiny', outDir: join(dir, 'same') });
    for (const f of ['onnx/model.onnx', ...FLAVOURS.map((x) => QUANT_FLAVOURS[x].file), 'config.json', 'tokenizer.json', 'vocab.txt']) {
      assert.ok(readFileSync(join(dir, 'same', f)).equals(readFileSync(join(TINY_MODEL_DIR, f))), `${f} differs from the fixture`);
    }
  });

  it('gives different weights for a different seed', async () => {
    await makeTestModel({ shape: 'tiny', outDir: join(dir, 'other'), seed: 7 });
    assert.ok(!readFileSync(join(dir, 'other', 'onnx/model.onnx')).equals(readFileSync(join(TINY_MODEL_DIR, 'onnx/model.onnx'))));
    const batch = toBatch(PAIRS.slice(0, 3));
    const s = await ort.InferenceSession.create(join(dir, 'other', 'onnx/model.onnx'), opts);
    try {
      assert.ok(maxAbsDiff(await runOrt(s, batch), referenceLogits(join(dir, 'other'), batch)) < 1e-4);
    } finally {
      await s.release();
    }
  });
});

describe('make-test-model: MiniLM-L6 shape (generated on demand, not committed)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'rl-minilm-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has MiniLM-L6 dimensions and matches the reference forward pass; its q8 copy runs and stays close', async () => {
    await makeTestModel({ shape: 'minilm-l6', outDir: dir });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.deepEqual(
      [config.num_hidden_layers, config.hidden_size, config.num_attention_heads, config.intermediate_size, config.vocab_size, config.max_position_embeddings],
      [6, 384, 12, 1536, 30522, 512],
    );
    const batch = toBatch([PAIRS[0], PAIRS[1], PAIRS[5]]);
    const s = await ort.InferenceSession.create(join(dir, 'onnx/model.onnx'), opts);
    const q = await ort.InferenceSession.create(join(dir, 'onnx/model_quantized.onnx'), opts);
    try {
      const got = await runOrt(s, batch);
      assert.ok(maxAbsDiff(got, referenceLogits(dir, batch)) < 1e-4);
      // Tolerance from the step sizes: per linear layer, rounding adds noise of relative size
      // step / sqrt(12) / rms: weights (uniform, max = sqrt(3) rms) 1/128 for 7-bit and 1/254 for 8-bit,
      // activations (range about 8 rms, 255 steps) about 1/110. 24 quantized layers add up to about
      // sqrt(24) * 1.3% = 6% of a hidden state's scale; the classifier maps that to about 6% of the
      // logits' spread (here about 0.5), so 0.03 typical and 0.15 at 5 sigma. A saturating CPU gave 0.65.
      await q.release();
      for (const flavour of FLAVOURS) {
        if (!(await exactHere(flavour))) {
          console.log(`      (${QUANT_FLAVOURS[flavour].file} not checked on this CPU: ${(await thisCpu()).source})`);
          continue;
        }
        const qs = await ort.InferenceSession.create(join(dir, QUANT_FLAVOURS[flavour].file), opts);
        try {
          const qd = maxAbsDiff(await runOrt(qs, batch), got);
          assert.ok(qd < 0.15 && qd > 0, `${flavour}: |q8 - fp32| = ${qd}`);
        } finally {
          await qs.release();
        }
      }
    } finally {
      await s.release();
    }
  });
});

describe('make-test-model: XLM-RoBERTa shape with the real XLM-R tokenizer (generated on demand)', function () {
  // The real 9 MB SentencePiece tokenizer, unpacked from its compressed fixture.
  let XLMR_TOKENIZER: string;
  let dir: string;
  before(() => {
    XLMR_TOKENIZER = realTokenizerDir('xlm-roberta');
    dir = mkdtempSync(join(tmpdir(), 'rl-xlmr-'));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('declares only input_ids and attention_mask, offsets positions by padding_idx, and matches the reference within 1e-4 (padded rows too)', async () => {
    await makeTestModel({ shape: 'tiny-xlmr', outDir: dir, int8: [], tokenizerDir: XLMR_TOKENIZER });
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.deepEqual([config.model_type, config.pad_token_id, config.max_position_embeddings, config.type_vocab_size, config.vocab_size], ['xlm-roberta', 1, 514, 1, 250002]);
    const s = await ort.InferenceSession.create(join(dir, 'onnx/model.onnx'), opts);
    try {
      assert.deepEqual([...s.inputNames].sort(), ['attention_mask', 'input_ids']);
      // <s> q </s></s> d </s> with XLM-R ids (0 = <s>, 2 = </s>, 1 = <pad>); the second row is padded, the
      // third fills all 512 usable positions (position ids 2..513).
      const long = [0, ...randomIds(12, 254).map((x) => x + 5000), 2, 2, ...randomIds(13, 253).map((x) => x + 5000), 2];
      const rows = [[0, 3293, 83, 10, 3034, 2, 2, 581, 1631, 2], [0, 47, 2, 2, 9, 88, 2]];
      for (const batchRows of [rows, [long]]) {
        const S = Math.max(...batchRows.map((r) => r.length));
        const inputIds = batchRows.map((r) => [...r, ...Array(S - r.length).fill(1)]);
        const attentionMask = batchRows.map((r) => [...r.map(() => 1), ...Array(S - r.length).fill(0)]);
        const t = (a: number[][]) => new ort.Tensor('int64', BigInt64Array.from(a.flat().map(BigInt)), [a.length, S]);
        const out = await s.run({ input_ids: t(inputIds), attention_mask: t(attentionMask) });
        const got = Array.from(out.logits.data as Float32Array).map((v) => [v]);
        const ref = referenceLogits(dir, { inputIds, tokenTypeIds: inputIds.map((r) => r.map(() => 0)), attentionMask });
        assert.ok(maxAbsDiff(got, ref) < 1e-4, `|onnx - reference| = ${maxAbsDiff(got, ref)}`);
      }
    } finally {
      await s.release();
    }
  });
});
