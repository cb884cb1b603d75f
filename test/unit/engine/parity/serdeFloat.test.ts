// serde_json's default float parsing (what the Rust library's Unigram scores are), checked on values
// from bge-reranker-v2-m3's tokenizer.json where it is one ulp away from JSON.parse.
import { strict as assert } from 'node:assert';
import { serdeF64 } from '../../../../src/engine/hfTokenizer/serdeFloat';

describe('engine/hfTokenizer: serde_json float parsing', () => {
  it('reproduces the one-ulp differences of serde_json (digits as an integer, then one division)', () => {
    // JSON.parse('-7.4715776443481445') is correctly rounded; serde_json gives the next double up.
    assert.equal(serdeF64(-7.4715776443481445), -7.471577644348144);
    assert.equal(serdeF64(-7.7206902503967285), -7.720690250396728);
    assert.equal(Math.abs(serdeF64(-7.7708048820495605) - -7.7708048820495605), 2 ** -50);
  });

  it('leaves exactly representable and short values alone', () => {
    for (const x of [0, -0.5, -10, 3, -12.25, 1e-7, -3.5e-5, 123456789]) assert.equal(serdeF64(x), x);
  });
});
