// Resolves the ONNX file a load runs: onnx/model.onnx for fp32; for q8 the int8 file that the model
// publishes and that is right on this CPU (int8Files.ts). Lists what is present in a local folder, in
// the cache (offline), or on the hub (one Range probe per candidate, like transformers.js's own).
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { fail } from './errors';
import { cachedFilePath, DEFAULT_HUB_URL, ensureSlash, hubFetch } from './hfEnv';
import { ALL_Q8_FILES, chooseInt8File, cpuInt8, readCpuFlags, type CpuInt8 } from './int8Files';
import { probeU8S8Exact } from './int8Probe';
import type { ModelSpec } from './protocol';

export const FP32_FILE = 'onnx/model.onnx';

export interface ResolvedOnnx {
  file: string;
  /** Why this file (q8 only). */
  reason: string;
}

let cpuPromise: Promise<CpuInt8> | null = null;

/** The CPU facts, measured once per process. */
export function thisCpu(): Promise<CpuInt8> {
  cpuPromise ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
    return cpuInt8(process.arch, readCpuFlags(), await probeU8S8Exact(ort));
  })();
  return cpuPromise;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Does the hub serve `file` for the model? 200/206 yes, 404/401 no; network trouble is thrown. */
async function onHub(spec: ModelSpec, revision: string, file: string): Promise<boolean> {
  const url = `${ensureSlash(spec.hubUrl ?? DEFAULT_HUB_URL)}${spec.model}/resolve/${encodeURIComponent(revision)}/${file}`;
  const headers: Record<string, string> = { Range: 'bytes=0-0' };
  if (process.env.HF_TOKEN) headers.Authorization = `Bearer ${process.env.HF_TOKEN}`;
  const res = await hubFetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  await res.body?.cancel().catch(() => undefined);
  return res.ok;
}

/** The int8 files among the known names that the folder, the cache (offline) or the hub has. */
export async function presentQ8Files(spec: ModelSpec, local: boolean, revision: string): Promise<string[]> {
  const checks = ALL_Q8_FILES.map(async (f) => {
    if (local) return (await isFile(join(spec.model, f))) ? f : null;
    if (await isFile(cachedFilePath(spec.cacheDir, spec.model, f, revision))) return f;
    if (spec.offline) return null;
    try {
      return (await onHub(spec, revision, f)) ? f : null;
    } catch {
      return null; // the real download reports network trouble with its own message
    }
  });
  return (await Promise.all(checks)).filter((f): f is string => f !== null);
}

export async function resolveOnnxFile(spec: ModelSpec, local: boolean, revision: string): Promise<ResolvedOnnx> {
  if (spec.dtype !== 'q8') return { file: FP32_FILE, reason: 'dtype fp32' };
  const [present, cpu] = await Promise.all([presentQ8Files(spec, local, revision), thisCpu()]);
  const choice = chooseInt8File(present, cpu);
  if (choice.ok) return { file: choice.file, reason: choice.reason };
  // Nothing int8 on the hub (or the repo is unknown): let the download of onnx/model_quantized.onnx
  // report it, with the hub's own answer (404, 401) and the same hint.
  if (!local && !spec.offline && choice.found.length === 0) return { file: ALL_Q8_FILES[0], reason: 'no int8 file found on the hub; trying onnx/model_quantized.onnx' };
  const where = local ? `Model folder ${spec.model}` : spec.offline ? `${spec.model} in the model cache` : `Model "${spec.model}"`;
  throw fail(
    local ? 'bad-model-folder' : spec.offline ? 'offline-not-cached' : 'model-not-found',
    `${where}: ${choice.message}${choice.found.length === 0 ? ` Looked for ${ALL_Q8_FILES.join(', ')}.` : ''}`,
    choice.hint,
  );
}
