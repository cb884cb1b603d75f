// Pair layout and offsets for tokenizer families other than BERT's WordPiece, on small synthetic
// tokenizer.json files written here: a SentencePiece-style Unigram with Metaspace and RoBERTa's
// `<s> A </s></s> B </s>` (as bge-reranker / XLM-R), and a byte-level BPE with a TemplateProcessing
// post-processor. The check that matters: without truncation our assembled pair equals what the
// library's own post-processor builds, and offsets follow the Rust library's alignment rules. The
// real tokenizers are checked against the Rust library itself in parity/parity.test.ts.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePair, specialTokenCount, layoutOf } from '../../../src/engine/encode';
import { loadPairTokenizer } from '../../../src/engine/tokenizer';
import { TOKENIZER_DIR } from './support';

const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'].map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
const CONFIG = { model_max_length: 512, bos_token: '<s>', eos_token: '</s>', sep_token: '</s>', cls_token: '<s>', unk_token: '<unk>', pad_token: '<pad>' };

function unigramTokenizer(): object {
  const letters = 'abcdefghijklmnopqrstuvwxyzé'.split('');
  const words = ['▁the', '▁river', '▁bank', '▁flood', 'ed', 's', '▁in', '▁spring'];
  const vocab: [string, number][] = [['<s>', 0], ['<pad>', 0], ['</s>', 0], ['<unk>', 0], ['▁', -3]];
  for (const w of words) vocab.push([w, -2]);
  for (const l of letters) vocab.push([l, -6]);
  return {
    version: '1.0',
    added_tokens: SPECIALS,
    normalizer: { type: 'NFKC' },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: true },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 3, vocab },
  };
}

/** GPT-2's byte -> printable character table. */
function byteChars(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const out: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) out[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);
  return out;
}

function byteLevelTokenizer(): object {
  const vocab: Record<string, number> = { '<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3 };
  for (const c of byteChars()) vocab[c] = Object.keys(vocab).length;
  const merges = ['Ġ t', 'h e', 'Ġt he', 'Ġ r', 'i v', 'e r', 'iv er', 'Ġr iver'];
  for (const m of merges) vocab[m.replace(' ', '')] = Object.keys(vocab).length;
  return {
    version: '1.0',
    added_tokens: SPECIALS,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '</s>', type_id: 1 } },
      ],
      special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } },
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges },
  };
}

describe('engine/tokenizer: other tokenizer families', () => {
  let root: string;
  const folder = (name: string, tokenizer: object, klass: string): string => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
    writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ ...CONFIG, tokenizer_class: klass }));
    return dir;
  };
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'rl-tokenizers-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const pairs: [string, string][] = [
    ['the river', 'banks flooded in spring'],
    ['flood', 'the bank'],
  ];

  for (const [name, make, klass, wantSpecials] of [
    ['bert (WordPiece, [CLS] A [SEP] B [SEP])', null, '', 3],
    ['unigram + metaspace (<s> A </s></s> B </s>)', unigramTokenizer, 'XLMRobertaTokenizer', 4],
    ['byte-level BPE + template', byteLevelTokenizer, 'RobertaTokenizer', 3],
  ] as const) {
    it(`${name}: our pair equals the library's own pair encoding`, async () => {
      const dir = make ? folder(klass, make(), klass) : TOKENIZER_DIR;
      const { tokenizer, hf } = await loadPairTokenizer(dir);
      assert.equal(specialTokenCount(layoutOf(tokenizer)), wantSpecials);
      for (const [q, d] of pairs) {
        const ours = encodePair(tokenizer, q, d, 512);
        const lib = hf._tokenizer.encode(q, { text_pair: d, add_special_tokens: true, return_token_type_ids: true });
        assert.deepEqual(ours.inputIds, lib.ids, `${q} / ${d}`);
        if (name.startsWith('unigram')) assert.ok(ours.tokenTypeIds.every((t) => t === 0));
        else assert.deepEqual(ours.tokenTypeIds, lib.token_type_ids);
      }
      // Truncation shares maxLength minus this template's own number of special tokens.
      const long = encodePair(tokenizer, 'the river '.repeat(20), 'banks flooded '.repeat(30), 24);
      assert.equal(long.inputIds.length, 24);
      assert.equal(long.queryTokensKept + long.chunkTokensKept, 24 - wantSpecials);
      assert.equal(long.inputIds[23], layoutOf(tokenizer).end[layoutOf(tokenizer).end.length - 1].id);
    });
  }

  it('unigram + metaspace: offsets slice the original words', async () => {
    const { tokenizer, hf } = await loadPairTokenizer(folder('xlmr-offsets', unigramTokenizer(), 'XLMRobertaTokenizer'));
    const text = 'the  river banks flooded';
    const tokens = hf._tokenizer.encode(text, { add_special_tokens: false }).tokens;
    const { offsets } = tokenizer.encodeNoSpecial(text);
    const slices = offsets.map(([a, b]) => text.slice(a, b));
    // Each token's slice is its text with ▁ standing for the space it replaced (as the Rust library
    // aligns it); the ▁ prepended to the first word has no space of its own.
    tokens.forEach((t, i) => assert.equal(slices[i], i === 0 ? t.replace(/^▁/, '') : t.replace(/▁/g, ' '), `token ${i} ${t}`));
    assert.ok(slices.includes(' river'));
  });

  it('byte-level BPE: offsets follow UTF-8 bytes back to characters', async () => {
    const { tokenizer, hf } = await loadPairTokenizer(folder('bpe-offsets', byteLevelTokenizer(), 'RobertaTokenizer'));
    const text = 'the river café 東京';
    const tokens = hf._tokenizer.encode(text, { add_special_tokens: false }).tokens;
    const { offsets } = tokenizer.encodeNoSpecial(text);
    assert.equal(offsets.length, tokens.length);
    const slices = offsets.map(([a, b]) => text.slice(a, b));
    // Without a trim_offsets post-processor a token's offsets include its leading space (Rust).
    assert.ok(slices.includes(' river'), slices.join('|'));
    // é is two bytes: each of its byte tokens covers the whole character.
    const e = text.indexOf('é');
    const eTokens = offsets.filter(([a]) => a === e);
    assert.equal(eTokens.length, 2);
    assert.deepEqual(eTokens, [
      [e, e + 1],
      [e, e + 1],
    ]);
    // 東 is three bytes, 京 three more: every token lands inside the text, in order.
    let last = 0;
    for (const [a, b] of offsets) {
      assert.ok(a >= last && b >= a && b <= text.length);
      last = a;
    }
    assert.deepEqual(offsets[offsets.length - 1], [text.length - 1, text.length]);
    // A cut after "the river" points at the next token, which starts with its space.
    const p = encodePair(tokenizer, "x", text, 3 + 1 + 3); // keeps t, he, Ġriver
    assert.equal(text.slice(p.truncatedAtChar!), ' café 東京');
  });
});
