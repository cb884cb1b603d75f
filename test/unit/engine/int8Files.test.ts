// Which int8 file dtype q8 runs, as a pure function of (files the repo publishes, CPU), for every
// combination; CPU flags parsing; and the onnxruntime probe that tells whether u8 x s8 saturates here.
import { strict as assert } from 'node:assert';
import { ALL_Q8_FILES, chooseInt8File, cpuInt8, cpuInt8FromFlags, Q8_FILES, type CpuInt8 } from '../../../src/engine/int8Files';
import { probeModel, probeU8S8Exact, PROBE_EXACT } from '../../../src/engine/int8Probe';
import { KNOWN_MODELS, q8Hint } from '../../../src/engine/defaults';
import { activationFromConfig } from '../../../src/engine/outputLabels';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

const ARM: CpuInt8 = { arch: 'arm64', u8s8Exact: true, source: 'arm64' };
const VNNI: CpuInt8 = { arch: 'x64', u8s8Exact: true, source: 'VNNI' };
const AVX2: CpuInt8 = { arch: 'x64', u8s8Exact: false, source: 'no VNNI' };

/** Every subset of the known int8 files. */
function subsets(): string[][] {
  const out: string[][] = [];
  for (let mask = 0; mask < 1 << ALL_Q8_FILES.length; mask++) out.push(ALL_Q8_FILES.filter((_, i) => mask & (1 << i)));
  return out;
}

/** The rule, written independently of the implementation's order lists. */
function expected(files: string[], cpu: CpuInt8): string | null {
  if (files.includes(Q8_FILES.quantized)) return Q8_FILES.quantized;
  const fullRange = [Q8_FILES.qint8_arm64, Q8_FILES.qint8_avx512_vnni, Q8_FILES.qint8_avx512];
  if (cpu.arch === 'arm64') return [...fullRange, Q8_FILES.quint8_avx2].find((f) => files.includes(f)) ?? null;
  if (cpu.u8s8Exact) return [Q8_FILES.qint8_avx512_vnni, Q8_FILES.qint8_avx512, Q8_FILES.quint8_avx2].find((f) => files.includes(f)) ?? null;
  return files.includes(Q8_FILES.quint8_avx2) ? Q8_FILES.quint8_avx2 : null;
}

describe('chooseInt8File: the q8 file for (files present, CPU)', () => {
  it('covers all 32 file sets x 3 CPU kinds, never choosing a full-range int8 file where u8 x s8 saturates', () => {
    let n = 0;
    for (const files of subsets()) {
      for (const cpu of [ARM, VNNI, AVX2]) {
        n++;
        const c = chooseInt8File(files, cpu);
        const want = expected(files, cpu);
        if (want === null) {
          assert.equal(c.ok, false, `${cpu.source} ${files.join(',')}`);
          if (!c.ok) {
            assert.deepEqual(c.found, files);
            assert.match(c.hint, /fp32/);
            if (files.length) assert.match(c.message, /saturate/);
            for (const f of files) assert.ok(c.message.includes(f), 'the message names the files found');
          }
        } else {
          assert.ok(c.ok, `${cpu.source} ${files.join(',')}: ${!c.ok ? c.message : ''}`);
          if (c.ok) {
            assert.equal(c.file, want, `${cpu.source} ${files.join(',')}`);
            assert.ok(c.reason.length > 0);
          }
        }
        if (c.ok && !cpu.u8s8Exact) assert.ok(c.file === Q8_FILES.quantized || c.file === Q8_FILES.quint8_avx2);
      }
    }
    assert.equal(n, 96);
  });

  it('what cross-encoder/* repos publish (avx512, avx512_vnni, avx2, arm64; no model_quantized) maps per CPU', () => {
    const ce = [Q8_FILES.qint8_avx512, Q8_FILES.qint8_avx512_vnni, Q8_FILES.quint8_avx2, Q8_FILES.qint8_arm64];
    assert.equal((chooseInt8File(ce, AVX2) as { file: string }).file, 'onnx/model_quint8_avx2.onnx');
    assert.equal((chooseInt8File(ce, VNNI) as { file: string }).file, 'onnx/model_qint8_avx512_vnni.onnx');
    assert.equal((chooseInt8File(ce, ARM) as { file: string }).file, 'onnx/model_qint8_arm64.onnx');
  });
});

describe('CPU facts', () => {
  it('reads VNNI from Linux and macOS flag spellings; ARM is always exact', () => {
    assert.equal(cpuInt8FromFlags('x64', ['fpu', 'avx2', 'avx512f', 'avx512_vnni']).u8s8Exact, true);
    assert.equal(cpuInt8FromFlags('x64', ['fpu', 'avx2', 'avx_vnni']).u8s8Exact, true);
    assert.equal(cpuInt8FromFlags('x64', ['FPU', 'AVX2', 'AVX512VNNI']).u8s8Exact, true);
    assert.equal(cpuInt8FromFlags('x64', ['fpu', 'avx2', 'avx512f', 'avx512bw']).u8s8Exact, false);
    assert.equal(cpuInt8FromFlags('arm64', []).u8s8Exact, true);
    assert.match(cpuInt8FromFlags('x64', []).source, /unknown/);
  });

  it('the onnxruntime probe wins over the flags (an emulator or VM may hide VNNI from onnxruntime) and says so', () => {
    const hidden = cpuInt8('x64', ['avx2', 'avx512_vnni'], false);
    assert.equal(hidden.u8s8Exact, false);
    assert.match(hidden.source, /saturates.*disagrees/);
    assert.equal(cpuInt8('x64', ['avx2'], null).u8s8Exact, false);
    assert.equal(cpuInt8('arm64', [], false).u8s8Exact, true);
  });

  it('the probe model runs in onnxruntime and its answer is exact or saturated, nothing in between', async () => {
    assert.ok(probeModel().length < 2000);
    const exact = await probeU8S8Exact(ort);
    assert.equal(typeof exact, 'boolean');
    const s = await ort.InferenceSession.create(probeModel());
    try {
      const y = (await s.run({ a: new ort.Tensor('uint8', new Uint8Array(64).fill(255), [1, 64]) })).y.data as Int32Array;
      assert.equal(y.length, 16);
      if (exact) assert.ok(y.every((v) => v === PROBE_EXACT));
      else assert.ok(y.every((v) => v < PROBE_EXACT));
    } finally {
      await s.release();
    }
  });
});

describe('Select Model q8 hint (defaults.ts)', () => {
  it('every known repo lists its int8 files; the hint names the file q8 runs on each CPU kind or says q8 is not right here', () => {
    for (const m of KNOWN_MODELS) {
      assert.equal(m.hasQ8, m.int8Files.length > 0);
      for (const f of m.int8Files) assert.ok(ALL_Q8_FILES.includes(f), `${m.id}: unknown int8 file ${f}`);
      assert.ok(m.licence.length > 0);
    }
    const ce = KNOWN_MODELS.find((m) => m.id === 'cross-encoder/ms-marco-MiniLM-L-6-v2')!;
    assert.match(q8Hint(ce, AVX2), /q8 runs model_quint8_avx2\.onnx \(of 4 int8 files\)/);
    assert.match(q8Hint(ce, VNNI), /model_qint8_avx512_vnni\.onnx/);
    assert.match(q8Hint(ce, ARM), /model_qint8_arm64\.onnx/);
    const xenova = KNOWN_MODELS.find((m) => m.id === 'Xenova/ms-marco-MiniLM-L-6-v2')!;
    assert.equal(q8Hint(xenova, AVX2), 'q8 runs model_quantized.onnx');
    assert.match(KNOWN_MODELS.find((m) => m.id.startsWith('jinaai/jina-reranker-v2'))!.licence, /non-commercial/);
  });
});

describe('activation as sentence-transformers applies it (outputLabels.ts)', () => {
  it('reads sentence_transformers.activation_fn, the legacy key, and falls back like CrossEncoder.get_default_activation_fn', () => {
    assert.equal(activationFromConfig({ sentence_transformers: { activation_fn: 'torch.nn.modules.linear.Identity' } }, 1).fn, 'identity');
    assert.equal(activationFromConfig({ sentence_transformers: { activation_fn: 'torch.nn.modules.activation.Sigmoid' } }, 1).fn, 'sigmoid');
    assert.equal(activationFromConfig({ sbert_ce_default_activation_function: 'torch.nn.modules.linear.Identity' }, 1).fn, 'identity');
    assert.equal(activationFromConfig({}, 1).fn, 'sigmoid');
    assert.match(activationFromConfig({ sentence_transformers: { activation_fn: 'my_pkg.Custom' } }, 1).reason, /trust_remote_code/);
    assert.equal(activationFromConfig({ sentence_transformers: { activation_fn: 'my_pkg.Custom' } }, 1).fn, 'sigmoid');
    assert.equal(activationFromConfig({}, 3).fn, 'identity');
    assert.equal(activationFromConfig({ sentence_transformers: { activation_fn: 'torch.nn.modules.activation.Tanh' } }, 1).fn, 'identity');
  });
});
