// The panel front end driven the way the host drives it (HostMessages) and the way a user does
// (events on its inputs), in happy-dom.
import { strict as assert } from 'node:assert';
import { parseWebviewMessage, type PanelState } from '../../../src/panel/protocol';
import { batches, pairScore, sampleRows, sampleScores, sampleState } from '../../../scripts/webviewHarness/sampleState';
import { mountApp, setInput, type Harness } from './dom';

const rowsInOrder = (t: Harness) => [...t.root.querySelectorAll('.grid-body .grid-row')] as HTMLElement[];
const ids = (t: Harness) => rowsInOrder(t).map((r) => r.querySelector('.chunk-id')!.textContent);
const count = (t: Harness, cls: string) => t.root.querySelectorAll(`.grid-body .grid-row.${cls}`).length;

describe('webview: panel app', () => {
  let t: Harness;
  beforeEach(() => (t = mountApp()));
  afterEach(() => t.close());

  it('renders one row per chunk from a state, in input order while nothing is scored', () => {
    t.app.handleMessage({ type: 'state', state: sampleState() });
    assert.equal(rowsInOrder(t).length, 12);
    assert.deepEqual(ids(t).slice(0, 3), ['doc-001', 'doc-002', 'doc-003']);
    assert.equal(count(t, 'pending'), 12);
    assert.match(t.root.querySelector('.counts')!.textContent!, /Nothing filtered · 12 chunks · 12 not scored yet/);
    assert.equal(t.root.querySelector('[role=grid]')!.getAttribute('aria-rowcount'), '13');
  });

  it('says so when the input has no chunks', () => {
    const shown = (sel: string) => !(t.root.querySelector(sel) as HTMLElement).hidden;
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: [], view: 'diff' }) });
    assert.equal(shown('.grid-empty'), true);
    // Nothing to filter or compare: no sliders, histogram, tabs or column heads, and the note is visible.
    assert.deepEqual([shown('.filters'), shown('.tabs'), shown('.grid'), shown('#panel-table'), shown('#panel-diff')], [false, false, false, true, false]);
    t.app.handleMessage({ type: 'state', state: sampleState() });
    assert.equal(shown('.grid-empty'), false);
    assert.deepEqual([shown('.filters'), shown('.tabs'), shown('.grid')], [true, true, true]);
  });

  it('adds scored rows in reranked order as batches stream in', () => {
    const state = sampleState({ rows: sampleRows(6) });
    t.app.handleMessage({ type: 'state', state });
    const logits = [-2, 3, 0.5, 4, -5, 1];
    const scores = logits.map((l, i) => pairScore(i, l));
    t.app.handleMessage({ type: 'scores', scores: scores.slice(0, 3), status: { phase: 'scoring', done: 3, total: 6 } });
    assert.equal(count(t, 'pending'), 3);
    assert.deepEqual(ids(t), ['doc-002', 'doc-003', 'doc-001', 'doc-004', 'doc-005', 'doc-006']);
    assert.match(t.root.querySelector('.status-text')!.textContent!, /Scoring 3 \/ 6/);
    t.app.handleMessage({ type: 'scores', scores: scores.slice(3), status: { phase: 'done', done: 6, total: 6 } });
    assert.equal(count(t, 'pending'), 0);
    assert.deepEqual(ids(t), ['doc-004', 'doc-002', 'doc-006', 'doc-003', 'doc-001', 'doc-005']);
    const top = rowsInOrder(t)[0];
    assert.equal(top.querySelector('.rank')!.textContent, '#1');
    assert.equal(top.querySelector('.move')!.textContent, '3');
    assert.ok(top.querySelector('.move')!.classList.contains('up'));
    assert.ok(top.querySelector('.move .codicon-arrow-up'));
    assert.equal(top.querySelector('.orig')!.textContent, 'was #4');
    // probability first (display), logit second
    assert.equal(top.querySelector('.score-primary')!.textContent, (1 / (1 + Math.exp(-4))).toFixed(3));
    assert.equal(top.querySelector('.score-secondary')!.textContent, 'logit 4.00');
    assert.equal(t.root.querySelector('.status-text')!.textContent, 'Done');
  });

  it('keeps rows as the same elements while reordering (no rebuild on a batch)', () => {
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: sampleRows(5) }) });
    const before = rowsInOrder(t);
    t.app.handleMessage({ type: 'scores', scores: [pairScore(4, 9), pairScore(0, -1)], status: { phase: 'scoring', done: 2, total: 5 } });
    const after = rowsInOrder(t);
    assert.equal(after[0], before[4]);
    assert.deepEqual(new Set(after), new Set(before));
  });

  it('updates kept and dropped live when the threshold slider and top-k input move', () => {
    const rows = sampleRows(10);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows, display: 'logit', status: { phase: 'done', done: 10, total: 10 } }) });
    t.app.handleMessage({ type: 'scores', scores: rows.map((r) => pairScore(r.index, r.index - 4.5)), status: { phase: 'done', done: 10, total: 10 } });
    const counts = () => t.root.querySelector('.counts')!.textContent;
    assert.equal(counts(), 'Nothing filtered · 10 chunks');
    const posted = t.posted.length;

    const c = t.app.controls;
    c.thresholdOn.checked = true;
    c.thresholdOn.dispatchEvent(new (t.window as any).Event('change'));
    // starts at the median score (0 here): scores 0.5 .. 4.5 kept
    assert.equal(counts(), '5 kept · 5 dropped');
    setInput(c.thresholdRange, '2');
    assert.equal(counts(), '3 kept · 7 dropped');
    assert.equal(count(t, 'dropped'), 7);
    assert.equal(t.root.querySelectorAll('.grid-row.cut').length, 1);
    assert.equal(t.root.querySelector('.grid-row.cut .chunk-id')!.textContent, 'doc-007'); // score 1.5, first below 2
    assert.equal(c.thresholdNumber.value, '2.00');
    // The histogram line moved too, as a slider with aria-valuenow.
    assert.equal(t.root.querySelector('.threshold-handle')!.getAttribute('aria-valuenow'), '2');

    c.topKOn.checked = true;
    c.topKOn.dispatchEvent(new (t.window as any).Event('change'));
    setInput(c.topKNumber, '2');
    assert.equal(counts(), '2 kept · 8 dropped'); // AND of threshold (3) and top-2
    // A cleared number box shows the value that still applies instead of staying empty.
    setInput(c.thresholdNumber, '', 'change');
    setInput(c.topKNumber, '', 'change');
    assert.deepEqual([c.thresholdNumber.value, c.topKNumber.value, counts()], ['2.00', '2', '2 kept · 8 dropped']);
    // A top-k above the set's size is clamped to it (10 rows), so the box says what is in force.
    setInput(c.topKNumber, '999', 'change');
    assert.equal(c.topKNumber.value, '10');
    assert.equal(c.topKNumber.getAttribute('max'), '10');
    setInput(c.topKNumber, '2', 'change');

    // Nothing went to the engine; the host only hears the settings (debounced), never a rerun.
    t.app.flush();
    const sent = t.posted.slice(posted);
    assert.ok(sent.every((m) => m.type === 'settings'));
    assert.deepEqual(sent[sent.length - 1], { type: 'settings', threshold: { space: 'logit', value: 2 }, topK: 2, display: 'logit', onlyMoved: false, view: 'table' });
    // ... and the state is saved for a reload.
    const saved = t.saved[t.saved.length - 1] as PanelState;
    assert.deepEqual([saved.threshold, saved.topK], [{ space: 'logit', value: 2 }, 2]);
    assert.equal(saved.rows[9].score!.score, 4.5);
  });

  it('switching top-k on drops something: k starts at 10, or one below the chunk count when that is smaller', () => {
    for (const [n, kept] of [[4, 3], [30, 10]]) {
      const rows = sampleRows(n);
      t.app.handleMessage({ type: 'state', state: sampleState({ rows, query: `n${n}` }) });
      t.app.handleMessage({ type: 'scores', scores: sampleScores(rows), status: { phase: 'done', done: n, total: n } });
      const c = t.app.controls;
      c.topKOn.checked = true;
      c.topKOn.dispatchEvent(new (t.window as any).Event('change'));
      assert.equal(t.root.querySelector('.counts')!.textContent, `${kept} kept · ${n - kept} dropped`);
      assert.equal(c.topKNumber.value, String(kept));
      c.topKOn.checked = false;
      c.topKOn.dispatchEvent(new (t.window as any).Event('change'));
    }
  });

  it('toggles the threshold space, converting the value so the same rows stay kept', () => {
    const rows = sampleRows(8);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows, display: 'logit', threshold: { space: 'logit', value: 1 } }) });
    t.app.handleMessage({ type: 'scores', scores: rows.map((r) => pairScore(r.index, r.index - 3.5)), status: { phase: 'done', done: 8, total: 8 } });
    const before = t.root.querySelector('.counts')!.textContent;
    const probButton = t.root.querySelector('.controls .segmented[aria-label="Score space"] [data-value=probability]') as HTMLButtonElement;
    probButton.click();
    assert.equal(probButton.getAttribute('aria-pressed'), 'true');
    assert.equal(t.app.state!.threshold.space, 'probability');
    assert.equal(t.app.state!.display, 'probability', 'one space: the table follows the threshold');
    assert.ok(Math.abs(t.app.state!.threshold.value! - 1 / (1 + Math.exp(-1))) < 1e-12);
    assert.equal(t.root.querySelector('.counts')!.textContent, before);
  });

  it('moves the histogram threshold with the keyboard', () => {
    const rows = sampleRows(4);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows, threshold: { space: 'probability', value: 0.5 } }) });
    t.app.handleMessage({ type: 'scores', scores: [pairScore(0, 2), pairScore(1, 0.1), pairScore(2, -0.1), pairScore(3, -3)], status: { phase: 'done', done: 4, total: 4 } });
    assert.equal(t.root.querySelector('.counts')!.textContent, '2 kept · 2 dropped');
    const handle = t.root.querySelector('.threshold-handle')!;
    const KeyboardEvent = (t.window as any).KeyboardEvent;
    for (let i = 0; i < 5; i++) handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    assert.ok(Math.abs(t.app.state!.threshold.value! - 0.45) < 1e-9);
    assert.equal(t.root.querySelector('.counts')!.textContent, '3 kept · 1 dropped');
    handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    assert.equal(t.app.state!.threshold.value, 1);
    assert.equal(t.root.querySelector('.counts')!.textContent, '0 kept · 4 dropped');
    assert.equal(handle.getAttribute('aria-valuenow'), '1');
  });

  it('says a top-k covering every chunk has nothing to enter or leave, instead of n / n overlap', () => {
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: sampleRows(4), topK: null, view: 'diff' }) });
    t.app.handleMessage({ type: 'scores', scores: [0, 4, 3, 2].map((s, i) => pairScore(i, s)), status: { phase: 'done', done: 4, total: 4 } });
    t.app.renderDiff();
    const summary = () => t.root.querySelector('.diff-summary')!.textContent!;
    assert.match(summary(), /covers all 4 chunks; set a top-k below 4/);
    assert.doesNotMatch(summary(), /overlap|Entered|Left/);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: sampleRows(4), topK: 2, view: 'diff', query: 'k two' }) });
    t.app.handleMessage({ type: 'scores', scores: [0, 4, 3, 2].map((s, i) => pairScore(i, s)), status: { phase: 'done', done: 4, total: 4 } });
    t.app.renderDiff();
    assert.equal(t.root.querySelector('[data-stat=overlap]')!.textContent, '1 / 2'); // top 2 was doc-001, doc-002; now doc-002, doc-003
  });

  it('shows the diff summary numbers and the slope chart', () => {
    const rows = sampleRows(6);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows, topK: 3, view: 'diff' }) });
    // retriever order doc-001..006; the cross-encoder puts doc-006 first and doc-001 last
    t.app.handleMessage({ type: 'scores', scores: [0, 4, 3, 2, 1, 9].map((s, i) => pairScore(i, s)), status: { phase: 'done', done: 6, total: 6 } });
    t.app.renderDiff();
    const stat = (k: string) => t.root.querySelector(`[data-stat=${k}]`)!.textContent;
    assert.equal(stat('overlap'), '2 / 3');
    assert.equal(stat('entered'), 'doc-006');
    assert.equal(stat('left'), 'doc-001');
    assert.equal(Number(stat('tau')), Number(t.app.diff.current!.kendallTau.toFixed(3)));
    assert.ok(Math.abs(Number(stat("tau")) + 0.2) < 1e-9); // 6 concordant, 9 discordant of 15 pairs
    assert.match(stat('moves')!, /doc-006 #6 → #1 5/);
    // Ids that are only positions ("#6") would read "#6 #6 → #1": the text's start stands in for them.
    const positional = rows.map((r, i) => ({ ...r, id: `#${i + 1}`, text: i === 5 ? 'Sixth chunk <b>about</b> pools that the reranker liked best of all six' : r.text }));
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: positional, topK: 3, view: 'diff' }) });
    t.app.handleMessage({ type: 'scores', scores: [0, 4, 3, 2, 1, 9].map((s, i) => pairScore(i, s)), status: { phase: 'done', done: 6, total: 6 } });
    t.app.renderDiff();
    const first = t.root.querySelector('[data-stat=moves] li')!;
    assert.equal(first.querySelector('.chunk-snippet')!.textContent, '“Sixth chunk <b>about</b> pool…”');
    assert.equal(first.querySelector('.chunk-snippet')!.getAttribute('title'), positional[5].text);
    assert.equal(first.querySelector('b'), null, 'chunk text stays text');
    t.app.handleMessage({ type: 'state', state: sampleState({ rows, topK: 3, view: 'diff' }) });
    t.app.handleMessage({ type: 'scores', scores: [0, 4, 3, 2, 1, 9].map((s, i) => pairScore(i, s)), status: { phase: 'done', done: 6, total: 6 } });
    t.app.renderDiff();
    assert.equal(t.root.querySelectorAll('.slope-line').length, 6);
    assert.equal(t.root.querySelectorAll('.slope-line.up').length, 1);
    assert.equal(t.root.querySelectorAll('.slope-line.down').length, 1);
    // Only moved: the 4 chunks that kept their places disappear.
    const box = t.root.querySelector('.only-moved') as HTMLInputElement;
    box.checked = true;
    box.dispatchEvent(new (t.window as any).Event('change'));
    assert.equal(t.root.querySelectorAll('.slope-line').length, 2);
    assert.equal(t.root.querySelectorAll('.slope-col.reranked .slope-item').length, 2);
    assert.equal(t.app.state!.onlyMoved, true);
    assert.equal((t.posted[t.posted.length - 1] as { onlyMoved?: boolean }).onlyMoved, true);
  });

  it('shows judged-label metrics before and after reranking', () => {
    const rows = sampleRows(4).map((r, i) => ({ ...r, label: i === 3 ? 1 : 0 }));
    t.app.handleMessage({ type: 'state', state: sampleState({ rows, view: 'diff' }) });
    t.app.handleMessage({ type: 'scores', scores: [0, 1, 2, 3].map((s, i) => pairScore(i, s)), status: { phase: 'done', done: 4, total: 4 } });
    t.app.renderDiff();
    assert.equal(t.root.querySelector('[data-stat=rr]')!.textContent, '0.250 → 1.000');
    assert.equal(t.root.querySelectorAll('.badge.label').length, 4);
  });

  it('renders untrusted text, ids and metadata as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const rows = sampleRows(2);
    rows[0] = { ...rows[0], text: evil, id: '<b>id</b>', metadata: { '<i>k</i>': evil, nested: { html: '<svg onload=alert(1)>' } } };
    t.app.handleMessage({ type: 'state', state: sampleState({ rows, query: 'img alert' }) });
    const row = t.root.querySelector('.grid-row[data-index="0"]')!;
    assert.equal(row.querySelector('.chunk-text')!.textContent, evil);
    assert.equal(row.querySelector('.chunk-id')!.textContent, '<b>id</b>');
    assert.equal(t.root.querySelectorAll('img, b, i, script').length, 0);
    assert.equal(t.root.querySelectorAll('svg').length, 1); // only the histogram's own
    const dd = [...row.querySelectorAll('.meta dd')].map((e) => e.textContent);
    assert.equal(dd[0], evil);
    assert.match(dd[1]!, /<svg onload=alert\(1\)>/);
  });

  it('marks a truncated row with a badge and dims the unseen text', () => {
    const rows = sampleRows(2);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows }) });
    t.app.handleMessage({ type: 'scores', scores: [pairScore(0, 1, { truncated: true, truncatedAtChar: 20 }), pairScore(1, 0)], status: { phase: 'done', done: 2, total: 2 } });
    const row = t.root.querySelector('.grid-row[data-index="0"]')!;
    assert.equal((row.querySelector('.badge.trunc') as HTMLElement).hidden, false);
    assert.equal(row.querySelector('.unseen')!.textContent, rows[0].text.slice(20));
    assert.equal((t.root.querySelector('.grid-row[data-index="1"] .badge.trunc') as HTMLElement).hidden, true);
  });

  it('shows the retriever score with its meaning', () => {
    const rows = sampleRows(3);
    rows[1] = { ...rows[1], scoreKind: 'distance', retrieverScore: 0.31 };
    rows[2] = { ...rows[2], scoreKind: 'unknown', retrieverScore: 12 };
    t.app.handleMessage({ type: 'state', state: sampleState({ rows }) });
    const kinds = [0, 1, 2].map((i) => t.root.querySelector(`.grid-row[data-index="${i}"] .kind`)!.textContent);
    assert.deepEqual(kinds, ['similarity, higher is better', 'distance, lower is better', 'score, meaning unknown']);
  });

  it('heads the retriever column "Tokens" when no chunk has a retriever score, instead of "no score" on every row', () => {
    const head = () => t.root.querySelector('.grid-row.head .c-retriever')!.textContent;
    const noScore = () => [...t.root.querySelectorAll('.grid-body .c-retriever')].filter((c) => c.textContent!.includes('no score')).length;
    const bare = sampleRows(3).map((r) => ({ ...r, retrieverScore: undefined }));
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: bare }) });
    assert.equal(head(), 'Tokens');
    assert.equal(noScore(), 0);
    // One scored row: the others say they have none.
    const mixed = bare.map((r, i) => (i === 0 ? { ...r, retrieverScore: 0.8 } : r));
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: mixed, query: 'another query' }) });
    assert.equal(head(), 'Retriever');
    assert.equal(noScore(), 2);
  });

  it('sends reveal on click and on Enter, moves focus with the arrow keys', () => {
    const rows = sampleRows(3);
    rows[1] = { ...rows[1], revealable: false };
    t.app.handleMessage({ type: 'state', state: sampleState({ rows }) });
    const [r0, r1, r2] = rowsInOrder(t);
    (r0.querySelector('.chunk-text') as HTMLElement).click();
    assert.deepEqual(t.posted[t.posted.length - 1], { type: 'reveal', index: 0 });
    const n = t.posted.length;
    r1.click();
    assert.equal(t.posted.length, n, 'a row without a source is not revealed');
    const KeyboardEvent = (t.window as any).KeyboardEvent;
    r0.focus();
    r0.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    assert.equal(t.document.activeElement, r1);
    assert.equal(r1.getAttribute('tabindex'), '0');
    assert.equal(r0.getAttribute('tabindex'), '-1');
    // Only the active row and its buttons are Tab stops.
    assert.equal(t.root.querySelectorAll('.grid-body [tabindex="0"]').length, 1 + r1.querySelectorAll('button, summary').length);
    assert.ok([...r0.querySelectorAll('button, summary')].every((b) => b.getAttribute('tabindex') === '-1'));
    r1.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    assert.equal(t.document.activeElement, r2);
    r2.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    assert.deepEqual(t.posted[t.posted.length - 1], { type: 'reveal', index: 2 });
    // Expanding the text is not a reveal.
    const m = t.posted.length;
    (r2.querySelector('.expand') as HTMLButtonElement).click();
    assert.equal(t.posted.length, m);
    assert.ok(r2.classList.contains('expanded'));
  });

  it('reruns with the edited query on Enter, picks a query set, cancels', () => {
    t.app.handleMessage({
      type: 'state',
      state: sampleState({ queries: [{ label: 'q1: alpha', query: 'alpha' }, { label: 'q2: beta', query: 'beta' }], activeQuery: 0, query: 'alpha' }),
    });
    const input = t.app.header.queryInput;
    input.value = 'what is a reranker';
    input.dispatchEvent(new (t.window as any).KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    assert.deepEqual(t.posted[t.posted.length - 1], { type: 'rerun', query: 'what is a reranker' });
    const picker = t.app.header.picker;
    assert.equal(picker.options.length, 2);
    picker.value = '1';
    picker.dispatchEvent(new (t.window as any).Event('change'));
    assert.deepEqual(t.posted[t.posted.length - 1], { type: 'selectQuery', index: 1 });
    const cancel = t.root.querySelector('.cancel') as HTMLButtonElement;
    assert.equal(cancel.hidden, false);
    cancel.click();
    assert.deepEqual(t.posted[t.posted.length - 1], { type: 'cancel' });
  });

  it('shows an error with its hint, and the header facts', () => {
    t.app.handleMessage({ type: 'state', state: sampleState({ elapsedMs: 1234, cacheHits: 5 }) });
    assert.match(t.root.querySelector('.facts')!.textContent!, /fp32 · 12 chunks · 1\.23 s · 5 from cache/);
    t.app.handleMessage({ type: 'status', status: { phase: 'error', done: 0, total: 12, message: 'Model not found: foo/bar', hint: 'Check the model id in Select Model.' } });
    const err = t.root.querySelector('[role=alert]') as HTMLElement;
    assert.equal(err.hidden, false);
    assert.equal(err.querySelector('.error-message')!.textContent, 'Model not found: foo/bar');
    assert.equal(err.querySelector('.error-hint')!.textContent, 'Check the model id in Select Model.');
    assert.equal((t.root.querySelector('.cancel') as HTMLElement).hidden, true);
    // The error box replaces the status line ("Error" above it said nothing more); a new run brings it back.
    const status = t.root.querySelector('.header .status') as HTMLElement;
    assert.equal(status.hidden, true);
    t.app.handleMessage({ type: 'status', status: { phase: 'scoring', done: 1, total: 12 } });
    assert.deepEqual([status.hidden, err.hidden], [false, true]);
  });

  it('shows the source name and its detected format as separate parts', () => {
    t.app.handleMessage({ type: 'state', state: sampleState({ sourceLabel: 'Selection in notes.md (lines 6-16)', format: 'selection-numbered' }) });
    assert.equal(t.root.querySelector('.source-name')!.textContent, 'Selection in notes.md (lines 6-16)');
    const format = t.root.querySelector('.source-format') as HTMLElement;
    assert.deepEqual([format.textContent, format.hidden], ['numbered list (selection)', false]);
    assert.match(format.title, /selection-numbered/);
    t.app.handleMessage({ type: 'state', state: sampleState({ format: undefined }) });
    assert.equal(format.hidden, true);
  });

  it('shows a local model folder by its name, a hub id whole, the full value in the tooltip', () => {
    const model = () => t.root.querySelector('.header .model') as HTMLElement;
    t.app.handleMessage({ type: 'state', state: sampleState({ model: '/home/me/models/ms-marco-MiniLM-L-6-v2' }) });
    assert.equal(model().textContent!.trim(), 'ms-marco-MiniLM-L-6-v2');
    assert.match(model().title, /\/home\/me\/models\/ms-marco-MiniLM-L-6-v2/);
    t.app.handleMessage({ type: 'state', state: sampleState({ model: 'C:\\models\\bge-reranker-base\\' }) });
    assert.equal(model().textContent!.trim(), 'bge-reranker-base');
    t.app.handleMessage({ type: 'state', state: sampleState({ model: 'cross-encoder/ms-marco-MiniLM-L-6-v2' }) });
    assert.equal(model().textContent!.trim(), 'cross-encoder/ms-marco-MiniLM-L-6-v2');
  });

  it('restores a saved state, keeps scores that arrive before a state, ignores malformed messages', () => {
    const rows = sampleRows(3);
    t.app.handleMessage({ type: 'scores', scores: [pairScore(2, 5)], status: { phase: 'scoring', done: 1, total: 3 } });
    t.app.handleMessage({ type: 'state', state: { ...sampleState({ rows }), rows: 'nope' } });
    t.app.handleMessage(null);
    t.app.handleMessage({ type: 'bogus' });
    assert.equal(rowsInOrder(t).length, 0);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows }) });
    assert.deepEqual(ids(t), ['doc-003', 'doc-001', 'doc-002']);

    const other = mountApp();
    try {
      assert.equal(other.app.restore({ junk: true }), false);
      assert.equal(other.app.restore(t.app.state), true);
      assert.deepEqual(ids(other), ['doc-003', 'doc-001', 'doc-002']);
    } finally {
      void other.close();
    }
  });

  it('streams many rows and re-filters by class changes only (timing: harness measureRefilter)', () => {
    // 300 rows keep happy-dom quick; the 1,000-row timing runs in real Chromium (scripts/webviewHarness).
    const rows = sampleRows(300);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows }) });
    for (const b of batches(sampleScores(rows), 64)) t.app.handleMessage({ type: 'scores', scores: b, status: { phase: 'scoring', done: 0, total: 300 } });
    assert.equal(count(t, 'pending'), 0);
    const before = rowsInOrder(t);
    t.app.controls.thresholdOn.checked = true;
    t.app.controls.thresholdOn.dispatchEvent(new (t.window as any).Event('change'));
    const kept = count(t, 'kept');
    // Switched on, the threshold starts at the median score: half the rows stay.
    assert.equal(kept, 150);
    assert.equal(kept + count(t, 'dropped'), 300);
    const after = rowsInOrder(t);
    assert.ok(after.every((e, i) => e === before[i]), 'rows were rebuilt by a slider move');
  });
});

describe('webview: panel app, re-sent states and display', () => {
  let t: Harness;
  beforeEach(() => (t = mountApp()));
  afterEach(() => t.close());

  it('keeps row elements (and an expanded row) when the host re-sends the same rows with scores', () => {
    const rows = sampleRows(4);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows }) });
    const first = rowsInOrder(t);
    (first[1].querySelector('.expand') as HTMLButtonElement).click();
    const scored = rows.map((r, i) => ({ ...r, score: pairScore(i, [1, 5, -1, 0][i]) }));
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: scored, status: { phase: 'done', done: 4, total: 4 } }) });
    const again = rowsInOrder(t);
    assert.deepEqual(new Set(again), new Set(first));
    assert.equal(again[0], first[1]);
    assert.ok(again[0].classList.contains('expanded'));
    assert.equal(again[0].querySelector('.rank')!.textContent, '#1');
    // A different query rebuilds (highlights depend on it).
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: scored, query: 'other words' }) });
    assert.ok(rowsInOrder(t).every((e) => !first.includes(e)));
  });

  it('swaps the score space of the table', () => {
    const rows = sampleRows(1);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows }) });
    t.app.handleMessage({ type: 'scores', scores: [pairScore(0, 2)], status: { phase: 'done', done: 1, total: 1 } });
    const row = rowsInOrder(t)[0];
    assert.equal(row.querySelector('.score-primary')!.textContent, '0.881');
    (t.root.querySelector('.segmented[aria-label="Score space"] [data-value=logit]') as HTMLButtonElement).click();
    assert.equal(row.querySelector('.score-primary')!.textContent, '2.00');
    assert.equal(row.querySelector('.score-secondary')!.textContent, 'p 0.881');
    assert.equal((t.posted[t.posted.length - 1] as { display?: string }).display, 'logit');
  });
});

describe('webview: messages to the host', () => {
  it('sends only messages the host validator accepts unchanged', async () => {
    const t = mountApp();
    try {
      const rows = sampleRows(5);
      t.app.handleMessage({ type: 'state', state: sampleState({ rows, display: 'logit', queries: [{ label: 'a', query: 'a' }, { label: 'b', query: 'b' }] }) });
      t.app.handleMessage({ type: 'scores', scores: sampleScores(rows), status: { phase: 'done', done: 5, total: 5 } });
      const c = t.app.controls;
      const Event = (t.window as any).Event;
      c.thresholdOn.checked = true;
      c.thresholdOn.dispatchEvent(new Event('change'));
      setInput(c.thresholdNumber, '0.25', 'change');
      c.topKOn.checked = true;
      c.topKOn.dispatchEvent(new Event('change'));
      setInput(c.topKRange, '3', 'change');
      (t.root.querySelector('.segmented[aria-label="Score space"] [data-value=probability]') as HTMLButtonElement).click();
      (t.root.querySelector('#tab-diff') as HTMLButtonElement).click();
      (t.root.querySelector('.controls button.secondary') as HTMLButtonElement).click();
      (t.root.querySelector('.header .model') as HTMLButtonElement).click();
      (t.root.querySelector('.header button.export') as HTMLButtonElement).click();
      t.app.flush();
      const types = new Set(t.posted.map((m) => m.type));
      for (const ty of ['settings', 'saveThresholdAsDefault', 'selectModel', 'export']) assert.ok(types.has(ty as never), `no ${ty} sent`);
      for (const m of t.posted) assert.deepEqual(parseWebviewMessage(JSON.parse(JSON.stringify(m))), m);
      const last = t.posted.filter((m) => m.type === 'settings').pop()!;
      assert.deepEqual(last, { type: 'settings', threshold: { space: 'probability', value: 1 / (1 + Math.exp(-0.25)) }, topK: 3, display: 'probability', onlyMoved: false, view: 'diff' });
    } finally {
      await t.close();
    }
  });
});
