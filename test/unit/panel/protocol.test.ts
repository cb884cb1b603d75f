// The host trusts nothing from the webview: parseWebviewMessage must accept exactly the protocol's
// messages and turn everything else (wrong types, out-of-range numbers, extra junk) into undefined.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseWebviewMessage } from '../../../src/panel/protocol';

const settings = {
  type: 'settings',
  threshold: { space: 'logit', value: 1.5 },
  topK: 5,
  display: 'probability',
  onlyMoved: false,
  view: 'diff',
};

describe('panel protocol: webview message validation', () => {
  it('accepts every well-formed message and returns only the known fields', () => {
    for (const type of ['ready', 'saveThresholdAsDefault', 'cancel', 'export', 'selectModel']) {
      assert.deepEqual(parseWebviewMessage({ type, extra: '<script>' }), { type });
    }
    assert.deepEqual(parseWebviewMessage({ type: 'rerun', query: 'why is the pool exhausted', junk: 1 }), { type: 'rerun', query: 'why is the pool exhausted' });
    assert.deepEqual(parseWebviewMessage({ type: 'selectQuery', index: 2 }), { type: 'selectQuery', index: 2 });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', index: 0 }), { type: 'reveal', index: 0 });
    assert.deepEqual(parseWebviewMessage({ ...settings, junk: true }), settings);
    assert.deepEqual(parseWebviewMessage({ ...settings, threshold: { space: 'probability', value: null }, topK: null }), {
      ...settings,
      threshold: { space: 'probability', value: null },
      topK: null,
    });
  });

  it('rejects malformed messages', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'ready',
      42,
      [],
      {},
      { type: 'unknown' },
      { type: 'rerun' },
      { type: 'rerun', query: 7 },
      { type: 'rerun', query: 'x'.repeat(10_001) },
      { type: 'reveal', index: -1 },
      { type: 'reveal', index: 1.5 },
      { type: 'reveal', index: '3' },
      { type: 'selectQuery', index: Number.NaN },
      { ...settings, threshold: { space: 'logits', value: 1 } },
      { ...settings, threshold: { space: 'logit', value: Number.POSITIVE_INFINITY } },
      { ...settings, threshold: { space: 'logit', value: '1' } },
      { ...settings, threshold: null },
      { ...settings, topK: -1 },
      { ...settings, topK: 2.5 },
      { ...settings, display: 'raw' },
      { ...settings, onlyMoved: 'yes' },
      { ...settings, view: 'chart' },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, `accepted ${JSON.stringify(m)}`);
  });

  it('never throws on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        parseWebviewMessage(x);
        parseWebviewMessage({ type: 'settings', threshold: x, topK: x, display: x, onlyMoved: x, view: x });
      }),
    );
  });
});
