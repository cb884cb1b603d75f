// The token badge of a row says what the model saw of a cut pair ("5 + 504 of 567 tokens"): a bare
// "5 + 567 tokens · truncated" next to a 512-token maximum read as a bug (walkthrough finding).
import { strict as assert } from 'node:assert';
import { tokenCountText } from '../../../media/format';
import { pairScore, sampleRows, sampleState } from '../../../scripts/webviewHarness/sampleState';
import { mountApp } from './dom';

describe('webview: token counts of a row', () => {
  it('whole counts when nothing was cut; kept of total when it was; + for a lower bound', () => {
    assert.equal(tokenCountText({ queryTokens: 5, chunkTokens: 120, truncated: false }), '5 + 120 tokens');
    assert.equal(tokenCountText({ queryTokens: 5, chunkTokens: 567, truncated: true, queryTokensKept: 5, chunkTokensKept: 504 }), '5 + 504 of 567 tokens');
    assert.equal(tokenCountText({ queryTokens: 300, chunkTokens: 400, truncated: true, queryTokensKept: 254, chunkTokensKept: 255 }), '254 of 300 + 255 of 400 tokens');
    assert.equal(tokenCountText({ queryTokens: 5, chunkTokens: 2048, truncated: true, queryTokensKept: 5, chunkTokensKept: 504, chunkTokensAtLeast: true }), '5 + 504 of 2048+ tokens');
    // A scorer that does not report kept counts (a rerank server): the whole counts, as before.
    assert.equal(tokenCountText({ queryTokens: 5, chunkTokens: 567, truncated: true }), '5 + 567 tokens');
  });

  it('the rendered row of a truncated pair shows kept of total', () => {
    const t = mountApp();
    try {
      const rows = sampleRows(2);
      const cut = { ...pairScore(0, 1.5, { truncated: true, truncatedAtChar: 10 }), queryTokens: 5, chunkTokens: 567, queryTokensKept: 5, chunkTokensKept: 504 };
      t.app.handleMessage({ type: 'state', state: sampleState({ rows: rows.map((r, i) => ({ ...r, score: i === 0 ? cut : pairScore(i, 0.2) })), status: { phase: 'done', done: 2, total: 2 } }) });
      const text = t.root.querySelector('.grid-body .grid-row[data-index="0"]')!.textContent!;
      assert.match(text, /5 \+ 504 of 567 tokens/);
    } finally {
      t.close();
    }
  });
});
