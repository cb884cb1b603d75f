import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { highlightRanges, mergeRanges, queryTerms } from '../../../src/core/highlight';

const marked = (text: string, query: string) => highlightRanges(text, query).map(([s, e]) => text.slice(s, e));

describe('highlightRanges', () => {
  it('matches whole words case-insensitively and skips stopwords', () => {
    assert.deepEqual(marked('The Reranker reorders; RERANKER wins. Rerankers differ.', 'what is the reranker'), ['Reranker', 'RERANKER']);
  });

  it('respects word boundaries (no match inside another word)', () => {
    assert.deepEqual(marked('cat category concat cat.', 'cat'), ['cat', 'cat']);
  });

  it('handles Unicode letters, case folding and normalisation', () => {
    assert.deepEqual(marked('ÉCOLE und école; Straße vs STRASSE', 'école strasse'), ['ÉCOLE', 'école', 'Straße', 'STRASSE']);
    // Decomposed é (e + U+0301) in the text still matches a composed query term.
    assert.deepEqual(marked('cafe\u0301 au lait', 'café'), ['cafe\u0301']);
    assert.deepEqual(marked('ΣΟΦΟΣ σοφος', 'σοφός σοφος'), ['ΣΟΦΟΣ', 'σοφος']);
    assert.deepEqual(marked('ｆｕｌｌ width', 'full'), ['ｆｕｌｌ']);
  });

  it('uses UTF-16 offsets, so text after astral characters is still right', () => {
    const text = '😀 emoji then rerank';
    assert.deepEqual(highlightRanges(text, 'rerank'), [[text.indexOf('rerank'), text.length]]);
  });

  it('finds terms of unspaced scripts as substrings', () => {
    assert.deepEqual(marked('東京都の天気', '東京'), ['東京']);
  });

  it('matches possessives and numbers, ignores punctuation in the query', () => {
    assert.deepEqual(marked("the user's 2024 report", 'user, 2024?'), ["user's", '2024']);
  });

  it('returns nothing for a query of stopwords or an empty text', () => {
    assert.deepEqual(highlightRanges('the a of', 'the of'), []);
    assert.deepEqual(highlightRanges('', 'anything'), []);
    assert.deepEqual(queryTerms('a x Is'), []);
  });

  it('merges overlapping and touching ranges', () => {
    assert.deepEqual(mergeRanges([[5, 8], [0, 2], [1, 3], [3, 4], [9, 9]]), [[0, 4], [5, 8]]);
    assert.deepEqual(marked('京京京', '京京'), ['京京京']);
  });

  it('ranges are sorted, disjoint, in bounds and each covers a query term (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 20 }), (text, query) => {
        const ranges = highlightRanges(text, query);
        let prevEnd = -1;
        for (const [s, e] of ranges) {
          assert.ok(s > prevEnd && e > s && e <= text.length);
          prevEnd = e;
        }
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{3,8}$/), { minLength: 1, maxLength: 8 }), (words) => {
        const text = words.join(' ');
        const ranges = highlightRanges(text, words[0]);
        assert.ok(ranges.some(([s, e]) => text.slice(s, e) === words[0]) || queryTerms(words[0]).length === 0);
      }),
    );
  });
});
