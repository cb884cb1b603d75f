// Pair encoding parity with Hugging Face's Rust tokenizers (what sentence-transformers runs), for every
// tokenizer family the engine supports: thousands of random (query, passage) pairs with CJK, emoji,
// accents and combining marks, whitespace runs, control characters, very long words, literal special
// tokens and empty texts, at max lengths 8 to 512. Each pair must give the same input ids, token type
// ids, attention mask, truncation point and `truncatedAtChar` as the Rust library. Our side is the
// engine's own path: the pair tokenizer built from the model's tokenizer files (pairTokenizerFrom /
// exactPairTokenizer), the query tokenized once, each chunk through encodePairText.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { buildBatchTensors, encodePairText, type EncodedPair } from '../../../../src/engine/encode';
import { exactPairTokenizer, loadPairTokenizer, readTokenizerFiles, type LoadedPairTokenizer } from '../../../../src/engine/tokenizer';
import { RustReference, type ReferencePair } from './reference';
import { SOURCES } from './sources';
import { pair as randomPair, text } from './texts';

function encodeLikeEngine(tok: LoadedPairTokenizer, query: string, passage: string, maxLength: number): EncodedPair {
  return encodePairText(tok, tok.encodeNoSpecial(query), passage, maxLength);
}

/** Every difference between our encoding and the reference, as readable lines (empty when equal). */
function differences(ours: EncodedPair, ref: ReferencePair): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!same(ours.inputIds, ref.ids)) out.push(`input ids\n  ours ${ours.inputIds.join(' ')}\n  rust ${ref.ids.join(' ')} (${ref.tokens.join(' ')})`);
  if (!same(ours.tokenTypeIds, ref.typeIds)) out.push(`token type ids\n  ours ${ours.tokenTypeIds.join('')}\n  rust ${ref.typeIds.join('')}`);
  const mask = Array.from(buildBatchTensors([ours]).attentionMask, Number);
  if (!same(mask, ref.attentionMask)) out.push(`attention mask ${mask.join('')} vs ${ref.attentionMask.join('')}`);
  if (ours.queryTokensKept !== ref.keptQuery || ours.chunkTokensKept !== ref.keptPassage)
    out.push(`kept ${ours.queryTokensKept} + ${ours.chunkTokensKept}, rust ${ref.keptQuery} + ${ref.keptPassage}`);
  if (ours.truncatedAtChar !== ref.truncatedAtChar) out.push(`truncatedAtChar ${ours.truncatedAtChar}, rust ${ref.truncatedAtChar}`);
  if (ours.truncated !== ref.keptPassage < ref.passageTokens) out.push(`truncated ${ours.truncated}, rust dropped ${ref.passageTokens - ref.keptPassage}`);
  if (ours.queryTokensIsLowerBound ? ours.queryTokens > ref.queryTokens : ours.queryTokens !== ref.queryTokens) out.push(`query tokens ${ours.queryTokens}, rust ${ref.queryTokens}`);
  if (ours.chunkTokensIsLowerBound ? ours.chunkTokens > ref.passageTokens : ours.chunkTokens !== ref.passageTokens) out.push(`passage tokens ${ours.chunkTokens}, rust ${ref.passageTokens}`);
  return out;
}

/** Long passages (30 KB and more): word soup, one huge word first, long whitespace runs, text without spaces. */
function longPassages(seed: number): Array<[string, string]> {
  const soup = fc.sample(text(40), { numRuns: 300, seed }).join(' ');
  const sized = (s: string): string => s.repeat(Math.ceil(30_000 / Math.max(1, s.length))).slice(0, 30_000);
  return [
    ['word soup', sized(soup)],
    ['one huge word first', 'x'.repeat(12_000) + ' ' + sized(soup)],
    ['whitespace runs', ('river \t\n' + ' '.repeat(300) + '\u3000\n').repeat(40) + sized(soup)],
    ['CJK without spaces', '東京の川は春に氾濫した'.repeat(1000) + ' ' + sized(soup)],
    ['marks and emoji without spaces', 'e\u0301\u0302👨‍👩‍👧‍👦ñ1️⃣Å'.repeat(2000) + ' ' + sized(soup)],
  ];
}

describe('engine/parity: pair encoding equals the Rust tokenizers library', function () {
  this.timeout(120_000);

  for (const src of SOURCES) {
    describe(`${src.name}: ${src.family}`, () => {
      let tok: LoadedPairTokenizer;
      let rust: RustReference;
      let dir = '';
      before(function () {
        const r = src.resolve();
        if ('skip' in r) {
          console.log(`      skipped ${src.name}: ${r.skip}`);
          this.skip();
        }
        dir = (r as { dir: string }).dir;
        const files = readTokenizerFiles(dir);
        tok = exactPairTokenizer(files.json, files.config);
        rust = RustReference.load(dir);
      });

      it(`${src.runs} random pairs at max lengths 8-512: same ids, type ids, mask, truncation and truncatedAtChar`, async () => {
        assert.equal(tok.hasTokenTypes, src.typeIds);
        let truncated = 0;
        await fc.assert(
          fc.asyncProperty(randomPair, async ({ query, passage, maxLength }) => {
            const ref = await rust.pair(query, passage, maxLength);
            const diff = differences(encodeLikeEngine(tok, query, passage, maxLength), ref);
            if (ref.keptPassage < ref.passageTokens) truncated++;
            assert.deepEqual(diff, [], `${JSON.stringify(query)} / ${JSON.stringify(passage)} at ${maxLength}:\n${diff.join('\n')}`);
          }),
          { numRuns: src.runs },
        );
        // The property is only worth something if truncation actually happened often.
        assert.ok(truncated > src.runs / 6, `only ${truncated} of ${src.runs} pairs were truncated`);
      });

      it('empty query or passage: the pair template stays, with an empty segment (as in Rust, unlike transformers.js)', async () => {
        for (const [q, d] of [
          ['how many people live in Berlin?', ''],
          ['', 'Berlin is well known for its museums.'],
          ['', ''],
          [' ', '\n\t '],
        ]) {
          for (const max of [8, 512]) {
            const ours = encodeLikeEngine(tok, q, d, max);
            assert.deepEqual(differences(ours, await rust.pair(q, d, max)), [], `${JSON.stringify(q)} / ${JSON.stringify(d)} at ${max}`);
          }
        }
        // The template's last special token closes the (empty) passage segment.
        const onlyQuery = encodeLikeEngine(tok, 'berlin', '', 512);
        const layout = tok.layout!;
        assert.equal(onlyQuery.inputIds.length, layout.start.length + onlyQuery.queryTokens + layout.middle.length + layout.end.length);
      });

      it('tie-prone texts (digit runs, repeated pieces) segment as in Rust', async () => {
        // bge-reranker-v2-m3 split "river" + 181 nines as 99|999|99 only with serde_json's float scores.
        for (const t of ['river' + '9'.repeat(181), 'the river' + '9'.repeat(181), 'abab'.repeat(60), '1,000,000'.repeat(30), 'ééé'.repeat(50)]) {
          for (const max of [23, 512]) assert.deepEqual(differences(encodeLikeEngine(tok, 'café', t, max), await rust.pair('café', t, max)), [], `${t.slice(0, 20)} at ${max}`);
        }
      });

      it('long passages: only a prefix is tokenized, the encoding and truncatedAtChar stay exact', async () => {
        for (const [what, passage] of longPassages(7)) {
          for (const max of [8, 512]) {
            const seen: number[] = [];
            const counting = { ...tok, encodeNoSpecial: (t: string) => (seen.push(t.length), tok.encodeNoSpecial(t)) };
            const ours = encodePairText(counting, tok.encodeNoSpecial('how do rivers flood?'), passage, max);
            const ref = await rust.pair('how do rivers flood?', passage, max);
            assert.deepEqual(differences(ours, ref), [], `${what} at ${max}`);
            assert.ok(ours.chunkTokensIsLowerBound, `${what} at ${max}: the count should be a lower bound`);
            assert.ok(ours.chunkTokens < ref.passageTokens, `${what} at ${max}: ${ours.chunkTokens} of ${ref.passageTokens} tokens`);
            assert.ok(Math.max(...seen) < passage.length, `${what} at ${max}: the whole passage was tokenized`);
          }
        }
      });
    });
  }

  it('a 10 MB chunk is cut before tokenizing: a few KB tokenized, same encoding as a 1 MB prefix of it', async () => {
    const bertDir = (SOURCES[0].resolve() as { dir: string }).dir;
    const files = readTokenizerFiles(bertDir);
    const tok = exactPairTokenizer(files.json, files.config);
    const unit = 'The river bank flooded in spring, and the museum in Berlin closed for a week. ';
    const chunk = unit.repeat(Math.ceil(10_000_000 / unit.length));
    const seen: number[] = [];
    const counting = { ...tok, encodeNoSpecial: (t: string) => (seen.push(t.length), tok.encodeNoSpecial(t)) };
    const p = encodePairText(counting, tok.encodeNoSpecial('flood'), chunk, 512);
    assert.ok(seen.reduce((a, b) => a + b, 0) < 20_000, `tokenized ${seen.join(' + ')} chars`);
    assert.equal(p.inputIds.length, 512);
    assert.equal(p.chunkTokensIsLowerBound, true);
    const rust = RustReference.load(bertDir);
    const ref = await rust.pair('flood', chunk.slice(0, 1_000_000), 512);
    assert.deepEqual(p.inputIds, ref.ids);
    assert.equal(p.truncatedAtChar, ref.truncatedAtChar);
  });

  it('the engine loads the exact encoder, not the transformers.js fallback, through transformers.js files', async () => {
    for (const src of SOURCES.filter((s) => ['bert-base-uncased', 'roberta-base', 'deberta-v3-synthetic'].includes(s.name))) {
      const { tokenizer, hf } = await loadPairTokenizer((src.resolve() as { dir: string }).dir);
      assert.equal(tokenizer.engine, 'exact', src.name);
      assert.equal(tokenizer.fallbackReason, undefined);
      // The known divergence: transformers.js drops an empty second text and encodes the query alone;
      // the Rust library (and so sentence-transformers) keeps the pair template. We follow Rust.
      const lib = hf._tokenizer.encode('berlin', { text_pair: '', add_special_tokens: true }).ids;
      const ours = encodePairText(tokenizer, tokenizer.encodeNoSpecial('berlin'), '', 512).inputIds;
      const rust = await RustReference.load((src.resolve() as { dir: string }).dir).pair('berlin', '', 512);
      assert.deepEqual(ours, rust.ids, src.name);
      assert.ok(lib.length < ours.length, `${src.name}: transformers.js ${lib.join(' ')} vs ${ours.join(' ')}`);
    }
  });
});
