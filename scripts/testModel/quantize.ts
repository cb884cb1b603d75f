// Weight quantization as onnxruntime's `quantize_dynamic` writes it, in the three flavours a
// cross-encoder repo publishes. Activations are quantized at run time by DynamicQuantizeLinear (uint8,
// asymmetric, per tensor) inside the graph (bertGraph.ts); only the weights differ:
//
//   quantized     onnx/model_quantized.onnx: int8, symmetric, per tensor, reduce_range (7 bits:
//                 [-64, 64], scale = max|w| / 64). Correct on every CPU: onnxruntime's AVX2 and
//                 AVX-512 (non-VNNI) u8 x s8 kernels add two u8*s8 products into a saturating int16
//                 (vpmaddubsw). 255 * 64 * 2 = 32,640 fits in int16; 255 * 127 * 2 = 64,770 does not.
//   qint8_avx512  onnx/model_qint8_avx512.onnx: int8, symmetric, per output channel, full range
//                 ([-127, 127]) as optimum's AutoQuantizationConfig.avx512 writes it. Exact only where
//                 the int8 dot product does not saturate: x86 with VNNI (vpdpbusd), or ARM.
//   quint8_avx2   onnx/model_quint8_avx2.onnx: uint8 weights, symmetric around zero point 128, per
//                 output channel, as AutoQuantizationConfig.avx2 writes it. u8 x u8 runs through
//                 16-bit widened vpmaddwd on AVX2 (no saturation): correct on every x86 CPU.
//
// Scales are rounded to float32 before quantizing so the stored scale is exactly the one used.

export type WeightFormat = 'int8-reduced' | 'int8' | 'uint8';

export interface QuantizedTensor {
  q: Int8Array | Uint8Array;
  /** One scale per tensor, or one per output column (last axis) when per channel. */
  scale: Float32Array;
  zeroPoint: Int8Array | Uint8Array;
}

/** Round half to even, as numpy and ONNX's rounding do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const QMAX: Record<WeightFormat, number> = { 'int8-reduced': 64, int8: 127, uint8: 127.5 };

/**
 * Quantizes `data` (row-major, last axis = `columns` output channels) symmetrically. `perChannel`
 * gives each column its own scale (the layout of a MatMul weight [in, out]).
 */
export function quantizeWeight(data: Float32Array, format: WeightFormat, perChannel = false, columns = 1): QuantizedTensor {
  const groups = perChannel ? columns : 1;
  const maxAbs = new Float64Array(groups);
  for (let i = 0; i < data.length; i++) {
    const g = perChannel ? i % columns : 0;
    maxAbs[g] = Math.max(maxAbs[g], Math.abs(data[i]));
  }
  // int8: scale = max|w| / qmax. uint8 (onnxruntime's symmetric uint8): scale = 2 max|w| / 255, zp 128.
  const scale = Float32Array.from(maxAbs, (m) => (m > 0 ? m / QMAX[format] : 1));
  if (format === 'uint8') {
    const q = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const s = scale[perChannel ? i % columns : 0];
      q[i] = Math.max(0, Math.min(255, roundHalfEven(data[i] / s) + 128));
    }
    return { q, scale, zeroPoint: new Uint8Array(groups).fill(128) };
  }
  const lim = format === 'int8' ? 127 : 64;
  const q = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const s = scale[perChannel ? i % columns : 0];
    q[i] = Math.max(-lim, Math.min(lim, roundHalfEven(data[i] / s)));
  }
  return { q, scale, zeroPoint: new Int8Array(groups) };
}

/** The int8 flavours the generator writes, with their hub file names. */
export interface QuantFlavour {
  file: string;
  /** Format of MatMul weights. */
  matmul: WeightFormat;
  perChannel: boolean;
  /** Format of embedding tables (Gather); onnxruntime never reduces their range. */
  gather: WeightFormat;
}

export const QUANT_FLAVOURS = {
  quantized: { file: 'onnx/model_quantized.onnx', matmul: 'int8-reduced', perChannel: false, gather: 'int8' },
  qint8_avx512: { file: 'onnx/model_qint8_avx512.onnx', matmul: 'int8', perChannel: true, gather: 'int8' },
  quint8_avx2: { file: 'onnx/model_quint8_avx2.onnx', matmul: 'uint8', perChannel: true, gather: 'uint8' },
} as const satisfies Record<string, QuantFlavour>;

export type QuantFlavourName = keyof typeof QUANT_FLAVOURS;
