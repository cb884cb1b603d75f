// Deterministic parity cases for divergence classes found by fuzzing outside the generators of
// parity.test.ts (see the list in each `it`). Every case runs on every tokenizer source against the
// Rust library, so a regression shows which family it is in.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';
import { isWordChar } from '../../../../src/engine/hfTokenizer/unicode';
import { WHITESPACE_NOT_WORD } from '../../../../src/engine/hfTokenizer/unicodeTables';
import { buildBatchTensors, encodePairText, type EncodedPair } from '../../../../src/engine/encode';
import { exactPairTokenizer, readTokenizerFiles, type LoadedPairTokenizer } from '../../../../src/engine/tokenizer';
import { RustReference, type ReferencePair } from './reference';
import { SOURCES, TOKENIZER_FIXTURES } from './sources';

function differences(ours: EncodedPair, ref: ReferencePair): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!same(ours.inputIds, ref.ids)) out.push(`input ids\n  ours ${ours.inputIds.join(' ')}\n  rust ${ref.ids.join(' ')} (${ref.tokens.join(' ')})`);
  if (!same(ours.tokenTypeIds, ref.typeIds)) out.push(`token type ids ${ours.tokenTypeIds.join('')} vs ${ref.typeIds.join('')}`);
  const mask = Array.from(buildBatchTensors([ours]).attentionMask, Number);
  if (!same(mask, ref.attentionMask)) out.push(`attention mask ${mask.join('')} vs ${ref.attentionMask.join('')}`);
  if (ours.queryTokensKept !== ref.keptQuery || ours.chunkTokensKept !== ref.keptPassage)
    out.push(`kept ${ours.queryTokensKept} + ${ours.chunkTokensKept}, rust ${ref.keptQuery} + ${ref.keptPassage}`);
  if (ours.truncatedAtChar !== ref.truncatedAtChar) out.push(`truncatedAtChar ${ours.truncatedAtChar}, rust ${ref.truncatedAtChar}`);
  if (ours.queryTokensIsLowerBound ? ours.queryTokens > ref.queryTokens : ours.queryTokens !== ref.queryTokens) out.push(`query tokens ${ours.queryTokens}, rust ${ref.queryTokens}`);
  if (ours.chunkTokensIsLowerBound ? ours.chunkTokens > ref.passageTokens : ours.chunkTokens !== ref.passageTokens) out.push(`passage tokens ${ours.chunkTokens}, rust ${ref.passageTokens}`);
  return out;
}

type Case = [query: string, passage: string, maxLength: number];

describe('engine/parity: edge cases found by fuzzing, on every tokenizer', function () {
  this.timeout(60_000);

  for (const src of SOURCES) {
    describe(src.name, () => {
      let tok: LoadedPairTokenizer;
      let rust: RustReference;
      before(function () {
        const r = src.resolve();
        if ('skip' in r) {
          console.log(`      skipped ${src.name}: ${r.skip}`);
          this.skip();
        }
        const dir = (r as { dir: string }).dir;
        const files = readTokenizerFiles(dir);
        tok = exactPairTokenizer(files.json, files.config);
        rust = RustReference.load(dir);
      });

      const check = async (cases: Case[]): Promise<void> => {
        const failures: string[] = [];
        for (const [q, d, max] of cases) {
          const diff = differences(encodePairText(tok, tok.encodeNoSpecial(q), d, max), await rust.pair(q, d, max));
          if (diff.length) failures.push(`${JSON.stringify(q)} / ${JSON.stringify(d)} at ${max}:\n${diff.join('\n')}`);
        }
        assert.deepEqual(failures, []);
      };

      it('lone surrogates: the Rust library gets U+FFFD for each (napi), offsets stay one UTF-16 unit', async () => {
        // bert-base-uncased gave [UNK] for a lone surrogate where Rust (clean_text drops U+FFFD) gave nothing.
        await check([
          ['\ud800', '\udc00', 512],
          ['a\ud83d b', 'the river\ude00bank flooded', 512],
          ['berlin', 'x \ud83d'.repeat(40), 16],
          ['\ud83d\ude00\ud83d', 'museum \udfff\ud800 berlin \ud83d\ude00', 9],
        ]);
      });

      it('a max length below the number of special tokens truncates nothing beyond the early stop (usize wrap in Rust)', async () => {
        const cases: Case[] = [];
        for (const max of [1, 2, 3, 4, 5])
          for (const [q, d] of [
            ['a b c', 'd e f g'],
            ['', ''],
            ['tokenization unbelievable', ''],
            ['', 'unbelievable tokenization of rivers'],
          ] as const)
            cases.push([q, d, max]);
        await check(cases);
      });
    });
  }

  describe('added tokens as the Rust library loads them (synthetic tokenizer.json files)', () => {
    const added = (id: number, content: string, flags: Record<string, boolean> = {}) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: false,
      ...flags,
    });
    /** A fixture's tokenizer.json with extra added tokens, in a temp folder. */
    const withAdded = (base: string, extra: unknown[]): string => {
      const dir = mkdtempSync(join(tmpdir(), 'rl-added-'));
      const json = JSON.parse(readFileSync(join(base, 'tokenizer.json'), 'utf8'));
      writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify({ ...json, added_tokens: [...json.added_tokens, ...extra] }));
      copyFileSync(join(base, 'tokenizer_config.json'), join(dir, 'tokenizer_config.json'));
      return dir;
    };
    const checkDir = async (dir: string, cases: Case[]): Promise<void> => {
      const files = readTokenizerFiles(dir);
      const tok = exactPairTokenizer(files.json, files.config);
      const rust = RustReference.load(dir);
      const failures: string[] = [];
      for (const [q, d, max] of cases) {
        const diff = differences(encodePairText(tok, tok.encodeNoSpecial(q), d, max), await rust.pair(q, d, max));
        if (diff.length) failures.push(`${JSON.stringify(q)} / ${JSON.stringify(d)} at ${max}:\n${diff.join('\n')}`);
      }
      assert.deepEqual(failures, []);
    };

    it('ids come from the order of added_tokens (content already known -> its id, else the next from the vocabulary size), not from their "id" fields', async () => {
      // Before: the JSON ids were used (river as 5000, Hello World as 40000); Rust gives 2314 and 30522.
      const extra = [
        added(5000, 'river', { normalized: true }),
        added(40000, 'Hello World', { normalized: true }),
        added(40001, '<special>'),
        added(40002, ''),
        added(30522, 'ＦＵＬＬ', { normalized: true }),
        added(7, '<special>', { lstrip: true }), // the same content again: same id, these flags win
      ];
      const cases: Case[] = [
        ['the river flows', 'hello world, HELLO WORLD and Hello  World', 512],
        ['<special>x', 'a <special> b ｆｕｌｌ ＦＵＬＬ full', 512],
        ['river river river', 'the river bank <special> river', 7],
      ];
      await checkDir(withAdded(join(TOKENIZER_FIXTURES, 'bert-base-uncased'), extra), cases);
      await checkDir(withAdded(join(TOKENIZER_FIXTURES, 'roberta-base'), [added(60000, 'Hello World'), added(60001, ' river', { normalized: true }), added(3, '<special>')]), cases);
      const xlmr = SOURCES.find((s) => s.name === 'xlm-roberta')!.resolve() as { dir: string };
      await checkDir(withAdded(xlmr.dir, [added(300000, 'Hello World'), added(5, '▁river', { normalized: true }), added(3, '<special>', { rstrip: true })]), cases);
    });

    it("single_word boundaries are the regex crate's \\w: combining marks and joiners are word chars, superscripts and new characters are not", async () => {
      // Before: char::is_alphanumeric, so "e\u0301<special>" matched and "²<special>" did not.
      const dir = withAdded(join(TOKENIZER_FIXTURES, 'bert-base-uncased'), [added(0, '<special>', { single_word: true }), added(0, ' ', { single_word: true, normalized: true })]);
      const cases: Case[] = [];
      for (const before of ['', 'a', 'é', 'e\u0301', '²', '½', '‿', 'a\u200d', '\u{323b0}', '\u1ae4', 'Ⅻ', 'ⓐ', '_', '-', '東', '😀'])
        for (const after of ['', 'x', '\u0301', '²', '\u{323b0}', ' '])
          cases.push([`${before}<special>${after}`, `q ${before} ${after}q`, 512]);
      await checkDir(dir, cases);
    });

    it("the regex crate's \\w knows the characters WHITESPACE_NOT_WORD lists as little as Oniguruma does (sampled)", async () => {
      const rust = Tokenizer.fromString(
        JSON.stringify({
          version: '1.0',
          added_tokens: [added(2, '#', { single_word: true })],
          normalizer: null,
          pre_tokenizer: null,
          post_processor: null,
          decoder: null,
          model: { type: 'WordLevel', vocab: { '[UNK]': 0, x: 1 }, unk_token: '[UNK]' },
        }),
      );
      const cps: number[] = [];
      for (const [a, b] of WHITESPACE_NOT_WORD) for (let c = a; c <= b; c++) cps.push(c);
      // Assigned characters only: unassigned ones are no word characters anywhere, and thousands of
      // added-token matches in a row are slow in the Rust library.
      for (let c = 0; c <= 0x10ffff; c += 13) if (c !== 0x23 && /^[^\p{Cn}\p{Cs}\p{Co}]$/u.test(String.fromCodePoint(c))) cps.push(c);
      const mismatches: string[] = [];
      for (let i = 0; i < cps.length; i += 256) {
        const batch = cps.slice(i, i + 256);
        // "c# " for each: the added token matches exactly when c is not a word character.
        const e = await rust.encode(batch.map((cp) => String.fromCodePoint(cp) + '# ').join(''), null, { addSpecialTokens: false });
        const matched = new Set<number>();
        e.getIds().forEach((id, k) => id === 2 && matched.add(e.getOffsets()[k][0]));
        batch.forEach((cp, k) => {
          if (!matched.has(3 * k + 1) !== isWordChar(String.fromCodePoint(cp))) mismatches.push(cp.toString(16));
        });
      }
      assert.deepEqual(mismatches, []);
    });
  });
});
