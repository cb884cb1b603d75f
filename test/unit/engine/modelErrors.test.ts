// What a user sees when a local model folder is wrong: each case is a damaged copy of the tiny model.
// NEEDS BUILD: forks dist/engine.js; the `before` hook runs `npm run build` when it is missing or stale.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import type { ModelSpec } from '../../../src/engine/protocol';
import { AttributeType, DataType, encodeModel, type NodeMsg, type ValueInfoMsg } from '../../../scripts/testModel/onnxSchema';
import { ENGINE_JS, ensureBuilt, rejection, TINY_MODEL_DIR } from './support';

/** An ONNX graph with BERT's inputs that outputs `last_hidden_state` (as embedding models do), no logits. */
function embeddingLikeGraph(): Uint8Array {
  const io = (name: string, elem: number): ValueInfoMsg => ({ name, type: { tensor_type: { elem_type: elem, shape: { dim: [{ dim_param: 'batch' }, { dim_param: 'seq' }] } } } });
  return encodeModel({
    ir_version: 8,
    producer_name: 'rerank-lens-test',
    producer_version: '0',
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'embedding-like',
      node: [{ name: 'cast', op_type: 'Cast', input: ['input_ids'], output: ['last_hidden_state'], attribute: [{ name: 'to', type: AttributeType.INT, i: DataType.FLOAT }] }],
      initializer: [],
      input: [io('input_ids', DataType.INT64), io('attention_mask', DataType.INT64), io('token_type_ids', DataType.INT64)],
      output: [io('last_hidden_state', DataType.FLOAT)],
    },
  });
}

/** BERT's inputs -> logits [batch, 1] = log(0 * max(input_ids)) (-Infinity) or 0 * max(input_ids) (constant 0). */
function logitsGraph(kind: 'infinite' | 'constant'): Uint8Array {
  const io = (name: string, elem: number, dims: (string | number)[]): ValueInfoMsg => ({ name, type: { tensor_type: { elem_type: elem, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } } });
  const node = (op: string, input: string[], output: string, attribute: NodeMsg['attribute'] = []): NodeMsg => ({ name: output, op_type: op, input, output: [output], attribute });
  const nodes = [
    node('ReduceMax', ['input_ids'], 'mx', [{ name: 'axes', type: AttributeType.INTS, ints: [1] }, { name: 'keepdims', type: AttributeType.INT, i: 1 }]),
    node('Cast', ['mx'], 'mxf', [{ name: 'to', type: AttributeType.INT, i: DataType.FLOAT }]),
    node('Mul', ['mxf', 'zero'], kind === 'constant' ? 'logits' : 'z'),
    ...(kind === 'infinite' ? [node('Log', ['z'], 'logits')] : []),
  ];
  return encodeModel({
    ir_version: 8,
    producer_name: 'rerank-lens-test',
    producer_version: '0',
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: kind,
      node: nodes,
      initializer: [{ name: 'zero', dims: [], data_type: DataType.FLOAT, raw_data: new Uint8Array(4) }],
      input: [io('input_ids', DataType.INT64, ['batch', 'seq']), io('attention_mask', DataType.INT64, ['batch', 'seq']), io('token_type_ids', DataType.INT64, ['batch', 'seq'])],
      output: [io('logits', DataType.FLOAT, ['batch', 1])],
    },
  });
}

const RUN = { batchSize: 8, threads: 1 };

describe('engine errors for local model folders (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(120_000);
  let client: EngineClient;
  let root: string;
  const copy = (name: string, damage: (dir: string) => void): string => {
    const dir = join(root, name);
    cpSync(TINY_MODEL_DIR, dir, { recursive: true });
    damage(dir);
    return dir;
  };
  const spec = (model: string, over: Partial<ModelSpec> = {}): ModelSpec => ({ model, dtype: 'fp32', cacheDir: root, offline: true, ...over });

  before(() => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'rl-model-errors-'));
    client = new EngineClient({ enginePath: ENGINE_JS });
  });
  after(() => {
    client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('a folder without config.json: bad-model-folder naming the file and the folder', async () => {
    const dir = copy('no-config', (d) => rmSync(join(d, 'config.json')));
    const f = await rejection(client.load(spec(dir), RUN));
    assert.equal(f.error.code, 'bad-model-folder');
    assert.ok(f.error.message.includes(dir), f.error.message);
    assert.match(f.error.message, /missing config\.json/);
    assert.ok(f.error.hint);
  });

  it('a folder without onnx/model.onnx: bad-model-folder naming the file', async () => {
    const dir = copy('no-onnx', (d) => rmSync(join(d, 'onnx/model.onnx')));
    const f = await rejection(client.load(spec(dir), RUN));
    assert.equal(f.error.code, 'bad-model-folder');
    assert.match(f.error.message, /missing onnx\/model\.onnx/);
  });

  it('q8 on a folder with fp32 weights only: bad-model-folder that names the int8 files looked for and suggests fp32', async () => {
    const dir = copy('no-q8', (d) => {
      for (const f of ['model_quantized.onnx', 'model_qint8_avx512.onnx', 'model_quint8_avx2.onnx']) rmSync(join(d, 'onnx', f));
    });
    const f = await rejection(client.load(spec(dir, { dtype: 'q8' }), RUN));
    assert.equal(f.error.code, 'bad-model-folder');
    assert.match(f.error.message, /onnx\/model_quantized\.onnx/);
    assert.match(f.error.hint!, /dtype fp32/);
  });

  it('a folder that does not exist', async () => {
    const f = await rejection(client.load(spec(join(root, 'nowhere')), RUN));
    assert.equal(f.error.code, 'bad-model-folder');
    assert.match(f.error.message, /does not exist/);
  });

  it('a corrupt ONNX file: corrupt-onnx', async () => {
    const dir = copy('corrupt', (d) => writeFileSync(join(d, 'onnx/model.onnx'), Buffer.from('\x08\x07garbage that is not a protobuf model')));
    const f = await rejection(client.load(spec(dir), RUN));
    assert.equal(f.error.code, 'corrupt-onnx');
    assert.match(f.error.message, /onnx\/model\.onnx/);
    assert.match(f.error.hint!, /damaged|export/);
  });

  it('a truncated ONNX file (half of it): corrupt-onnx', async () => {
    const dir = copy('truncated', (d) => {
      const p = join(d, 'onnx/model.onnx');
      truncateSync(p, Math.floor(readFileSync(p).length / 2));
    });
    const f = await rejection(client.load(spec(dir), RUN));
    assert.equal(f.error.code, 'corrupt-onnx');
  });

  it('a model that is not a sequence classifier: not-sequence-classification', async () => {
    const dir = copy('base-model', (d) => {
      const cfg = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
      cfg.architectures = ['BertModel'];
      writeFileSync(join(d, 'config.json'), JSON.stringify(cfg));
    });
    const f = await rejection(client.load(spec(dir), RUN));
    assert.equal(f.error.code, 'not-sequence-classification');
    assert.match(f.error.message, /BertModel/);
    assert.match(f.error.hint!, /cross-encoder/);
  });

  it('a custom-code reranker whose config names its base class but maps AutoModelForSequenceClassification loads (like jina)', async () => {
    const dir = copy('custom-code', (d) => {
      const cfg = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
      cfg.architectures = ['JinaBertModel'];
      cfg.auto_map = { AutoModelForSequenceClassification: 'org/model--modeling_bert.JinaBertForSequenceClassification' };
      writeFileSync(join(d, 'config.json'), JSON.stringify(cfg));
    });
    const info = await client.load(spec(dir), RUN);
    assert.equal(info.numLabels, 1);
  });

  it('an ONNX graph without a logits output (an embedding model behind a classifier config): not-sequence-classification', async () => {
    const dir = copy('no-logits', (d) => writeFileSync(join(d, 'onnx/model.onnx'), embeddingLikeGraph()));
    const f = await rejection(client.load(spec(dir), RUN));
    assert.equal(f.error.code, 'not-sequence-classification');
    assert.match(f.error.message, /no "logits" output \(outputs: last_hidden_state\)/);
  });

  it('config.json that is not JSON: bad-model-folder', async () => {
    const dir = copy('bad-json', (d) => writeFileSync(join(d, 'config.json'), '{ "model_type": "bert", '));
    const f = await rejection(client.load(spec(dir), RUN));
    assert.equal(f.error.code, 'bad-model-folder');
    assert.match(f.error.message, /config\.json/);
  });

  it('an ONNX graph whose logits are infinite: corrupt-onnx naming the model file', async () => {
    const dir = copy('infinite', (d) => writeFileSync(join(d, 'onnx/model.onnx'), logitsGraph('infinite')));
    const f = await rejection(client.load(spec(dir), RUN));
    assert.equal(f.error.code, 'corrupt-onnx');
    assert.match(f.error.message, /onnx\/model\.onnx of .* produced an infinite logit/);
  });

  it('a graph that gives every chunk the same score: the scores arrive with a warning that the model is likely broken', async () => {
    const dir = copy('constant', (d) => writeFileSync(join(d, 'onnx/model.onnx'), logitsGraph('constant')));
    const out = await client.score({ spec: spec(dir), run: RUN, query: 'q', chunks: ['first chunk', 'second chunk', 'third chunk'] });
    assert.equal(out.scores.length, 3);
    assert.equal(out.warnings?.length, 1);
    assert.match(out.warnings![0], /All 3 distinct chunks got the same score.*likely broken/);
    // Two distinct chunks are not enough evidence.
    const two = await client.score({ spec: spec(dir), run: RUN, query: 'q', chunks: ['a chunk', 'a chunk', 'another'] });
    assert.equal(two.warnings, undefined);
  });

  it('a tokenizer from another model (ids past the vocabulary): "tokenizer and model do not belong together"', async () => {
    const dir = copy('small-vocab', (d) => {
      const cfg = JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'));
      cfg.vocab_size = 1000; // the real tokenizer's ids run to 30521
      writeFileSync(join(d, 'config.json'), JSON.stringify(cfg));
    });
    const f = await rejection(client.score({ spec: spec(dir), run: RUN, query: 'museum', chunks: ['opening hours'] }));
    assert.equal(f.error.code, 'bad-model-folder');
    assert.match(f.error.message, /tokenizer and the model of .* do not belong together: token id \d+ is outside/);
  });

  it('after all of that the engine still scores a good folder', async () => {
    const out = await client.score({ spec: spec(TINY_MODEL_DIR), run: RUN, query: 'q', chunks: ['a', 'b'] });
    assert.equal(out.scores.length, 2);
  });
});
