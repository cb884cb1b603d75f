// The tokenizers the parity tests run on: the repo's own fixtures, the large real ones (XLM-R,
// bge-reranker-v2-m3, ModernBERT) unpacked from their compressed fixtures (test/support/realTokenizers.ts),
// and synthetic variants of them.
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../../../support/paths';
import { realTokenizerDir } from '../../../support/realTokenizers';

export const TOKENIZER_FIXTURES = resolve(REPO_ROOT, 'test/fixtures/tokenizers');

export interface TokenizerSource {
  name: string;
  family: string;
  /** Random pairs checked against the Rust library (sized so the whole suite stays near 30 s on 2 cores). */
  runs: number;
  /** True when the pair template gives the two texts different token type ids. */
  typeIds: boolean;
  /** The folder (tokenizer.json + tokenizer_config.json), or null with the reason it is missing. */
  resolve(): { dir: string } | { skip: string };
}

const variantDirs = new Map<string, string>();

/**
 * A real fixture with some components swapped, written to a temp folder once per process: covers
 * tokenizer.json components the real files do not use (Replace, Strip, Prepend; ByteLevel with
 * add_prefix_space and its offset trimming).
 */
function variant(name: string, base: string, change: (json: Record<string, unknown>) => Record<string, unknown>): () => { dir: string } {
  return () => {
    let dir = variantDirs.get(name);
    if (!dir) {
      dir = mkdtempSync(join(tmpdir(), `rl-${name}-`));
      const json = JSON.parse(readFileSync(join(TOKENIZER_FIXTURES, base, 'tokenizer.json'), 'utf8'));
      writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(change(json)));
      copyFileSync(join(TOKENIZER_FIXTURES, base, 'tokenizer_config.json'), join(dir, 'tokenizer_config.json'));
      variantDirs.set(name, dir);
    }
    return { dir };
  };
}

function fixture(name: string): () => { dir: string } {
  return () => ({ dir: join(TOKENIZER_FIXTURES, name) });
}

export const SOURCES: TokenizerSource[] = [
  { name: 'bert-base-uncased', family: 'WordPiece (BertNormalizer, [CLS] A [SEP] B [SEP], types 0/1)', runs: 1500, typeIds: true, resolve: fixture('bert-base-uncased') },
  { name: 'roberta-base', family: 'byte-level BPE (RobertaProcessing, trim_offsets)', runs: 1000, typeIds: false, resolve: fixture('roberta-base') },
  { name: 'xlm-roberta', family: 'SentencePiece Unigram (Precompiled, WhitespaceSplit + Metaspace)', runs: 1000, typeIds: false, resolve: () => ({ dir: realTokenizerDir('xlm-roberta') }) },
  { name: 'deberta-v3-synthetic', family: 'SentencePiece Unigram (Strip, Precompiled, Replace; [CLS] A [SEP] B [SEP], types 0/1)', runs: 1000, typeIds: true, resolve: fixture('deberta-v3-synthetic') },
  { name: 'bge-reranker-v2-m3', family: 'SentencePiece Unigram (Precompiled, Strip, Replace, Metaspace)', runs: 800, typeIds: false, resolve: () => ({ dir: realTokenizerDir('bge-reranker-v2-m3') }) },
  { name: 'modernbert', family: 'byte-level BPE (NFC, whitespace added tokens)', runs: 1000, typeIds: false, resolve: () => ({ dir: realTokenizerDir('modernbert') }) },
  {
    name: 'wordpiece-replace-strip-prepend',
    family: 'synthetic: bert vocabulary with Replace, Strip(left) and Prepend normalizers',
    runs: 300,
    typeIds: true,
    resolve: variant('wordpiece-replace-strip-prepend', 'bert-base-uncased', (j) => ({
      ...j,
      normalizer: {
        type: 'Sequence',
        normalizers: [
          { type: 'Replace', pattern: { String: 'e' }, content: 'ee' },
          { type: 'Replace', pattern: { Regex: '\\s{2,}' }, content: ' ' },
          { type: 'Strip', strip_left: true, strip_right: false },
          { type: 'Prepend', prepend: 'x' },
        ],
      },
    })),
  },
  {
    name: 'byte-level-prefix-space',
    family: 'synthetic: roberta with ByteLevel add_prefix_space (offset trimming keeps the first space)',
    runs: 300,
    typeIds: false,
    resolve: variant('byte-level-prefix-space', 'roberta-base', (j) => ({
      ...j,
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: true },
    })),
  },
];
