import { strict as assert } from 'node:assert';
import { highlightRanges } from '../../../src/core/highlight';
import { renderChunkText } from '../../../media/render/chunkText';
import { newDocument } from './dom';

describe('webview: chunk text', () => {
  const { window, document } = newDocument();
  after(() => window.happyDOM.close());

  it('renders markup in a chunk literally: no element is created from it', () => {
    const text = '<img src=x onerror=alert(1)> and <script>alert(2)</script><b>bold</b>';
    const el = renderChunkText(document, text, highlightRanges(text, 'alert bold'), null);
    document.body.appendChild(el);
    assert.equal(el.textContent, text);
    assert.equal(el.querySelectorAll('img, script, b').length, 0);
    assert.equal(document.querySelectorAll('img, script').length, 0);
    // The highlighted words are <mark>s around text nodes, nothing else.
    assert.deepEqual([...el.querySelectorAll('mark')].map((m) => m.textContent), ['alert', 'alert', 'bold']);
    assert.deepEqual([...el.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()), ['mark', 'mark', 'mark']);
  });

  it('wraps highlight ranges in <mark> without losing or reordering text', () => {
    const text = 'Rerankers rerank: a Reranker is a cross-encoder.';
    const el = renderChunkText(document, text, highlightRanges(text, 'reranker cross encoder'), null);
    assert.equal(el.textContent, text);
    assert.deepEqual([...el.querySelectorAll('mark')].map((m) => m.textContent), ['Reranker', 'cross', 'encoder']);
    assert.equal(el.childNodes.length, 7); // text, mark, text, mark, text, mark, text
  });

  it('dims exactly the part the model never saw, highlighted like the rest', () => {
    const text = 'seen part about rerank | unseen tail about rerank';
    const cut = text.indexOf('|');
    const el = renderChunkText(document, text, highlightRanges(text, 'rerank'), cut);
    const unseen = el.querySelectorAll('.unseen');
    assert.equal(unseen.length, 1);
    assert.equal(unseen[0].textContent, text.slice(cut));
    assert.equal(el.textContent, text);
    assert.equal(unseen[0].querySelectorAll('mark').length, 1);
    // A highlight straddling the cut is split so neither side loses its text.
    const el2 = renderChunkText(document, 'abcdef', [[1, 5]], 3);
    assert.deepEqual([...el2.querySelectorAll('mark')].map((m) => m.textContent), ['bc', 'de']);
    assert.equal(el2.querySelector('.unseen')!.textContent, 'def');
  });

  it('shows no dimmed part when not truncated or cut at the end', () => {
    assert.equal(renderChunkText(document, 'abc', [], null).querySelector('.unseen'), null);
    assert.equal(renderChunkText(document, 'abc', [], 3).querySelector('.unseen'), null);
    assert.equal(renderChunkText(document, 'abc', [], 0).querySelector('.unseen')!.textContent, 'abc');
  });
});
