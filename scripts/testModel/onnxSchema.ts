// The subset of the ONNX protobuf schema (onnx/onnx.proto3, IR version 8) that the test-model
// generator writes and the reference forward pass reads back. Field numbers follow the public
// ONNX spec; fields we never use are left out (protobuf readers skip unknown fields anyway).
import * as protobuf from 'protobufjs';

const ONNX_PROTO = `
syntax = "proto3";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
  }
  string name = 1;
  string doc_string = 13;
  AttributeType type = 20;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
  string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  string domain = 7;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
}

message StringStringEntryProto {
  string key = 1;
  string value = 2;
}

message ModelProto {
  int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4;
  repeated int32 int32_data = 5;
  repeated int64 int64_data = 7;
  string name = 8;
  string doc_string = 12;
  bytes raw_data = 9;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  string denotation = 6;
}

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}
`;

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

let root: protobuf.Root | undefined;
function schema(): protobuf.Root {
  root ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  return root;
}

export const modelProto = (): protobuf.Type => schema().lookupType('onnx.ModelProto');

// Plain-object shapes (snake_case, as in the .proto) for what we build.
export interface TensorMsg { name: string; dims: number[]; data_type: number; raw_data?: Uint8Array }
export interface AttributeMsg { name: string; type: number; f?: number; i?: number; s?: Uint8Array; ints?: number[]; floats?: number[] }
export interface NodeMsg { name: string; op_type: string; domain?: string; input: string[]; output: string[]; attribute?: AttributeMsg[] }
export interface ValueInfoMsg { name: string; type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } } }
export interface GraphMsg { name: string; node: NodeMsg[]; initializer: TensorMsg[]; input: ValueInfoMsg[]; output: ValueInfoMsg[]; doc_string?: string }
export interface ModelMsg {
  ir_version: number; producer_name: string; producer_version: string; doc_string?: string;
  opset_import: { domain: string; version: number }[]; graph: GraphMsg;
  metadata_props?: { key: string; value: string }[];
}

export function encodeModel(model: ModelMsg): Uint8Array {
  const t = modelProto();
  return t.encode(t.fromObject(model)).finish();
}

/** A decoded initializer: name, dims and its little-endian raw bytes. */
export interface DecodedTensor { name: string; dims: number[]; dataType: number; raw: Uint8Array }

/** Reads every initializer of an ONNX file (only raw_data tensors, which is what we write). */
export function decodeInitializers(bytes: Uint8Array): Map<string, DecodedTensor> {
  const msg = modelProto().decode(bytes) as unknown as { graph?: { initializer?: { name: string; dims?: unknown[]; data_type: number; raw_data?: Uint8Array }[] } };
  const out = new Map<string, DecodedTensor>();
  for (const t of msg.graph?.initializer ?? []) {
    out.set(t.name, { name: t.name, dims: (t.dims ?? []).map((d) => Number(String(d))), dataType: t.data_type, raw: t.raw_data ?? new Uint8Array(0) });
  }
  return out;
}

/** Copies raw little-endian float32 bytes into an aligned Float32Array. */
export function rawToFloat32(raw: Uint8Array): Float32Array {
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  return new Float32Array(copy.buffer);
}
