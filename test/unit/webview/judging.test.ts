// Relevance judging in the per-query view (issue 14), on happy-dom: keys 0/1/2 and x on the focused
// row, buttons with accessible names, input labels shown and overridden, the diff metrics following
// the judgments at once, the host's `labels` answer (stale ones ignored), "Label where it matters".
import { strict as assert } from 'node:assert';
import { parseLabelsWebviewMessage, labelsKey } from '../../../src/panel/labels/protocol';
import type { PanelRow } from '../../../src/panel/protocol';
import { pairScore, sampleRows, sampleState } from '../../../scripts/webviewHarness/sampleState';
import { mountApp, type Harness } from './dom';

const rowEl = (t: Harness, index: number) => t.root.querySelector(`.grid-body .grid-row[data-index="${index}"]`) as HTMLElement;
const press = (t: Harness, el: HTMLElement, key: string) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const KeyboardEvent = (t.window as any).KeyboardEvent;
  el.focus();
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
};
const judgments = (t: Harness) => t.posted.map((m) => parseLabelsWebviewMessage(m)).filter((m) => m !== undefined);
const pressed = (t: Harness, index: number) => [...rowEl(t, index).querySelectorAll('.judging button.judge[data-grade]')].map((b) => b.getAttribute('aria-pressed'));
const ids = (t: Harness) => [...t.root.querySelectorAll('.grid-body .grid-row')].map((r) => Number((r as HTMLElement).dataset.index));

/** Six rows, scored: logits make the reranked order 3, 1, 5, 0, 2, 4. */
function scoredState(rows: PanelRow[] = sampleRows(6)) {
  const logits = [0.5, 3, -1, 4, -2, 1];
  return sampleState({ rows: rows.map((r, i) => ({ ...r, score: pairScore(i, logits[i]) })), status: { phase: 'done', done: 6, total: 6 }, view: 'diff', topK: null });
}

describe('webview: relevance judging', () => {
  let t: Harness;
  beforeEach(() => (t = mountApp()));
  afterEach(() => t.close());

  it('gives every row three judging buttons with accessible names', () => {
    t.app.handleMessage({ type: 'state', state: scoredState() });
    const group = rowEl(t, 0).querySelector('.judging')!;
    assert.equal(group.getAttribute('role'), 'group');
    assert.match(group.getAttribute('aria-label')!, /Relevance of chunk/);
    const names = [...group.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'));
    assert.deepEqual(names, ['not relevant', 'relevant', 'highly relevant', 'clear judgment']);
    assert.deepEqual(pressed(t, 0), ['false', 'false', 'false']);
  });

  it('keys 0, 1, 2 judge the focused row and x clears; each judgment is posted with the set key', () => {
    const st = scoredState();
    t.app.handleMessage({ type: 'state', state: st });
    press(t, rowEl(t, 3), '2');
    press(t, rowEl(t, 1), '1');
    press(t, rowEl(t, 0), '0');
    assert.deepEqual(pressed(t, 3), ['false', 'false', 'true']);
    assert.deepEqual(pressed(t, 1), ['false', 'true', 'false']);
    assert.deepEqual(pressed(t, 0), ['true', 'false', 'false']);
    press(t, rowEl(t, 1), 'x');
    assert.deepEqual(pressed(t, 1), ['false', 'false', 'false']);
    // Keys that are not judging keys do nothing (and 'x' on an unjudged row posts nothing).
    press(t, rowEl(t, 5), 'q');
    press(t, rowEl(t, 5), 'Backspace');
    const key = labelsKey(st.activeQuery, st.query);
    assert.deepEqual(judgments(t), [
      { type: 'labelSet', index: 3, grade: 2, key, seq: 1 },
      { type: 'labelSet', index: 1, grade: 1, key, seq: 2 },
      { type: 'labelSet', index: 0, grade: 0, key, seq: 3 },
      { type: 'labelSet', index: 1, grade: null, key, seq: 4 },
    ]);
    assert.equal(t.app.state!.rows[3].label, 2);
    assert.equal(t.app.state!.rows[1].label, undefined);
  });

  it('buttons judge too, and the clear button shows only for a saved judgment', () => {
    t.app.handleMessage({ type: 'state', state: scoredState() });
    const clearButton = rowEl(t, 2).querySelector('button.clear') as HTMLButtonElement;
    assert.equal(clearButton.hidden, true);
    (rowEl(t, 2).querySelector('button[aria-label="highly relevant"]') as HTMLButtonElement).click();
    assert.deepEqual(pressed(t, 2), ['false', 'false', 'true']);
    assert.equal(clearButton.hidden, false);
    clearButton.click();
    assert.deepEqual(pressed(t, 2), ['false', 'false', 'false']);
    assert.deepEqual(judgments(t).map((m) => m.grade), [2, null]);
  });

  it('the diff metrics change at once when rows are judged', () => {
    t.app.handleMessage({ type: 'state', state: scoredState() });
    const stat = (k: string) => t.root.querySelector(`[data-stat="${k}"]`)?.textContent;
    t.app.renderDiff();
    assert.equal(stat('ndcg'), undefined, 'no labels, no quality metrics');
    // Reranked order 3,1,5,0,2,4; original 0..5. Row 3 highly relevant, row 0 not: RR after = 1.
    press(t, rowEl(t, 3), '2');
    press(t, rowEl(t, 0), '0');
    t.app.renderDiff();
    assert.equal(stat('rr'), '0.250 → 1.000');
    press(t, rowEl(t, 4), '1');
    t.app.renderDiff();
    assert.notEqual(stat('rr'), undefined);
    assert.match(stat('recall')!, /→ 1\.000/);
  });

  it('shows the input labels, lets a judgment override one (marked), and clearing brings it back', () => {
    const rows = sampleRows(6).map((r, i) => (i === 1 ? { ...r, label: 1 } : r));
    const st = scoredState(rows);
    t.app.handleMessage({ type: 'state', state: st });
    const note = () => rowEl(t, 1).querySelector('.judge-note')!.textContent;
    assert.deepEqual(pressed(t, 1), ['false', 'true', 'false']);
    assert.equal(note(), 'from input: relevant');
    press(t, rowEl(t, 1), '0');
    assert.deepEqual(pressed(t, 1), ['true', 'false', 'false']);
    assert.equal(note(), 'overridden (input: relevant)');
    assert.ok(rowEl(t, 1).querySelector('.judging')!.classList.contains('overridden'));
    assert.equal(t.app.state!.rows[1].label, 0);
    press(t, rowEl(t, 1), 'Delete');
    assert.equal(note(), 'from input: relevant');
    assert.equal(t.app.state!.rows[1].label, 1);
  });

  it("applies the host's labels for the same set, reports file problems, and ignores a stale answer", () => {
    const st = scoredState();
    t.app.handleMessage({ type: 'state', state: st });
    const key = labelsKey(st.activeQuery, st.query);
    t.app.handleMessage({ type: 'labels', key: 'other\u0000query', byRow: { 0: 2 } });
    assert.deepEqual(pressed(t, 0), ['false', 'false', 'false']);
    t.app.handleMessage({ type: 'labels', key, byRow: { 0: 2, 4: 0 }, file: '.rerank-lens/labels/x.qrels', queries: 1, pairs: 2, problems: [{ line: 3, message: 'Line 3 of x.qrels: expected "qid iter docno grade", found 2 fields; skipped.' }] });
    assert.deepEqual(pressed(t, 0), ['false', 'false', 'true']);
    assert.deepEqual(pressed(t, 4), ['true', 'false', 'false']);
    assert.match(t.root.querySelector('.labels-summary')!.textContent!, /2 of 6 rows judged · saved in \.rerank-lens\/labels\/x\.qrels/);
    assert.match(t.root.querySelector('.labels-problems')!.textContent!, /Line 3 of x\.qrels/);
    // The same state re-sent (end of a run) keeps the saved judgments on the rows.
    t.app.handleMessage({ type: 'state', state: st });
    assert.deepEqual(pressed(t, 0), ['false', 'false', 'true']);
    // A malformed labels message is consumed and changes nothing.
    t.app.handleMessage({ type: 'labels', key, byRow: 'nope' });
    assert.deepEqual(pressed(t, 0), ['false', 'false', 'true']);
  });

  it('quick keys stay on screen while the host answers the earlier ones (no flicker back)', () => {
    const st = scoredState();
    t.app.handleMessage({ type: 'state', state: st });
    const key = labelsKey(st.activeQuery, st.query);
    const summary = () => t.root.querySelector('.labels-summary')!.textContent!;
    press(t, rowEl(t, 3), '2');
    press(t, rowEl(t, 1), '0');
    press(t, rowEl(t, 5), '1');
    press(t, rowEl(t, 1), 'x');
    assert.deepEqual(judgments(t).map((m) => m.seq), [1, 2, 3, 4]);
    assert.match(summary(), /^2 of 6 rows judged/);
    // The answer to the first judgment: the file holds only row 3. Rows 5 (judged) and 1 (judged,
    // then cleared) are still on their way and keep what was pressed last.
    t.app.handleMessage({ type: 'labels', key, byRow: { 3: 2 }, ack: 1 });
    assert.deepEqual(pressed(t, 5), ['false', 'true', 'false']);
    assert.deepEqual(pressed(t, 1), ['false', 'false', 'false']);
    assert.match(summary(), /^2 of 6 rows judged/);
    // A message that answers no judgment (a reload of the file) does not drop any either.
    t.app.handleMessage({ type: 'labels', key, byRow: { 3: 2, 1: 0 } });
    assert.deepEqual(pressed(t, 1), ['false', 'false', 'false']);
    assert.match(summary(), /^2 of 6 rows judged/);
    // Once the last one is answered, the host's file is the truth again, even where it differs.
    t.app.handleMessage({ type: 'labels', key, byRow: { 3: 2 }, ack: 4 });
    assert.deepEqual(pressed(t, 5), ['false', 'false', 'false']);
    assert.match(summary(), /^1 of 6 rows judged/);
    assert.equal(t.app.state!.rows[5].label, undefined);
  });

  it('"Label where it matters" puts unjudged rows nearest the threshold first, judged rows last', () => {
    const st = { ...scoredState(), view: 'table' as const, threshold: { space: 'logit' as const, value: 0.9 } };
    t.app.handleMessage({ type: 'state', state: st });
    assert.deepEqual(ids(t), [3, 1, 5, 0, 2, 4]);
    press(t, rowEl(t, 5), '1');
    const box = t.root.querySelector('input.label-order') as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new t.window.Event('change') as unknown as Event);
    // Unjudged logits: 0:0.5 1:3 2:-1 3:4 4:-2; distance to 0.9: 0 (0.4), 2 (1.9), 1 (2.1), 4 (2.9), 3 (3.1).
    assert.deepEqual(ids(t), [0, 2, 1, 4, 3, 5]);
    const note = t.root.querySelector('.label-order-note') as HTMLElement;
    assert.equal(note.hidden, false);
    assert.match(note.textContent!, /nearest the threshold first, judged rows last/);
    press(t, rowEl(t, 0), '0');
    assert.deepEqual(ids(t), [2, 1, 4, 3, 5, 0]);
    box.checked = false;
    box.dispatchEvent(new t.window.Event('change') as unknown as Event);
    assert.deepEqual(ids(t), [3, 1, 5, 0, 2, 4]);
    assert.equal(note.hidden, true);
  });
});
