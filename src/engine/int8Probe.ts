// Does this machine's onnxruntime compute uint8 x int8 products exactly? onnxruntime's MLAS kernels
// for AVX2 (and AVX-512 without VNNI) add pairs of u8*s8 products into a saturating int16
// (vpmaddubsw), so full-range int8 weights (model_qint8_avx512.onnx) give wrong scores there; VNNI
// (vpdpbusd) and ARM accumulate in int32. CPU flags say which kernel *should* run, but an emulator or a
// hypervisor can hide features, so the truth is one tiny MatMulInteger run: [255 x K] x [127 x K]
// is 32,385 K when exact, and at most 32,767 K / 2 per pair sum when saturated.
//
// The ONNX model is written by hand (a few protobuf fields) so the engine needs no protobuf library.

const K = 64;
const N = 16;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** A length-delimited field (wire type 2). */
function field(num: number, body: number[] | Uint8Array | string): number[] {
  const bytes = typeof body === 'string' ? [...new TextEncoder().encode(body)] : [...body];
  return [...varint((num << 3) | 2), ...varint(bytes.length), ...bytes];
}

function intField(num: number, v: number): number[] {
  return [...varint(num << 3), ...varint(v)];
}

/** ValueInfoProto with a fixed-shape tensor type. */
function valueInfo(name: string, elemType: number, dims: number[]): number[] {
  const shape = dims.flatMap((d) => field(1, intField(1, d)));
  const tensorType = [...intField(1, elemType), ...field(2, shape)];
  return [...field(1, name), ...field(2, field(1, tensorType))];
}

/** MatMulInteger(a: uint8 [1, K], b: int8 initializer [K, N] all 127) -> int32 [1, N]. */
export function probeModel(): Uint8Array {
  const node = [...field(1, 'a'), ...field(1, 'b'), ...field(2, 'y'), ...field(3, 'probe'), ...field(4, 'MatMulInteger')];
  const init = [...intField(1, K), ...intField(1, N), ...intField(2, 3 /* INT8 */), ...field(8, 'b'), ...field(9, new Uint8Array(K * N).fill(127))];
  const graph = [...field(1, node), ...field(2, 'int8-probe'), ...field(5, init), ...field(11, valueInfo('a', 2 /* UINT8 */, [1, K])), ...field(12, valueInfo('y', 6 /* INT32 */, [1, N]))];
  const opset = [...field(1, ''), ...intField(2, 17)];
  return Uint8Array.from([...intField(1, 8), ...field(2, 'rerank-lens'), ...field(7, graph), ...field(8, opset)]);
}

export const PROBE_EXACT = 255 * 127 * K;

type Ort = typeof import('onnxruntime-node');

/** True when u8 x s8 is exact here, false when it saturates; null when the probe could not run. */
export async function probeU8S8Exact(ort: Ort): Promise<boolean | null> {
  try {
    const session = await ort.InferenceSession.create(probeModel(), { intraOpNumThreads: 1, interOpNumThreads: 1 });
    try {
      const a = new ort.Tensor('uint8', new Uint8Array(K).fill(255), [1, K]);
      const out = await session.run({ a });
      const y = out.y.data as Int32Array;
      return y.every((v) => v === PROBE_EXACT);
    } finally {
      await session.release();
    }
  } catch {
    return null;
  }
}
