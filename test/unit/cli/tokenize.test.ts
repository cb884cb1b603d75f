// `rerank-lens tokenize`, run in-process through main() (no engine: tokenize needs none). The model
// is the committed tiny-bert fixture and a tokenizer-only copy of it (no onnx/, no config.json), and
// the roberta-base tokenizer fixture; the ids are checked against the Rust tokenizers library.
import { strict as assert } from 'node:assert';
import { SUBCOMMANDS } from '../../../src/cli/subcommands';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { TINY_MODEL_DIR } from '../../support/paths';
import { RustReference } from '../engine/parity/reference';
import { TOKENIZER_FIXTURES } from '../engine/parity/sources';
import { startHub } from '../engine/hubServer';

async function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async (limit) => {
      const b = Buffer.from(stdin, 'utf8');
      return new Uint8Array(b.buffer, b.byteOffset, Math.min(b.byteLength, limit + 1));
    },
  };
  const code = await main(args, { io });
  return { code, stdout, stderr };
}

const QUERY = 'How many people live in Berlin?';
const CHUNKS = [
  { id: 'berlin', text: 'Berlin is well known for its museums.' },
  { id: 'river', text: 'The river bank flooded in spring and the museum closed for a week while the water receded slowly.' },
];

describe('cli tokenize', () => {
  let dir: string;
  let input: string;
  let tokenizerOnly: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-tokenize-'));
    input = join(dir, 'results.json');
    writeFileSync(input, JSON.stringify(CHUNKS));
    // A folder with only the tokenizer files: no onnx/, no config.json.
    tokenizerOnly = join(dir, 'tokenizer-only');
    mkdirSync(tokenizerOnly);
    for (const f of ['tokenizer.json', 'tokenizer_config.json']) copyFileSync(join(TINY_MODEL_DIR, f), join(tokenizerOnly, f));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('json: ids, type ids, tokens and cut points equal the Rust library, from the tiny-bert model folder', async () => {
    const r = await cli(['tokenize', input, '--model', TINY_MODEL_DIR, '--query', QUERY, '--max-length', '16', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.tokenizer.engine, 'exact');
    assert.equal(out.tokenizer.tokenTypeIds, true);
    assert.equal(out.tokenizer.maxLength, 16);
    const rust = RustReference.load(TINY_MODEL_DIR);
    const pairs = out.queries[0].pairs;
    assert.equal(pairs.length, 2);
    for (const [i, c] of CHUNKS.entries()) {
      const ref = await rust.pair(QUERY, c.text, 16);
      const p = pairs[i];
      assert.equal(p.id, c.id);
      assert.deepEqual(p.inputIds, ref.ids);
      assert.deepEqual(p.tokenTypeIds, ref.typeIds);
      assert.deepEqual(p.tokens, ref.tokens);
      assert.deepEqual(p.attentionMask, ref.attentionMask);
      assert.equal(p.queryTokensKept, ref.keptQuery);
      assert.equal(p.chunkTokensKept, ref.keptPassage);
      assert.equal(p.chunkCutAtChar, ref.truncatedAtChar);
    }
    // Both sides were cut at 16: the query loses "?", the river chunk everything after "and".
    assert.equal(QUERY.slice(pairs[0].queryCutAtChar), '?');
    assert.equal(CHUNKS[1].text.slice(pairs[1].chunkCutAtChar), 'the museum closed for a week while the water receded slowly.');
  });

  it('a folder with only tokenizer.json and tokenizer_config.json is enough (no onnx/)', async () => {
    const r = await cli(['tokenize', input, '--model', tokenizerOnly, '--query', QUERY]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /input_ids: 101 2129 2116 2111 2444 1999 4068 1029 102 4068 2003 2092 2124 2005 2049 9941 1012 102\n/);
    assert.match(r.stdout, /token_type_ids: (0 ){9}(1 ){8}1\n/);
    assert.match(r.stdout, /tokens: "\[CLS\]" "how" "many"/);
    assert.match(r.stdout, /query: all 7 tokens kept/);
    assert.match(r.stdout, /chunk: all 8 tokens kept/);
  });

  it('a tokenizer without token types prints none; input from stdin with the query in it', async () => {
    const stdin = JSON.stringify({ query: QUERY, documents: CHUNKS.map((c) => c.text) });
    const r = await cli(['tokenize', '-', '--model', join(TOKENIZER_FIXTURES, 'roberta-base'), '--format', 'json'], stdin);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.tokenizer.tokenTypeIds, false);
    const p = out.queries[0].pairs[0];
    assert.equal('tokenTypeIds' in p, false);
    // The PROVENANCE pair encoding of roberta-base.
    assert.deepEqual(p.inputIds, [0, 6179, 171, 82, 697, 11, 5459, 116, 2, 2, 26795, 2614, 16, 157, 684, 13, 63, 19773, 4, 2]);
  });

  it('a folder without tokenizer.json fails with exit 1 and says what is missing; rerank-only options are refused', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const r = await cli(['tokenize', input, '--model', empty, '--query', QUERY]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /tokenizer\.json does not exist/);
    assert.match(r.stderr, /ONNX weights are not needed/);
    const bad = await cli(['tokenize', input, '--model', tokenizerOnly, '--query', QUERY, '--threshold', '0.5']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--threshold is a rerank option/);
  });

  it('a hub id downloads only the tokenizer files (a loopback hub serving the tiny-bert repo)', async () => {
    const hub = await startHub({ 'acme/tiny-bert': TINY_MODEL_DIR });
    try {
      const cache = join(dir, 'cache');
      const r = await cli(['tokenize', input, '--model', 'acme/tiny-bert', '--hub-url', hub.url, '--cache-dir', cache, '--query', QUERY, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).queries[0].pairs[0].inputIds.slice(0, 3), [101, 2129, 2116]);
      const files = new Set(hub.requests.map((q) => q.path.split('/').pop()));
      assert.ok(files.has('tokenizer.json') && files.has('tokenizer_config.json'), [...files].join(', '));
      assert.ok(![...hub.requests].some((q) => /\.onnx$/.test(q.path)), 'no ONNX file was requested');
    } finally {
      await hub.close();
    }
  });

  it('--help prints the usage', async () => {
    const r = await cli(['tokenize', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: rerank-lens tokenize INPUT --model M/);
  });

  it('the main --help lists every other command with its summary', async () => {
    const r = await cli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: rerank-lens rerank/);
    for (const name of Object.keys(SUBCOMMANDS)) assert.match(r.stdout, new RegExp(`\\n  ${name} +\\w`), `${name} is not listed`);
  });
});
