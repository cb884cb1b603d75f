// Panel state helpers for issue 13: sets without a query are named by their first words, and
// threshold/top-k carry over only to the same input.
import { strict as assert } from 'node:assert';
import { firstWords, queryChoices, sameInput } from '../../../src/panel/panelState';
import type { ReadResult } from '../../../src/core/types';

const chunk = (text: string, i: number) => ({ id: `c${i}`, text, originalRank: i + 1, scoreKind: 'unknown' as const, metadata: {} });

describe('panel state (issue 13)', () => {
  it('names a set without query text "Set N: <first words>", not "0:"', () => {
    const result: ReadResult = {
      sets: [
        { queryId: '0', chunks: [chunk('Refresh tokens rotate on every use, and a reused one revokes the family', 0)], format: 'x' },
        { queryId: '1', query: 'what is a venv', chunks: [chunk('A virtual environment', 0)], format: 'x' },
        { queryId: '2', query: '  ', chunks: [], format: 'x' },
      ],
      diagnostics: [],
    };
    assert.deepEqual(queryChoices(result).map((q) => q.label), ['Set 1: Refresh tokens rotate on every use, and…', '1: what is a venv', 'Set 3: (no chunks)']);
    assert.equal(firstWords('short text'), 'short text');
  });

  it('carries filters only to the same input (same file or the same selected lines)', () => {
    const prev = { sourceUri: 'file:///w/a.jsonl', sourceLabel: 'a.jsonl' };
    assert.equal(sameInput(prev, { sourceUri: 'file:///w/a.jsonl', sourceLabel: 'a.jsonl' }), true);
    assert.equal(sameInput(prev, { sourceUri: 'file:///w/b.jsonl', sourceLabel: 'b.jsonl' }), false);
    assert.equal(sameInput({ sourceUri: 'file:///w/n.md', sourceLabel: 'Selection in n.md (lines 3-9)' }, { sourceUri: 'file:///w/n.md', sourceLabel: 'Selection in n.md (lines 3-12)' }), false);
    assert.equal(sameInput(undefined, prev), false);
  });
});
