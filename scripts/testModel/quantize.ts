// Per-tensor weight quantization as onnxruntime's `quantize_dynamic` does it by default:
// symmetric int8 weights (zero point 0, scale = max|w| / 127). Activations are quantized at run time
// by DynamicQuantizeLinear (uint8, asymmetric) inside the graph; see bertGraph.ts.

export interface QuantizedTensor { q: Int8Array; scale: number }

export function quantizeSymmetricInt8(data: Float32Array): QuantizedTensor {
  let maxAbs = 0;
  for (let i = 0; i < data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(data[i]));
  const scale = maxAbs > 0 ? maxAbs / 127 : 1;
  // Round through float32 so the stored scale is exactly the one used to quantize.
  const s32 = Math.fround(scale);
  const q = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(data[i] / s32)));
  return { q, scale: s32 };
}
