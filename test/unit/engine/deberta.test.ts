// The DeBERTa-v3-shaped generated model (shape 'tiny-deberta', mixedbread-ai/mxbai-rerank-*-v1 family)
// end to end: generated into a temp folder (~1 s), loaded by the engine process, the CLI run on it.
// What is verified is the input plumbing: the graph declares input_ids + attention_mask and no
// token_type_ids (as optimum's DebertaV2OnnxConfig does for type_vocab_size 0), the engine feeds exactly
// those, its pair encoding equals the Rust `tokenizers` library's (synthetic DeBERTa-v3 tokenizer), and
// its scores equal test/support/referenceBert.ts on the BERT-like graph with token type 0. The graph is
// not a DeBERTa forward pass (no disentangled relative attention; see scripts/testModel/bertGraph.ts).
// NEEDS BUILD: forks dist/engine.js and runs dist/cli.js; the `before` hook builds when stale.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestModel } from '../../../scripts/make-test-model';
import { EngineClient } from '../../../src/engine/client';
import { encodePair, type PairTokenizer } from '../../../src/engine/encode';
import type { ModelSpec } from '../../../src/engine/protocol';
import { loadPairTokenizer } from '../../../src/engine/tokenizer';
import { referenceLogits } from '../../support/referenceBert';
import { RustReference } from './parity/reference';
import { CLI_JS, ENGINE_JS, ensureBuilt } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require('onnxruntime-node') as typeof import('onnxruntime-node');

const CLS = 1;
const SEP = 2;

const words = (n: number, seed: number): string =>
  Array.from({ length: n }, (_, i) => ['river', 'bank', 'money', 'deposit', 'flood', 'Berlin', 'museum', 'opening', 'hours', 'ticket'][(i * 7 + seed) % 10]).join(' ');

const QUERY = 'When does the museum in Berlin open?';
const CHUNKS = [
  'The museum opens at nine in the morning.',
  words(120, 1),
  'River banks flood in spring; 銀行 and 河岸 are unknown here.',
  '',
  `  Spaces   collapse,\tand ÅNGSTRÖM ﬁ ligatures normalize.  `,
  words(30, 4),
];

describe('DeBERTa-v3-shaped generated model: engine and CLI (NEEDS BUILD: dist/engine.js, dist/cli.js)', function () {
  this.timeout(120_000);
  let dir: string;
  let modelDir: string;
  let cacheDir: string;
  let client: EngineClient;
  let tok: PairTokenizer;
  let rust: RustReference;
  const spec = (over: Partial<ModelSpec> = {}): ModelSpec => ({ model: modelDir, dtype: 'fp32', cacheDir, offline: true, ...over });
  const run = { batchSize: 4, threads: 1 };

  /** The reference forward pass of one pair as the engine encodes it, token types all 0 (none are fed). */
  const reference = (query: string, chunk: string, maxLength: number): number => {
    const p = encodePair(tok, query, chunk, maxLength);
    return referenceLogits(modelDir, { inputIds: [p.inputIds], tokenTypeIds: [p.inputIds.map(() => 0)], attentionMask: [p.inputIds.map(() => 1)] })[0][0];
  };

  before(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'rl-deberta-'));
    modelDir = join(dir, 'tiny-deberta');
    cacheDir = join(dir, 'cache');
    await makeTestModel({ shape: 'tiny-deberta', outDir: modelDir, int8: [] });
    tok = (await loadPairTokenizer(modelDir)).tokenizer;
    rust = RustReference.load(modelDir);
    client = new EngineClient({ enginePath: ENGINE_JS });
  });
  after(() => {
    client?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is generated as a DebertaV2ForSequenceClassification export: config, tokenizer with provenance, graph inputs input_ids + attention_mask only', async () => {
    const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8'));
    assert.equal(config.model_type, 'deberta-v2');
    assert.deepEqual(config.architectures, ['DebertaV2ForSequenceClassification']);
    assert.equal(config.type_vocab_size, 0);
    assert.equal(config.position_biased_input, false);
    assert.equal(config.relative_attention, true);
    assert.equal(config.max_position_embeddings, 512);
    assert.equal(config.pad_token_id, 0);
    const tokenizerJson = JSON.parse(readFileSync(join(modelDir, 'tokenizer.json'), 'utf8'));
    assert.equal(config.vocab_size, tokenizerJson.model.vocab.length);
    assert.equal(config.sentence_transformers.activation_fn, 'torch.nn.modules.linear.Identity');
    assert.match(readFileSync(join(modelDir, 'TOKENIZER-PROVENANCE.md'), 'utf8'), /Synthetic DeBERTa-v3-style SentencePiece tokenizer/);
    assert.match(readFileSync(join(modelDir, 'PROVENANCE.md'), 'utf8'), /NOT a DeBERTa forward pass/);
    const session = await ort.InferenceSession.create(join(modelDir, 'onnx/model.onnx'), { intraOpNumThreads: 1 });
    try {
      assert.deepEqual([...session.inputNames], ['input_ids', 'attention_mask']);
      assert.deepEqual([...session.outputNames], ['logits']);
    } finally {
      await session.release();
    }
  });

  it('pair encoding equals the Rust tokenizers library ([CLS] q [SEP] d [SEP], LongestFirst), types 0/1 computed but not fed', async () => {
    for (const max of [512, 24, 12, 8]) {
      for (const c of CHUNKS) {
        const ours = encodePair(tok, QUERY, c, max);
        const ref = await rust.pair(QUERY, c, max);
        assert.deepEqual(ours.inputIds, ref.ids, `ids at max ${max} for ${JSON.stringify(c.slice(0, 30))}`);
        assert.deepEqual(ours.tokenTypeIds, ref.typeIds, `type ids at max ${max}`);
        assert.equal(ours.queryTokensKept, ref.keptQuery);
        assert.equal(ours.chunkTokensKept, ref.keptPassage);
        assert.equal(ours.inputIds[0], CLS);
        assert.equal(ours.inputIds[ours.inputIds.length - 1], SEP);
      }
    }
  });

  it('the engine feeds input_ids + attention_mask: scores (padded batches of 4) = reference forward pass and = a raw session fed those two inputs, within 1e-4', async () => {
    const out = await client.score({ spec: spec({ maxLength: 128 }), run, query: QUERY, chunks: CHUNKS });
    assert.equal(out.info.modelMaxLength, 512);
    assert.equal(out.info.maxLength, 128);
    assert.equal(out.scores.length, CHUNKS.length);
    const session = await ort.InferenceSession.create(join(modelDir, 'onnx/model.onnx'), { intraOpNumThreads: 1 });
    try {
      for (let i = 0; i < CHUNKS.length; i++) {
        const s = out.scores[i];
        assert.equal(s.index, i);
        const ref = reference(QUERY, CHUNKS[i], 128);
        assert.ok(Math.abs(s.score - ref) < 1e-4, `pair ${i}: engine ${s.score} vs reference ${ref}`);
        const p = encodePair(tok, QUERY, CHUNKS[i], 128);
        const S = p.inputIds.length;
        const t = (a: number[]) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [1, S]);
        const raw = ((await session.run({ input_ids: t(p.inputIds), attention_mask: t(p.inputIds.map(() => 1)) })).logits.data as Float32Array)[0];
        assert.ok(Math.abs(s.score - raw) < 1e-4, `pair ${i}: engine ${s.score} vs raw session ${raw}`);
        assert.equal(s.queryTokensKept! + s.chunkTokensKept! + 3, S);
      }
    } finally {
      await session.release();
    }
    // Scores are deterministic and spread (random weights, but not constant).
    const again = await client.score({ spec: spec({ maxLength: 128 }), run: { batchSize: 1, threads: 1 }, query: QUERY, chunks: CHUNKS });
    again.scores.forEach((s, i) => assert.ok(Math.abs(s.score - out.scores[i].score) < 1e-5));
    assert.ok(new Set(out.scores.map((s) => s.score.toFixed(4))).size >= 4, 'scores differ between pairs');
  });

  it('truncates at small max lengths like the Rust tokenizer, scores = reference', async () => {
    for (const maxLength of [8, 12, 24]) {
      const out = await client.score({ spec: spec({ maxLength }), run, query: QUERY, chunks: CHUNKS });
      assert.equal(out.info.maxLength, maxLength);
      for (let i = 0; i < CHUNKS.length; i++) {
        const s = out.scores[i];
        const ref = await rust.pair(QUERY, CHUNKS[i], maxLength);
        assert.ok(ref.ids.length <= maxLength);
        assert.equal(s.queryTokensKept, ref.keptQuery, `max ${maxLength} pair ${i}: query kept`);
        assert.equal(s.chunkTokensKept, ref.keptPassage, `max ${maxLength} pair ${i}: chunk kept`);
        assert.equal(s.truncated, ref.keptPassage < ref.passageTokens, `max ${maxLength} pair ${i}: truncated`);
        const want = reference(QUERY, CHUNKS[i], maxLength);
        assert.ok(Math.abs(s.score - want) < 1e-4, `max ${maxLength} pair ${i}: engine ${s.score} vs reference ${want}`);
      }
      assert.equal(out.scores[1].truncated, true);
    }
  });

  it('the CLI reranks a file with it (--format json): scores = reference, sorted', () => {
    const file = join(dir, 'docs.json');
    writeFileSync(file, JSON.stringify({ query: QUERY, documents: CHUNKS.filter(Boolean) }));
    const r = spawnSync(process.execPath, [CLI_JS, 'rerank', file, '--model', modelDir, '--format', 'json', '--cache-dir', cacheDir, '--offline', '--max-length', '64'], {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: join(dir, 'xdg') },
    });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { queries: { query: string; results: { index: number; text: string; score: number; logit: number }[] }[] };
    assert.equal(out.queries.length, 1);
    assert.equal(out.queries[0].query, QUERY);
    const results = out.queries[0].results;
    const docs = CHUNKS.filter(Boolean);
    assert.equal(results.length, docs.length);
    for (const x of results) {
      assert.equal(x.text, docs[x.index]);
      const want = reference(QUERY, docs[x.index], 64);
      assert.ok(Math.abs(x.score - want) < 1e-4, `doc ${x.index}: cli ${x.score} vs reference ${want}`);
      assert.ok(Math.abs(x.logit - x.score) < 1e-9, 'Identity activation: score is the logit');
    }
    for (let i = 1; i < results.length; i++) assert.ok(results[i - 1].score >= results[i].score);
  });
});
