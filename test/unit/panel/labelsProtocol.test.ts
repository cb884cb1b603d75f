// The judging protocol (issue 14) both ways: what the host accepts from the (untrusted) webview and
// what the webview accepts from the host.
import { strict as assert } from 'node:assert';
import { isLabelsType, labelsKey, parseLabelsHostMessage, parseLabelsWebviewMessage } from '../../../src/panel/labels/protocol';
import { parseWebviewMessage } from '../../../src/panel/protocol';
import { parseLabWebviewMessage } from '../../../src/panel/lab/protocol';

describe('labels protocol', () => {
  const key = labelsKey(2, 'what is bm25');

  it('accepts a judgment of a row with grade 0, 1, 2 or null', () => {
    for (const grade of [0, 1, 2, null]) assert.deepEqual(parseLabelsWebviewMessage({ type: 'labelSet', index: 4, grade, key }), { type: 'labelSet', index: 4, grade, key });
  });

  it('keeps the running number of a judgment (answered as ack)', () => {
    assert.deepEqual(parseLabelsWebviewMessage({ type: 'labelSet', index: 4, grade: 1, key, seq: 7 }), { type: 'labelSet', index: 4, grade: 1, key, seq: 7 });
    assert.equal(parseLabelsHostMessage({ type: 'labels', key, byRow: {}, ack: 7 })?.ack, 7);
    assert.equal(parseLabelsHostMessage({ type: 'labels', key, byRow: {}, ack: -2 })?.ack, undefined);
    assert.equal(parseLabelsHostMessage({ type: 'labels', key, byRow: {}, ack: 'x' })?.ack, undefined);
  });

  it('refuses malformed judgments', () => {
    const bad: unknown[] = [
      null, 'labelSet', [], { type: 'labelSet' },
      { type: 'labelSet', index: -1, grade: 1, key },
      { type: 'labelSet', index: 1.5, grade: 1, key },
      { type: 'labelSet', index: '1', grade: 1, key },
      { type: 'labelSet', index: 1, grade: 3, key },
      { type: 'labelSet', index: 1, grade: -1, key },
      { type: 'labelSet', index: 1, grade: '2', key },
      { type: 'labelSet', index: 1, grade: undefined, key },
      { type: 'labelSet', index: 1, grade: 1 },
      { type: 'labelSet', index: 1, grade: 1, key: 'x'.repeat(20_001) },
      { type: 'labels', index: 1, grade: 1, key },
      { type: 'labelSet', index: 1, grade: 1, key, seq: -1 },
      { type: 'labelSet', index: 1, grade: 1, key, seq: 1.5 },
      { type: 'labelSet', index: 1, grade: 1, key, seq: '3' },
      { type: 'labelSet', index: 1, grade: 1, key, seq: 2 ** 60 },
    ];
    for (const m of bad) assert.equal(parseLabelsWebviewMessage(m), undefined, JSON.stringify(m)?.slice(0, 80));
  });

  it('is its own feature: the other protocols do not take its messages, it does not take theirs', () => {
    const m = { type: 'labelSet', index: 0, grade: 1, key };
    assert.equal(parseWebviewMessage(m), undefined);
    assert.equal(parseLabWebviewMessage(m), undefined);
    assert.equal(isLabelsType(m), true);
    assert.equal(isLabelsType({ type: 'labels' }), true);
    assert.equal(isLabelsType({ type: 'labOpenQuery' }), false);
    assert.equal(parseLabelsWebviewMessage({ type: 'reveal', index: 0 }), undefined);
  });

  it('reads the host message, dropping bad entries and keeping the rest', () => {
    const msg = parseLabelsHostMessage({
      type: 'labels', key, byRow: { 0: 2, 3: 0, x: 1, '-1': 1, 5: 'two', 6: null }, file: '.rerank-lens/labels/a.qrels', queries: 2, pairs: 7,
      problems: [{ line: 4, message: 'Line 4: expected 4 fields' }, { message: 'no line' }, { line: 'x', message: 'line not a number' }, { nope: 1 }, 'text'],
    });
    assert.deepEqual(msg, {
      type: 'labels', key, byRow: { 0: 2, 3: 0 }, file: '.rerank-lens/labels/a.qrels', queries: 2, pairs: 7,
      problems: [{ line: 4, message: 'Line 4: expected 4 fields' }, { message: 'no line' }, { message: 'line not a number' }],
    });
    assert.deepEqual(parseLabelsHostMessage({ type: 'labels', key, byRow: {}, unavailable: 'open a folder' }), { type: 'labels', key, byRow: {}, unavailable: 'open a folder' });
  });

  it('refuses host messages without rows or key', () => {
    for (const m of [{ type: 'labels', key }, { type: 'labels', byRow: {} }, { type: 'labels', key, byRow: [] }, { type: 'lab', key, byRow: {} }, null]) {
      assert.equal(parseLabelsHostMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('keys a query on screen by its set and its text', () => {
    assert.notEqual(labelsKey(0, 'a'), labelsKey(1, 'a'));
    assert.notEqual(labelsKey(0, 'a'), labelsKey(0, 'b'));
    assert.equal(labelsKey(0, 'a'), labelsKey(0, 'a'));
  });
});
