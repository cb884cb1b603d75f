// Issue 13 in the panel front end: one score space, a histogram scaled to the data, a threshold that
// remembers its value and starts somewhere useful, "nothing filtered", ids that do not look like
// ranks, a labelled logit, readable format tags, labelled Reveal and Export, BEIR titles, the test
// model warning, scores kept from the previous model, compact rows, focus, and narrow panels.
import { strict as assert } from 'node:assert';
import type { PanelRow, PanelState } from '../../../src/panel/protocol';
import { pairScore, sampleRows, sampleState } from '../../../scripts/webviewHarness/sampleState';
import { displayId, formatName, plural, quantile } from '../../../media/format';
import { thresholdDomain } from '../../../media/render/histogram';
import { mountApp, setInput, type Harness } from './dom';

const rowsInOrder = (t: Harness) => [...t.root.querySelectorAll('.grid-body .grid-row')] as HTMLElement[];
const counts = (t: Harness) => t.root.querySelector('.counts')!.textContent;
const Event = (t: Harness) => (t.window as unknown as { Event: typeof globalThis.Event }).Event;
const toggle = (t: Harness, el: HTMLInputElement, on: boolean) => {
  el.checked = on;
  el.dispatchEvent(new (Event(t))('change'));
};
const lastSettings = (t: Harness) => {
  t.app.flush();
  return t.posted.filter((m) => m.type === 'settings').pop() as Extract<(typeof t.posted)[number], { type: 'settings' }>;
};

/** A state with every row scored: logits given per row. */
function scored(t: Harness, logits: number[], over: Partial<PanelState> = {}) {
  const rows = sampleRows(logits.length);
  t.app.handleMessage({ type: 'state', state: sampleState({ rows, status: { phase: 'done', done: rows.length, total: rows.length }, ...over }) });
  t.app.handleMessage({ type: 'scores', scores: logits.map((l, i) => pairScore(i, l)), status: { phase: 'done', done: rows.length, total: rows.length } });
}

describe('webview: issue 13', () => {
  let t: Harness;
  beforeEach(() => (t = mountApp()));
  afterEach(() => t.close());

  describe('one meaning per control', () => {
    it('has one score-space toggle, and the threshold follows the table\'s space', () => {
      scored(t, [-2, -1, 0, 1], { display: 'probability', threshold: { space: 'logit', value: 0 } });
      assert.equal(t.root.querySelectorAll('.segmented').length, 1);
      // The host's logit threshold arrives in the panel's (probability) space, keeping the same rows.
      assert.equal(t.app.state!.threshold.space, 'probability');
      assert.ok(Math.abs(t.app.state!.threshold.value! - 0.5) < 1e-9);
      assert.equal(counts(t), '2 kept · 2 dropped');
    });

    it('scales the probability histogram to the scores, with the full 0-1 range on request', () => {
      const logits = [0.15, 0.2, 0.25, 0.37].map((p) => Math.log(p / (1 - p)));
      scored(t, logits, { display: 'probability' });
      const lo = () => Number(t.root.querySelector('.axis-lo')!.textContent);
      const hi = () => Number(t.root.querySelector('.axis-hi')!.textContent);
      assert.ok(lo() >= 0.1 && lo() <= 0.15, `axis starts at ${lo()}`);
      assert.ok(hi() >= 0.37 && hi() <= 0.45, `axis ends at ${hi()}`);
      const full = t.root.querySelector('input.full-range') as HTMLInputElement;
      toggle(t, full, true);
      assert.deepEqual([lo(), hi()], [0, 1]);
      assert.equal(lastSettings(t).fullRange, true);
      // Logit space has no "full range": the option is hidden there.
      (t.root.querySelector('.segmented [data-value=logit]') as HTMLButtonElement).click();
      assert.equal((t.root.querySelector('.full-range-label') as HTMLElement).hidden, true);
    });

    it('thresholdDomain: data span inside 0-1, widened to show the threshold', () => {
      assert.deepEqual(thresholdDomain([0.15, 0.37], 'probability', null), { lo: 0.1, hi: 0.4 });
      const d = thresholdDomain([0.15, 0.37], 'probability', 0.9);
      assert.ok(d.lo <= 0.15 && d.hi >= 0.9 && d.hi <= 1);
      assert.deepEqual(thresholdDomain([0.15, 0.37], 'probability', null, true), { lo: 0, hi: 1 });
      assert.deepEqual(thresholdDomain([], 'probability', null), { lo: 0, hi: 1 });
    });

    it('switched off and on, the threshold comes back at its value', () => {
      scored(t, [-6, -5, -4, -3, -2], { display: 'logit' });
      const c = t.app.controls;
      toggle(t, c.thresholdOn, true);
      setInput(c.thresholdNumber, '-3.5', 'change');
      assert.equal(counts(t), '2 kept · 3 dropped');
      toggle(t, c.thresholdOn, false);
      assert.equal(t.app.state!.threshold.value, null);
      toggle(t, c.thresholdOn, true);
      assert.equal(t.app.state!.threshold.value, -3.5);
      assert.equal(counts(t), '2 kept · 3 dropped');
      // ... and the host hears the remembered value with the settings.
      toggle(t, c.thresholdOn, false);
      assert.deepEqual(lastSettings(t).savedThreshold, { space: 'logit', value: -3.5 });
    });

    it('switched on the first time, it starts at the model\'s saved threshold, else at the median (never logit 0 that drops all)', () => {
      scored(t, [-6, -5, -4, -3, -2], { display: 'logit' });
      toggle(t, t.app.controls.thresholdOn, true);
      assert.equal(t.app.state!.threshold.value, -4);
      assert.equal(counts(t), '3 kept · 2 dropped');

      const other = mountApp();
      try {
        scored(other, [-6, -5, -4, -3, -2], { display: 'logit', query: 'q2', savedThreshold: { space: 'logit', value: -2.5 } });
        toggle(other, other.app.controls.thresholdOn, true);
        assert.equal(other.app.state!.threshold.value, -2.5);
        assert.equal(counts(other), '1 kept · 4 dropped');
      } finally {
        void other.close();
      }
    });

    it('says nothing is filtered when neither a threshold nor a top-k is on, and rows carry no KEPT badge', () => {
      scored(t, [1, 2, 3], { display: 'logit' });
      assert.equal(counts(t), 'Nothing filtered · 3 chunks');
      const badges = rowsInOrder(t).map((r) => r.querySelector('.keep-badge') as HTMLElement);
      assert.ok(badges.every((b) => b.hidden && b.textContent === ''));
      toggle(t, t.app.controls.topKOn, true);
      assert.equal(counts(t), '2 kept · 1 dropped');
      assert.deepEqual(rowsInOrder(t).map((r) => r.querySelector('.keep-badge')!.textContent), ['kept', 'kept', 'dropped']);
    });
  });

  describe('labels that say what they are', () => {
    it('draws made-up ids as "item N", unlike the ranks "#N", in the table and the diff chips', () => {
      const rows: PanelRow[] = sampleRows(3).map((r, i) => ({ ...r, id: `#${i + 1}` }));
      t.app.handleMessage({ type: 'state', state: sampleState({ rows, topK: 1, status: { phase: 'done', done: 3, total: 3 } }) });
      t.app.handleMessage({ type: 'scores', scores: [pairScore(0, -1), pairScore(1, 0), pairScore(2, 5)], status: { phase: 'done', done: 3, total: 3 } });
      const top = rowsInOrder(t)[0];
      assert.equal(top.querySelector('.rank')!.textContent, '#1');
      assert.equal(top.querySelector('.chunk-id')!.textContent, 'item 3');
      assert.ok(top.querySelector('.chunk-id .codicon-tag'));
      assert.equal(top.querySelector('.orig')!.textContent, 'was #3');
      (t.root.querySelector('#tab-diff') as HTMLButtonElement).click();
      t.app.renderDiff();
      const chips = [...t.root.querySelectorAll('.id-list .chip')].map((c) => c.textContent);
      assert.ok(chips.length > 0 && chips.every((c) => /^item \d+$/.test(c!)), chips.join());
      assert.equal(displayId('doc-7'), 'doc-7');
    });

    it('labels the big number: logit or probability', () => {
      scored(t, [-3.2], { display: 'logit' });
      const row = rowsInOrder(t)[0];
      assert.equal(row.querySelector('.score-primary')!.textContent, '-3.20');
      assert.equal(row.querySelector('.score-unit')!.textContent, 'logit');
      (t.root.querySelector('.segmented [data-value=probability]') as HTMLButtonElement).click();
      assert.equal(row.querySelector('.score-unit')!.textContent, 'prob.');
    });

    it('names formats in words', () => {
      assert.equal(formatName('selection-numbered'), 'numbered list (selection)');
      assert.equal(formatName('msmarco-tsv'), 'MS MARCO TSV');
      assert.equal(formatName('langchain-documents'), 'LangChain documents');
      assert.equal(plural(1, 'text'), '1 text');
      assert.equal(plural(3, 'text'), '3 texts');
      assert.equal(quantile([5, 1, 3], 0.5), 3);
    });

    it('Reveal and Export are labelled buttons (no copy-like icon alone)', () => {
      scored(t, [1]);
      const reveal = rowsInOrder(t)[0].querySelector('button.reveal') as HTMLElement;
      assert.equal(reveal.textContent!.trim(), 'Reveal');
      assert.equal(reveal.querySelector('.codicon-go-to-file'), null);
      assert.equal((t.root.querySelector('.header button.export') as HTMLElement).textContent!.trim(), 'Export');
    });

    it('shows a BEIR title on its own line, not glued to the text', () => {
      const rows = sampleRows(1).map((r) => ({ ...r, text: 'Refresh tokens Rotation revokes the family.', metadata: { title: 'Refresh tokens' } }));
      t.app.handleMessage({ type: 'state', state: sampleState({ rows }) });
      const text = rowsInOrder(t)[0].querySelector('.chunk-text')!;
      assert.equal(text.querySelector('.chunk-title')!.textContent, 'Refresh tokens');
      assert.equal(text.textContent, 'Refresh tokens\nRotation revokes the family.');
    });

    it('says when the model is a random-weight test model, and when scores are from the previous model', () => {
      scored(t, [1, 2], { modelNote: 'test model, scores are meaningless', scoresFrom: '/models/good-model', model: '/models/broken' });
      const note = t.root.querySelector('.model-note') as HTMLElement;
      assert.equal(note.hidden, false);
      assert.match(note.textContent!, /test model, scores are meaningless/);
      const stale = t.root.querySelector('.stale-note') as HTMLElement;
      assert.equal(stale.hidden, false);
      assert.match(stale.textContent!, /previous model good-model.*broken has not scored/);
      t.app.handleMessage({ type: 'state', state: sampleState({ rows: t.app.state!.rows, model: '/models/good-model' }) });
      assert.deepEqual([note.hidden, stale.hidden], [true, true]);
    });
  });

  describe('keyboard, layout, density', () => {
    it('compact density is a toggle the host remembers, and a state can start compact', () => {
      scored(t, [1, 2, 3]);
      const wrap = t.root.querySelector('.grid-wrap')!;
      assert.equal(wrap.classList.contains('compact'), false);
      toggle(t, t.app.controls.compact, true);
      assert.equal(wrap.classList.contains('compact'), true);
      assert.equal(lastSettings(t).density, 'compact');
      const other = mountApp();
      try {
        other.app.handleMessage({ type: 'state', state: sampleState({ density: 'compact' }) });
        assert.equal(other.root.querySelector('.grid-wrap')!.classList.contains('compact'), true);
        assert.equal(other.app.controls.compact.checked, true);
      } finally {
        void other.close();
      }
    });

    it('Tab into the list lands on the first row in view, and focus comes back to the last row used', () => {
      scored(t, [0, 1, 2, 3, 4, 5]);
      const rows = rowsInOrder(t);
      // Layout stand-in: rows 40 px tall from y = -80 (two scrolled out of view), window 600 px.
      rows.forEach((r, i) => (r.getBoundingClientRect = () => ({ top: -80 + i * 40, bottom: -40 + i * 40, height: 40, left: 0, right: 300, width: 300, x: 0, y: -80 + i * 40, toJSON() {} }) as DOMRect));
      const tabStop = t.root.querySelector('.grid-row[tabindex="0"]') as HTMLElement;
      // The tab stop is still the row first in input order, now ranked last (the "rank 13, 2,100 px down").
      assert.equal(tabStop, rows[rows.length - 1]);
      tabStop.focus();
      assert.equal(t.document.activeElement, rows[2], 'focus went to the first row in view');
      assert.equal(rows[2].getAttribute('tabindex'), '0');
      // The user moves down and presses Enter (reveal): focus goes to the editor, then comes back.
      rows[2].dispatchEvent(new (t.window as any).KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      assert.equal(t.document.activeElement, rows[3]);
      rows[3].dispatchEvent(new (t.window as any).KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      assert.deepEqual(t.posted.filter((m) => m.type === 'reveal').pop(), { type: 'reveal', index: Number(rows[3].dataset.index) });
      rows[3].blur();
      (t.window as unknown as Window).dispatchEvent(new (Event(t))('focus'));
      assert.equal(t.document.activeElement, rows[3], 'the last row used has focus again');
    });

    it('a narrow panel starts with the filters folded into one bar', async () => {
      const narrow = mountApp({ width: 320, height: 700 });
      try {
        scored(narrow, [1, 2, 3]);
        const filters = narrow.root.querySelector('.filters') as HTMLElement;
        assert.ok(filters.classList.contains('folded'));
        const fold = narrow.root.querySelector('.filters-fold') as HTMLButtonElement;
        assert.equal(fold.getAttribute('aria-expanded'), 'false');
        fold.click();
        assert.equal(filters.classList.contains('folded'), false);
      } finally {
        await narrow.close();
      }
      assert.equal((t.root.querySelector('.filters') as HTMLElement).classList.contains('folded'), false);
    });
  });
});
