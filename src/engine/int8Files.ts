// Which int8 ONNX file dtype q8 runs. Repos publish different ones:
//   onnx/model_quantized.onnx         transformers.js / Xenova conversions, and our generator
//                                     (7-bit reduce_range weights: right on every CPU)
//   onnx/model_qint8_avx512_vnni.onnx optimum / sentence-transformers exports (cross-encoder/*):
//   onnx/model_qint8_avx512.onnx        full-range int8 weights: right where u8 x s8 products are
//   onnx/model_qint8_arm64.onnx         accumulated in int32 (x86 with VNNI, ARM)
//   onnx/model_quint8_avx2.onnx         uint8 weights (U8U8): right on every x86 CPU (and ARM)
// On x86 without VNNI, onnxruntime's AVX2 / AVX-512 kernels add two u8*s8 products into a saturating
// int16, so a full-range int8 file silently gives wrong scores (|q8 - fp32| 0.1 to 0.7 on MiniLM).
// chooseInt8File is a pure function of (files present, CPU) so every combination is tested.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const Q8_FILES = {
  quantized: 'onnx/model_quantized.onnx',
  qint8_avx512_vnni: 'onnx/model_qint8_avx512_vnni.onnx',
  qint8_avx512: 'onnx/model_qint8_avx512.onnx',
  qint8_arm64: 'onnx/model_qint8_arm64.onnx',
  quint8_avx2: 'onnx/model_quint8_avx2.onnx',
} as const;

export const ALL_Q8_FILES: readonly string[] = Object.values(Q8_FILES);

/** What decides which int8 files are right here. */
export interface CpuInt8 {
  arch: 'x64' | 'arm64' | 'other';
  /** u8 x s8 products are exact (x86 VNNI, or ARM). */
  u8s8Exact: boolean;
  /** Where u8s8Exact came from, for the log. */
  source: string;
}

export type Int8Choice = { ok: true; file: string; reason: string } | { ok: false; found: string[]; message: string; hint: string };

/**
 * The q8 file to run, in this order: model_quantized.onnx when present (a transformers.js-style
 * export, the file the dtype names); else on ARM the arm64, VNNI, avx512 or avx2 file; on x86 with
 * VNNI the VNNI, avx512 or avx2 file; on x86 without VNNI only the U8U8 avx2 file.
 */
export function chooseInt8File(present: readonly string[], cpu: CpuInt8): Int8Choice {
  const has = (f: string): boolean => present.includes(f);
  const found = ALL_Q8_FILES.filter(has);
  if (has(Q8_FILES.quantized)) return { ok: true, file: Q8_FILES.quantized, reason: 'the repo publishes onnx/model_quantized.onnx' };
  const order =
    cpu.arch === 'arm64'
      ? [Q8_FILES.qint8_arm64, Q8_FILES.qint8_avx512_vnni, Q8_FILES.qint8_avx512, Q8_FILES.quint8_avx2]
      : cpu.u8s8Exact
        ? [Q8_FILES.qint8_avx512_vnni, Q8_FILES.qint8_avx512, Q8_FILES.quint8_avx2]
        : [Q8_FILES.quint8_avx2];
  const file = order.find(has);
  if (file) {
    const why = cpu.arch === 'arm64' ? 'ARM accumulates int8 products in int32' : cpu.u8s8Exact ? 'this CPU has VNNI (exact int8 dot products)' : 'this CPU has no VNNI: only uint8 weights (U8U8) are exact on it';
    return { ok: true, file, reason: `${why} (${cpu.source})` };
  }
  if (found.length === 0) {
    return { ok: false, found, message: 'The model publishes no int8 ONNX file.', hint: `Use dtype fp32, or a repo with one of ${ALL_Q8_FILES.join(', ')}.` };
  }
  return {
    ok: false,
    found,
    message: `The model's int8 files (${found.join(', ')}) need a CPU with VNNI or ARM; on this CPU (${cpu.source}) their int8 sums saturate and the scores would be wrong.`,
    hint: `Use dtype fp32, or a repo that publishes ${Q8_FILES.quint8_avx2} or ${Q8_FILES.quantized}.`,
  };
}

/** CPU facts from a flags list (Linux /proc/cpuinfo "flags", macOS sysctl feature names). */
export function cpuInt8FromFlags(arch: string, flags: readonly string[]): CpuInt8 {
  if (arch === 'arm64') return { arch: 'arm64', u8s8Exact: true, source: 'arm64' };
  const norm = new Set(flags.map((f) => f.toLowerCase().replace(/[^a-z0-9]/g, '')));
  const vnni = norm.has('avx512vnni') || norm.has('avxvnni');
  return { arch: arch === 'x64' ? 'x64' : 'other', u8s8Exact: vnni, source: vnni ? 'CPU flags: VNNI' : flags.length ? 'CPU flags: no VNNI' : 'CPU flags unknown' };
}

/** The CPU feature flags, where the platform tells them; [] when it does not. */
export function readCpuFlags(platform: NodeJS.Platform = process.platform): string[] {
  try {
    if (platform === 'linux') {
      const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => /^flags\s*:/.test(l));
      return line ? line.split(':')[1].trim().split(/\s+/) : [];
    }
    if (platform === 'darwin') {
      const out = execFileSync('sysctl', ['-n', 'machdep.cpu.features', 'machdep.cpu.leaf7_features'], { encoding: 'utf8', timeout: 2000 });
      return out.split(/\s+/).filter(Boolean);
    }
  } catch {
    // fall through: unknown
  }
  return [];
}

/**
 * The CPU as onnxruntime sees it: flags say what should happen, the probe (int8Probe.ts) what does
 * (an emulator or VM can hide VNNI from onnxruntime while /proc/cpuinfo still lists it).
 */
export function cpuInt8(arch: string, flags: readonly string[], probeExact: boolean | null): CpuInt8 {
  const fromFlags = cpuInt8FromFlags(arch, flags);
  if (probeExact === null || fromFlags.arch === 'arm64') return fromFlags;
  const source = `onnxruntime probe: u8 x s8 ${probeExact ? 'exact' : 'saturates'}${probeExact !== fromFlags.u8s8Exact ? `; ${fromFlags.source} disagrees` : ''}`;
  return { ...fromFlags, u8s8Exact: probeExact, source };
}
