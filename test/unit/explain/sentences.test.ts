// Sentence units map back to the chunk text exactly: tiles rebuild the text, highlights are the tiles
// without whitespace, offsets are UTF-16 indexes into the original string (emoji stay whole).
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { segmentSentences } from '../../../src/core/explain/sentences';
import type { SentenceSpan } from '../../../src/core/explain/types';

function checkTiling(text: string, units: SentenceSpan[]): void {
  if (text.trim() === '') return assert.deepEqual(units, [], 'a blank text has no units');
  assert.equal(units.map((u) => text.slice(u.tileStart, u.tileEnd)).join(''), text, 'tiles rebuild the text');
  units.forEach((u, i) => {
    assert.equal(u.index, i);
    assert.ok(u.tileStart <= u.start && u.start < u.end && u.end <= u.tileEnd, `unit ${i} inside its tile`);
    const body = text.slice(u.start, u.end);
    assert.equal(body, body.trim(), `unit ${i} has no surrounding whitespace`);
    assert.equal(text.slice(u.tileStart, u.start).trim(), '', 'only whitespace before the highlight');
    assert.equal(text.slice(u.end, u.tileEnd).trim(), '', 'only whitespace after the highlight');
    if (i > 0) assert.equal(u.tileStart, units[i - 1].tileEnd, 'no gap or overlap');
  });
  if (units.length) {
    assert.equal(units[0].tileStart, 0);
    assert.equal(units[units.length - 1].tileEnd, text.length);
  }
}

const bodies = (text: string, units: SentenceSpan[]): string[] => units.map((u) => text.slice(u.start, u.end));

describe('explain: sentence units', () => {
  it('splits English sentences and keeps the offsets of the original text', () => {
    const text = 'The pool is exhausted. Raise max_connections!  Why? Because idle clients hold slots.';
    const units = segmentSentences(text);
    checkTiling(text, units);
    assert.deepEqual(bodies(text, units), ['The pool is exhausted.', 'Raise max_connections!', 'Why?', 'Because idle clients hold slots.']);
    assert.equal(units[1].start, text.indexOf('Raise'));
    assert.equal(units[1].tileEnd, text.indexOf('Why?'), 'two spaces stay in the tile before');
  });

  it('does not break after abbreviations and initials (Dr., e.g., i.e., Mr., J.)', () => {
    const text = 'Dr. Smith runs the lab. Use a pool, e.g. PgBouncer in front. Mr. Brown agreed, i.e. Fully. J. Doe left.';
    const units = segmentSentences(text);
    checkTiling(text, units);
    assert.deepEqual(bodies(text, units), ['Dr. Smith runs the lab.', 'Use a pool, e.g. PgBouncer in front.', 'Mr. Brown agreed, i.e. Fully.', 'J. Doe left.']);
    assert.deepEqual(units.map((u) => u.merged), [2, 2, 3, 2], 'merged counts the Segmenter sentences');
    const para = 'Ask the Dr.\nThe next line is its own sentence.';
    assert.deepEqual(bodies(para, segmentSentences(para)), ['Ask the Dr.', 'The next line is its own sentence.'], 'no join across a line break');
  });

  it('splits CJK on 。！？ with exact offsets', () => {
    const text = '连接池已耗尽。请增加最大连接数！为什么？因为空闲连接占用了位置';
    const units = segmentSentences(text);
    checkTiling(text, units);
    assert.deepEqual(bodies(text, units), ['连接池已耗尽。', '请增加最大连接数！', '为什么？', '因为空闲连接占用了位置']);
    assert.deepEqual(units.map((u) => u.start), [0, 7, 16, 20]);
  });

  it('a text without terminal punctuation is one unit; so is a one-sentence chunk', () => {
    for (const text of ['no terminal punctuation here', 'One sentence only.', '  padded single sentence  ']) {
      const units = segmentSentences(text);
      checkTiling(text, units);
      assert.equal(units.length, 1, text);
      assert.equal(text.slice(units[0].start, units[0].end), text.trim());
    }
  });

  it('empty and whitespace-only texts have no units', () => {
    assert.deepEqual(segmentSentences(''), []);
    assert.deepEqual(segmentSentences(' \n\t '), []);
  });

  it('emoji and surrogate pairs: offsets are UTF-16 and never split a pair', () => {
    const text = 'Deploy 🚀 done. 𝒳 marks the spot! Then 👩‍💻 typed.';
    const units = segmentSentences(text);
    checkTiling(text, units);
    assert.deepEqual(bodies(text, units), ['Deploy 🚀 done.', '𝒳 marks the spot!', 'Then 👩‍💻 typed.']);
    assert.equal(units[1].start, text.indexOf('𝒳'));
    for (const u of units) {
      for (const at of [u.start, u.end, u.tileStart, u.tileEnd]) {
        const code = text.charCodeAt(at);
        assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `offset ${at} is not inside a surrogate pair`);
      }
    }
  });

  it('blank lines join the unit before; leading blank lines join the first unit', () => {
    const text = '\n\nFirst line\n\n\nSecond para.\n- bullet\n';
    const units = segmentSentences(text);
    checkTiling(text, units);
    assert.deepEqual(bodies(text, units), ['First line', 'Second para.', '- bullet']);
    assert.equal(units[0].tileStart, 0);
  });

  it('caps the units, merging neighbours into groups of similar length', () => {
    const text = Array.from({ length: 100 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const units = segmentSentences(text, { cap: 10 });
    checkTiling(text, units);
    assert.equal(units.length, 10);
    assert.equal(units.reduce((n, u) => n + u.merged, 0), 100, 'every sentence in exactly one unit');
    assert.ok(units.every((u) => u.merged === 10), `even groups: ${units.map((u) => u.merged).join(',')}`);
    assert.equal(segmentSentences(text).length, 48, 'default cap 48');
    assert.equal(segmentSentences(text, { cap: 1 }).length, 1);
  });

  it('any text: tiles rebuild it and highlights are trimmed (property)', () => {
    const pieces = fc.constantFrom('Dr.', 'e.g.', 'word', '。', '！', '?', '.', ' ', '  ', '\n', '\n\n', '🚀', '𝒳', '连接', 'A', 'i.e.', '"', '...');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (parts, cap) => {
        const text = parts.join('');
        const units = segmentSentences(text, { cap });
        checkTiling(text, units);
        assert.ok(units.length <= cap);
        assert.equal(units.length === 0, text.trim() === '');
      }),
      { numRuns: 300 },
    );
  });
});
