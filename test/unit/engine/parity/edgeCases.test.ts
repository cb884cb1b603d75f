// Deterministic parity cases for divergence classes found by fuzzing outside the generators of
// parity.test.ts (see the list in each `it`). Every case runs on every tokenizer source against the
// Rust library, so a regression shows which family it is in.
import { strict as assert } from 'node:assert';
import { buildBatchTensors, encodePairText, type EncodedPair } from '../../../../src/engine/encode';
import { exactPairTokenizer, readTokenizerFiles, type LoadedPairTokenizer } from '../../../../src/engine/tokenizer';
import { RustReference, type ReferencePair } from './reference';
import { SOURCES } from './sources';

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
});
