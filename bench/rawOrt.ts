// The two in-process baselines: onnxruntime-node's session.run on exactly the tensors and batch plan
// the engine uses (the limit the engine can approach), and the naive plan: one batch of all pairs
// padded to the longest (what the seed code did).
import { join } from 'node:path';
import { buildBatchTensors, type EncodedPair } from '../src/engine/encode';
import { orderByLength, planStreaming } from '../src/engine/batchPlan';
import { ENGINE_SESSION_OPTIONS } from '../src/engine/model';
import { timed } from './stats';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;

export interface PreparedBatch { indices: number[]; feeds: Record<string, import('onnxruntime-node').Tensor>; realTokens: number; paddedTokens: number }

export function prepareBatches(pairs: EncodedPair[], plan: number[][]): PreparedBatch[] {
  return plan.map((indices) => {
    const t = buildBatchTensors(indices.map((i) => pairs[i]));
    return {
      indices,
      feeds: {
        input_ids: new ort.Tensor('int64', t.inputIds, t.dims),
        attention_mask: new ort.Tensor('int64', t.attentionMask, t.dims),
        token_type_ids: new ort.Tensor('int64', t.tokenTypeIds, t.dims),
      },
      realTokens: indices.reduce((a, i) => a + pairs[i].inputIds.length, 0),
      paddedTokens: t.dims[0] * t.dims[1],
    };
  });
}

/** The engine's plan (server.ts): texts longest first, batches closed by pair count and memory budget. */
export const sortedPlan = (pairs: EncodedPair[], texts: string[], batchSize: number): number[][] =>
  planStreaming(orderByLength(pairs.map((_, i) => i), texts), pairs.map((p) => p.inputIds.length), batchSize);
export const naivePlan = (pairs: EncodedPair[]): number[][] => [pairs.map((_, i) => i)];

export async function openSession(modelDir: string, dtype: 'fp32' | 'q8', threads: number): Promise<{ session: Session; loadMs: number }> {
  const file = join(modelDir, 'onnx', dtype === 'q8' ? 'model_quantized.onnx' : 'model.onnx');
  // The engine's own session options (no CPU arena), so the ratio measures the engine's overhead only.
  const { ms, value } = await timed(() => ort.InferenceSession.create(file, { ...ENGINE_SESSION_OPTIONS, intraOpNumThreads: threads }));
  return { session: value, loadMs: ms };
}

/** Runs every batch in order; returns the logits by pair index (first logit of each row). */
export async function runPlan(session: Session, batches: PreparedBatch[], total: number): Promise<Float32Array> {
  const out = new Float32Array(total);
  for (const b of batches) {
    const r = await session.run(b.feeds);
    const logits = r.logits;
    const L = logits.dims[1];
    const data = logits.data as Float32Array;
    b.indices.forEach((idx, row) => (out[idx] = data[row * L]));
  }
  return out;
}
