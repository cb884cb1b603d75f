// What a usability walkthrough in real VS Code (code-server + Chromium) found, pinned in happy-dom:
// a top-k box left showing a value out of range after Enter, a Cancel that looked ignored while the
// engine finished its batches, and judging / "Why?" controls under an empty input's error.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pairScore, sampleRows, sampleState } from '../../../scripts/webviewHarness/sampleState';
import { mountApp, setInput, type Harness } from './dom';

describe('webview: walkthrough fixes', () => {
  let t: Harness;
  beforeEach(() => (t = mountApp()));
  afterEach(() => t.close());

  it('a top-k typed above the set size shows the clamped k even while the box keeps focus (Enter)', () => {
    const rows = sampleRows(10);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows, display: 'logit', status: { phase: 'done', done: 10, total: 10 } }) });
    t.app.handleMessage({ type: 'scores', scores: rows.map((r) => pairScore(r.index, r.index - 4.5)), status: { phase: 'done', done: 10, total: 10 } });
    const c = t.app.controls;
    c.topKOn.checked = true;
    c.topKOn.dispatchEvent(new (t.window as any).Event('change'));
    c.topKNumber.focus();
    assert.equal(t.document.activeElement, c.topKNumber);
    setInput(c.topKNumber, '100');
    // While typing the box is left alone (the caret stays); the end of the edit shows what applies.
    assert.equal(c.topKNumber.value, '100');
    setInput(c.topKNumber, '100', 'change');
    assert.equal(c.topKNumber.value, '10');
    assert.equal(t.root.querySelector('.counts')!.textContent, '10 kept · 0 dropped');
  });

  it('Cancel says it was heard until the run stops (keeping focus), and is back for the next run', () => {
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: sampleRows(6) }) });
    t.app.handleMessage({ type: 'scores', scores: [pairScore(0, 1)], status: { phase: 'scoring', done: 1, total: 6 } });
    const cancel = t.root.querySelector('.header .cancel') as HTMLButtonElement;
    assert.equal(cancel.hidden, false);
    cancel.focus();
    cancel.click();
    cancel.click();
    assert.equal(t.document.activeElement, cancel);
    assert.deepEqual(t.posted.filter((m) => m.type === 'cancel'), [{ type: 'cancel' }]);
    assert.equal(cancel.getAttribute('aria-disabled'), 'true');
    assert.match(cancel.textContent!, /Cancelling…/);
    // Batches already sent still arrive: the button keeps saying so.
    t.app.handleMessage({ type: 'scores', scores: [pairScore(1, 2)], status: { phase: 'scoring', done: 2, total: 6 } });
    assert.equal(cancel.getAttribute('aria-disabled'), 'true');
    t.app.handleMessage({ type: 'status', status: { phase: 'cancelled', done: 2, total: 6 } });
    assert.equal(cancel.hidden, true);
    assert.equal(cancel.getAttribute('aria-disabled'), null);
    assert.match(cancel.textContent!, /Cancel$/);
    // Pressed again, then a new run started by the host (counting from 0): Cancel works for it.
    t.app.handleMessage({ type: 'status', status: { phase: 'scoring', done: 3, total: 6 } });
    cancel.click();
    assert.equal(cancel.getAttribute('aria-disabled'), 'true');
    t.app.handleMessage({ type: 'status', status: { phase: 'scoring', done: 0, total: 6 } });
    assert.equal(cancel.getAttribute('aria-disabled'), null);
  });

  it('an input with no chunks shows no "Why? Top k" and no judging bar under its error', () => {
    const shown = (sel: string) => !(t.root.querySelector(sel) as HTMLElement).hidden;
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: [], status: { phase: 'error', done: 0, total: 0, message: 'empty.jsonl is empty.' } }) });
    assert.deepEqual([shown('section.explain'), shown('.labels-bar'), shown('.header .error')], [false, false, true]);
    t.app.handleMessage({ type: 'state', state: sampleState() });
    assert.deepEqual([shown('section.explain'), shown('.labels-bar')], [true, true]);
  });

  it('the query-set picker may shrink below its longest option (no overflow at 320 px)', () => {
    const css = readFileSync(join(__dirname, '..', '..', '..', 'media', 'panel.css'), 'utf8');
    const rule = (sel: string) => new RegExp(`${sel.replace(/[.]/g, '\\.')} \\{[^}]*min-width: 0`).test(css);
    assert.ok(rule('.picker-wrap'), '.picker-wrap needs min-width: 0');
    assert.ok(rule('.query-picker'), '.query-picker needs min-width: 0');
  });
});
