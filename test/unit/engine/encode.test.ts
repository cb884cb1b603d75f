// Pair encoding against the real bert-base-uncased tokenizer (a copy in the repo) and against a plain
// reference of longest-first truncation written here. Runs in-process: no build needed.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  buildBatchTensors,
  effectiveLength,
  encodePair,
  planBatches,
  truncateLongestFirst,
  type PairTokenizer,
} from '../../../src/engine/encode';
import { loadPairTokenizer } from '../../../src/engine/tokenizer';
import { TOKENIZER_DIR } from './support';

/**
 * Straightforward longest-first: remove one token at a time from the longer text until the pair fits.
 * On a tie, remove from the text that was the shorter one at the start (the query when they started
 * equal); this is what HF tokenizers' closed form does, and what gives the longer text the extra token
 * of an odd budget.
 */
function referenceLongestFirst(q: number[], d: number[], maxLength: number): { q: number[]; d: number[] } {
  const a = q.slice();
  const b = d.slice();
  const budget = maxLength - 3;
  const queryWasShorter = q.length <= d.length;
  while (a.length + b.length > budget) {
    if (a.length > b.length) a.pop();
    else if (b.length > a.length) b.pop();
    else if (queryWasShorter) a.pop();
    else b.pop();
  }
  return { q: a, d: b };
}

function referencePair(tok: PairTokenizer, query: string, chunk: string, maxLength: number): number[] {
  // The Rust library compares effective lengths (it stops tokenizing a text after the word that
  // reaches maxLength tokens), so the reference starts from those.
  const qt = tok.encodeNoSpecial(query);
  const dt = tok.encodeNoSpecial(chunk);
  const { q, d } = referenceLongestFirst(qt.ids.slice(0, effectiveLength(qt, maxLength)), dt.ids.slice(0, effectiveLength(dt, maxLength)), maxLength);
  return [tok.clsId, ...q, tok.sepId, ...d, tok.sepId];
}

const words = (n: number, seed = 0): string =>
  Array.from({ length: n }, (_, i) => ['river', 'bank', 'unbelievable', 'tokenization', 'cat', 'Berlin', 'museum', 'zürich'][(i + seed) % 8]).join(' ');

describe('engine/encode: pair encoding', () => {
  let tok: PairTokenizer;
  before(async () => {
    tok = (await loadPairTokenizer(TOKENIZER_DIR)).tokenizer;
  });

  it('encodes the Berlin pair to the ids in the tokenizer PROVENANCE', () => {
    const p = encodePair(tok, 'How many people live in Berlin?', 'Berlin is well known for its museums.', 512);
    assert.deepEqual(p.inputIds, [101, 2129, 2116, 2111, 2444, 1999, 4068, 1029, 102, 4068, 2003, 2092, 2124, 2005, 2049, 9941, 1012, 102]);
    assert.deepEqual(p.tokenTypeIds, [...Array(9).fill(0), ...Array(9).fill(1)]);
    assert.equal(p.queryTokens, 7);
    assert.equal(p.chunkTokens, 8);
    assert.equal(p.truncated, false);
    assert.equal(p.truncatedAtChar, null);
  });

  const cases: [string, string, string, number][] = [
    ['long query, short chunk', words(200), 'Berlin is well known for its museums.', 64],
    ['short query, long chunk', 'How many people live in Berlin?', words(300), 64],
    ['both long', words(200, 3), words(300, 5), 64],
    ['both long, odd budget', words(120, 1), words(90, 2), 50],
    ['both long, equal length', words(100), words(100), 50],
    ['both long, 512', words(600, 1), words(700, 2), 512],
  ];
  for (const [name, q, d, max] of cases) {
    it(`longest-first matches the one-at-a-time reference: ${name}`, () => {
      const p = encodePair(tok, q, d, max);
      assert.deepEqual(p.inputIds, referencePair(tok, q, d, max));
      assert.equal(p.inputIds.length, max);
      assert.equal(p.inputIds[p.inputIds.length - 1], tok.sepId, 'final [SEP] kept');
      const firstSep = p.inputIds.indexOf(tok.sepId);
      assert.equal(firstSep, 1 + p.queryTokensKept);
      assert.deepEqual(p.tokenTypeIds, [...Array(firstSep + 1).fill(0), ...Array(p.inputIds.length - firstSep - 1).fill(1)]);
    });
  }

  it('truncateLongestFirst equals the reference for all small lengths', () => {
    for (let max = 3; max <= 24; max++)
      for (let ql = 0; ql <= 25; ql++)
        for (let dl = 0; dl <= 25; dl++) {
          const ref = referenceLongestFirst(Array(ql).fill(1), Array(dl).fill(2), max);
          assert.deepEqual(truncateLongestFirst(ql, dl, max), { q: ref.q.length, d: ref.d.length }, `q=${ql} d=${dl} max=${max}`);
        }
  });

  it('follows the issue text: shorter within half the budget stays whole', () => {
    assert.deepEqual(truncateLongestFirst(10, 1000, 64), { q: 10, d: 51 });
    assert.deepEqual(truncateLongestFirst(1000, 10, 64), { q: 51, d: 10 });
    // Both over half of 61: shorter floor(61/2)=30, longer 31.
    assert.deepEqual(truncateLongestFirst(40, 1000, 64), { q: 30, d: 31 });
    assert.deepEqual(truncateLongestFirst(1000, 40, 64), { q: 31, d: 30 });
  });

  it('truncatedAtChar points at the first word the model never saw', () => {
    const chunk = Array.from({ length: 80 }, (_, i) => `w${i}`).join(' ');
    // Each `wN` is 2 tokens (w, ##N); query "hello" is 1 token; budget 40-3=37 -> chunk keeps 36 tokens.
    const p = encodePair(tok, 'hello', chunk, 40);
    assert.equal(p.chunkTokensKept, 36);
    assert.equal(p.truncated, true);
    assert.equal(chunk.slice(p.truncatedAtChar!).split(' ')[0], 'w18');
  });

  it('truncatedAtChar can fall inside a word (a dropped ## piece) and survives accents and case', () => {
    const chunk = 'Ünbelievable Café TOKENIZATION unbelievable';
    // Tokens: unbelievable cafe token ##ization unbelievable. Keep 3 chunk tokens: the cut is mid-word.
    const p = encodePair(tok, 'x', chunk, 3 + 1 + 3);
    assert.equal(p.chunkTokensKept, 3);
    assert.equal(p.chunkTokens, 5);
    assert.equal(p.truncatedAtChar, chunk.indexOf('IZATION'));
  });

  it('offsets cover the original text of each token, including accents, CJK, emoji and literal special tokens', () => {
    const text = 'Héllo, WORLD! 東京 rocks 🙂 x[SEP]y naïve\tend [UNK] ok';
    const enc = tok.encodeNoSpecial(text);
    const pieces = enc.offsets.map(([s, e]) => text.slice(s, e));
    assert.deepEqual(pieces, ['Héllo', ',', 'WORLD', '!', '東', '京', 'rocks', '🙂', 'x', '[SEP]', 'y', 'naïve', 'end', '[UNK]', 'ok']);
  });

  it('offsets are increasing and inside the text for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const enc = tok.encodeNoSpecial(s);
        let last = 0;
        for (const [a, b] of enc.offsets) {
          assert.ok(a >= last && b >= a && b <= s.length, JSON.stringify({ s, offsets: enc.offsets }));
          last = a;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('engine/encode: offsets are exact', () => {
  let tok: PairTokenizer;
  let hf: Awaited<ReturnType<typeof loadPairTokenizer>>['hf'];
  before(async () => {
    ({ tokenizer: tok, hf } = await loadPairTokenizer(TOKENIZER_DIR));
  });

  it('each token is the normalized text of its own slice (mixed scripts, accents, punctuation)', () => {
    const alphabet = [...'abcXYZ éÉüÖñçß.,!?-\'"()東京日本語 \t\n', '🙂', 'e\u0301', 'İ', 'ﬁ', '[SEP]', '##'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const enc = hf._tokenizer.encode(text, { add_special_tokens: false });
        const { offsets } = tok.encodeNoSpecial(text);
        enc.tokens.forEach((t, i) => {
          const slice = text.slice(offsets[i][0], offsets[i][1]);
          if (t === '[UNK]') assert.ok(slice.length > 0, `[UNK] #${i} has text in ${JSON.stringify(text)}`);
          else if (t === '[SEP]') assert.equal(slice, '[SEP]');
          else assert.equal(hf._tokenizer.normalizer!.normalize(slice).trim(), t.replace(/^##/, ''), `token #${i} ${t} in ${JSON.stringify(text)}`);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('engine/encode: batches', () => {
  it('plans length-sorted batches that cover every index once', () => {
    const lengths = [5, 50, 7, 50, 3, 20, 9];
    const batches = planBatches(lengths, 3);
    assert.deepEqual(batches, [[1, 3, 5], [6, 2, 0], [4]]);
    assert.deepEqual(batches.flat().sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6]);
  });

  it('caps a batch by padded tokens so long pairs run in smaller batches', () => {
    const lengths = [512, 512, 512, 100, 100, 100, 600];
    // 2 x 512 = 1024 fits a 1100-token cap, 3 x 512 does not; 3 x 100 fits; 600 alone exceeds the cap but still runs.
    assert.deepEqual(planBatches(lengths, 16, 1100), [[6], [0, 1], [2, 3], [4, 5]]);
    for (const b of planBatches(lengths, 16, 1100)) {
      const padded = b.length * Math.max(...b.map((i) => lengths[i]));
      assert.ok(b.length === 1 || padded <= 1100, `batch ${b} pads to ${padded}`);
    }
  });

  it('pads each batch to its own longest pair with int64 zeros and a 0 mask', () => {
    const mk = (ids: number[]) => ({ inputIds: ids, tokenTypeIds: ids.map((_, i) => (i > 1 ? 1 : 0)) }) as never;
    const t = buildBatchTensors([mk([101, 7, 102]), mk([101, 8, 102, 9, 102])]);
    assert.deepEqual(t.dims, [2, 5]);
    assert.deepEqual(Array.from(t.inputIds), [101n, 7n, 102n, 0n, 0n, 101n, 8n, 102n, 9n, 102n]);
    assert.deepEqual(Array.from(t.attentionMask), [1n, 1n, 1n, 0n, 0n, 1n, 1n, 1n, 1n, 1n]);
    assert.deepEqual(Array.from(t.tokenTypeIds), [0n, 0n, 1n, 0n, 0n, 0n, 0n, 1n, 1n, 1n]);
  });
});
