// q8 drift: for each int8 flavour the generator writes that is exact on this CPU (int8Files.ts), the
// largest |q8 - fp32| logit difference and Kendall's tau between the fp32 and q8 orders, over the
// bench's pairs (raw onnxruntime, the same batch plan). A flavour wrong on this CPU is listed as skipped.
import { join } from 'node:path';
import { QUANT_FLAVOURS, type QuantFlavourName } from '../scripts/testModel/quantize';
import { cpuInt8, readCpuFlags } from '../src/engine/int8Files';
import { probeU8S8Exact } from '../src/engine/int8Probe';
import { prepareBatches, runPlan } from './rawOrt';
import type { EncodedPair } from '../src/engine/encode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

export interface DriftLine { flavour: string; file: string; maxAbsDiff: number | null; kendallTau: number | null; skipped?: string }

export function kendallTau(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const s = Math.sign(a[i] - a[j]) * Math.sign(b[i] - b[j]);
      if (s > 0) concordant++;
      else if (s < 0) discordant++;
    }
  }
  return (concordant - discordant) / Math.max(1, concordant + discordant);
}

export async function q8Drift(modelDir: string, pairs: EncodedPair[], plan: number[][], fp32: Float32Array, threads: number): Promise<{ cpu: string; lines: DriftLine[] }> {
  const cpu = cpuInt8(process.arch, readCpuFlags(), await probeU8S8Exact(ort));
  const lines: DriftLine[] = [];
  for (const flavour of Object.keys(QUANT_FLAVOURS) as QuantFlavourName[]) {
    const file = QUANT_FLAVOURS[flavour].file;
    if (flavour === 'qint8_avx512' && !cpu.u8s8Exact) {
      lines.push({ flavour, file, maxAbsDiff: null, kendallTau: null, skipped: `wrong on this CPU (${cpu.source})` });
      continue;
    }
    const session = await ort.InferenceSession.create(join(modelDir, file), { intraOpNumThreads: threads, interOpNumThreads: 1 });
    try {
      const q8 = await runPlan(session, prepareBatches(pairs, plan), pairs.length);
      let m = 0;
      for (let i = 0; i < q8.length; i++) m = Math.max(m, Math.abs(q8[i] - fp32[i]));
      lines.push({ flavour, file, maxAbsDiff: m, kendallTau: kendallTau(fp32, q8) });
    } finally {
      await session.release();
    }
  }
  return { cpu: cpu.source, lines };
}
