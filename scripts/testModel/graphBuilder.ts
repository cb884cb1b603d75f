// A tiny helper for writing ONNX graphs node by node: unique value names, typed initializers
// stored as little-endian raw_data, and attributes.
import { AttributeType, DataType, type AttributeMsg, type GraphMsg, type NodeMsg, type TensorMsg, type ValueInfoMsg } from './onnxSchema';

type Attr = number | number[] | string | { float: number };
export type TypedData = Float32Array | Int8Array | Uint8Array | BigInt64Array;

function dataTypeOf(data: TypedData): number {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof Int8Array) return DataType.INT8;
  if (data instanceof Uint8Array) return DataType.UINT8;
  return DataType.INT64;
}

function toAttribute(name: string, v: Attr): AttributeMsg {
  if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AttributeType.INTS, ints: v };
  if (typeof v === 'object') return { name, type: AttributeType.FLOAT, f: v.float };
  return { name, type: AttributeType.INT, i: v };
}

export class GraphBuilder {
  readonly nodes: NodeMsg[] = [];
  readonly initializers: TensorMsg[] = [];
  private readonly counts = new Map<string, number>();
  private readonly constants = new Map<string, string>();

  private fresh(base: string): string {
    const n = (this.counts.get(base) ?? 0) + 1;
    this.counts.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  }

  /** Adds an initializer; returns its name. `dims` [] means a scalar. */
  init(name: string, dims: number[], data: TypedData): string {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, dims, data_type: dataTypeOf(data), raw_data: Uint8Array.from(bytes) });
    return name;
  }

  /** A shared int64 constant (an initializer, so it is folded by ORT). */
  i64(values: number[], scalar = false): string {
    const key = `i64:${scalar}:${values.join(',')}`;
    const hit = this.constants.get(key);
    if (hit) return hit;
    const name = this.fresh(`const_i64_${values.join('_').replace(/-/g, 'm')}`);
    this.init(name, scalar ? [] : [values.length], BigInt64Array.from(values.map(BigInt)));
    this.constants.set(key, name);
    return name;
  }

  /** A shared float32 scalar constant. */
  f32(value: number): string {
    const key = `f32:${value}`;
    const hit = this.constants.get(key);
    if (hit) return hit;
    const name = this.fresh(`const_f32_${String(value).replace(/[^0-9a-z]/gi, '_')}`);
    this.init(name, [], Float32Array.of(value));
    this.constants.set(key, name);
    return name;
  }

  /** Appends a node; returns its output names (`outputs` of them). */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, outputs = 1, hint?: string): string[] {
    const base = hint ?? opType;
    const name = this.fresh(`/${base}`);
    const outs = Array.from({ length: outputs }, (_, i) => `${name}_out${i}`);
    this.nodes.push({
      name, op_type: opType, input: inputs, output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => toAttribute(k, v)),
    });
    return outs;
  }

  /** Single-output convenience. */
  op1(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, hint?: string): string {
    return this.op(opType, inputs, attrs, 1, hint)[0];
  }

  /** Renames the output of the last node (used to give the graph output its public name). */
  renameLastOutput(to: string): void {
    const last = this.nodes[this.nodes.length - 1];
    last.output[0] = to;
  }

  graph(name: string, input: ValueInfoMsg[], output: ValueInfoMsg[], doc: string): GraphMsg {
    return { name, node: this.nodes, initializer: this.initializers, input, output, doc_string: doc };
  }
}

export function tensorValueInfo(name: string, elemType: number, dims: (number | string)[]): ValueInfoMsg {
  return {
    name,
    type: { tensor_type: { elem_type: elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
  };
}
