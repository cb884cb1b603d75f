// The "Why?" view in the real webview code (media/app.ts + media/explain/) on happy-dom: the row's
// button asks the host, a large cost waits for the user's go-ahead in the view, progress and cancel,
// then the heat maps (text exactly the chunk's, markup as text), their accessible labels and keyboard
// moves, the legend, the best windows and the deletion curve. Explanations come from the real planner
// (core/explain) with a fixed scoring function, so offsets are what the session would post.
import { strict as assert } from 'node:assert';
import { bestWindows, faithfulness, planBasic, planWindows, sentenceEffects, termEffects, charsTokenCounter } from '../../../src/core/explain';
import { forView } from '../../../src/panel/explain/explainHost';
import type { ExplainedRow } from '../../../src/panel/explain/protocol';
import { areaSentence } from '../../../media/explain/deletionCurve';
import { heatClass } from '../../../media/explain/heatMap';
import { sampleRows, sampleState } from '../../../scripts/webviewHarness/sampleState';
import { mountApp, type Harness } from './dom';

const QUERY = 'what happens when a refresh token is reused';
const TEXT = 'Refresh tokens rotate on every use. A reused token revokes the family. Markup <img src=x onerror=alert(1)> is noise. Access tokens live ten minutes. 日本語の文です。';

/** Texts with "reused" score high, markup lowers the score, and length adds a little. */
const fakeScore = (q: string, t: string) => t.length / 40 + (t.includes('reused') ? 2 : 0) - (t.includes('<img') ? 1.5 : 0) + (q.includes('refresh') ? 0.5 : 0);

function explained(row: number, opts: { cutAt?: number } = {}): ExplainedRow {
  const plan = planBasic(TEXT, QUERY, { terms: true });
  const sentences = sentenceEffects(plan, (t) => fakeScore(QUERY, t));
  const full = fakeScore(QUERY, TEXT);
  const faith = faithfulness(TEXT, plan.sentences, sentences, 1, (t) => fakeScore(QUERY, t))!;
  const spans = planWindows(TEXT, plan.sentences, 20, charsTokenCounter(4));
  const windows = opts.cutAt !== undefined ? bestWindows(spans, 20, (t) => ({ score: fakeScore(QUERY, t), truncated: false }) as never, opts.cutAt) : undefined;
  return forView({
    chunkId: `doc-00${row + 1}`, text: TEXT, query: QUERY, fullScore: full, fullProbability: 1 / (1 + Math.exp(-full)), truncatedAtChar: opts.cutAt ?? null,
    sentences, terms: termEffects(plan, full, (q) => fakeScore(q, TEXT)), faithfulness: faith, ...(windows ? { windows } : {}),
    pairs: { sentences: 5, terms: 8, windows: 0, curve: 5, total: 18 },
  }, row);
}

const lastPosted = (t: Harness) => t.posted[t.posted.length - 1] as unknown as Record<string, unknown>;
const cost = (total: number) => ({ sentences: 5, terms: 8, windows: 0, curve: total - 13, total, exact: false });

describe('webview: the "Why?" view', () => {
  let t: Harness;
  beforeEach(() => {
    t = mountApp();
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: sampleRows(4), query: QUERY, topK: 2 }) });
  });
  afterEach(() => t.close());

  const why = (index: number) => t.root.querySelector(`.grid-row[data-index="${index}"] button.why`) as HTMLButtonElement;
  const result = (requestId: number, explanations: ExplainedRow[]) =>
    t.app.handleMessage({ type: 'explainResult', requestId, explanations, scorerLabel: 'tiny-bert', meaning: 'logit', pairs: 18, cacheHits: 2, elapsedMs: 1500 });

  it('every row has a labelled "Why?" button that asks the host for that row, not a reveal', () => {
    const b = why(2);
    assert.ok(b, 'no Why? button on the row');
    assert.equal(b.getAttribute('aria-label'), 'Why did chunk doc-003 score that?');
    const before = t.posted.length;
    b.click();
    assert.equal(t.posted.length, before + 1, 'one message, no reveal');
    assert.deepEqual(lastPosted(t), { type: 'explainRequest', requestId: 1, index: 2 });
    // Focus moves to the view's heading so a screen reader lands on it.
    assert.equal(t.document.activeElement?.className, 'explain-heading');
    assert.match(t.document.activeElement!.textContent!, /doc-003/);
  });

  it('asks before a large request, in the view; Explain re-sends it confirmed, Not now closes', () => {
    why(1).click();
    t.app.handleMessage({ type: 'explainCost', requestId: 1, rows: [1], cost: cost(260), needsConfirm: true });
    const confirm = t.root.querySelector('.explain-confirm') as HTMLElement;
    assert.equal(confirm.hidden, false);
    assert.match(confirm.textContent!, /about 260 pairs to score \(5 for sentences, 8 for query words, up to 247 for the curves\)/);
    assert.equal(t.document.activeElement?.className, 'explain-run', 'focus on the go-ahead button');
    (t.root.querySelector('.explain-run') as HTMLButtonElement).click();
    assert.deepEqual(lastPosted(t), { type: 'explainRequest', requestId: 1, index: 1, confirmed: true });
    assert.equal(confirm.hidden, true);
    why(1).click();
    t.app.handleMessage({ type: 'explainCost', requestId: 2, rows: [1], cost: cost(260), needsConfirm: true });
    (t.root.querySelector('.explain-no') as HTMLButtonElement).click();
    assert.equal((t.root.querySelector('.explain-body') as HTMLElement).hidden, true);
  });

  it('shows progress with a Cancel that names the request, and ignores answers to older requests', () => {
    why(0).click();
    t.app.handleMessage({ type: 'explainCost', requestId: 1, rows: [0], cost: cost(18), needsConfirm: false });
    const progress = t.root.querySelector('.explain-progress') as HTMLProgressElement;
    assert.equal((t.root.querySelector('.explain-progress-row') as HTMLElement).hidden, false);
    t.app.handleMessage({ type: 'explainProgress', requestId: 1, phase: 'terms', done: 7, total: 18 });
    assert.equal(progress.value, 7);
    assert.equal(progress.getAttribute('aria-valuetext'), '7 of 18 pairs');
    (t.root.querySelector('.explain-cancel') as HTMLButtonElement).click();
    assert.deepEqual(lastPosted(t), { type: 'explainCancel', requestId: 1 });
    t.app.handleMessage({ type: 'explainError', requestId: 1, message: 'The explanation was cancelled.', cancelled: true });
    assert.match(t.root.querySelector('.explain-status')!.textContent!, /cancelled/);
    // A new request; a late result of the old one must not show.
    why(3).click();
    result(1, [explained(0)]);
    assert.equal(t.root.querySelectorAll('.explain-card').length, 0);
    result(2, [explained(3)]);
    assert.equal(t.root.querySelectorAll('.explain-card').length, 1);
  });

  it('renders the chunk as a heat map: the exact text, markup as text, one labelled focusable mark per sentence', () => {
    why(0).click();
    const e = explained(0);
    result(1, [e]);
    const chunk = t.root.querySelector('.heat-chunk') as HTMLElement;
    assert.equal(chunk.textContent, TEXT, 'the heat map shows the chunk text exactly');
    assert.equal(chunk.querySelectorAll('img').length, 0, 'markup in the chunk created an element');
    const marks = [...chunk.querySelectorAll('mark.heat')] as HTMLElement[];
    assert.equal(marks.length, e.sentences.length);
    marks.forEach((m, i) => {
      const s = e.sentences[i];
      assert.equal(m.textContent, TEXT.slice(s.start, s.end));
      assert.equal(m.getAttribute('role'), 'group');
      assert.equal(m.getAttribute('aria-roledescription'), 'sentence');
      const words = s.effect > 0 ? `raises the score by ${s.effect.toFixed(2)}` : `lowers the score by ${Math.abs(s.effect).toFixed(2)}`;
      assert.ok(m.getAttribute('aria-label')!.startsWith(`${words}. Sentence ${i + 1} of ${marks.length}: `), m.getAttribute('aria-label')!);
      assert.ok(m.classList.contains(heatClass(s.effect, Math.max(...e.sentences.map((x) => Math.abs(x.effect)), ...e.terms!.map((x) => Math.abs(x.effect))))));
    });
    // The sentence with the markup lowers the score here, the largest effect gets the strongest colour.
    assert.ok(marks.some((m) => /lowers the score/.test(m.getAttribute('aria-label')!)));
    assert.ok(marks.some((m) => m.classList.contains('heat-up-4') || m.classList.contains('heat-down-4')));
    // Query words: the query exactly, one mark per word.
    const query = t.root.querySelector('.heat-query') as HTMLElement;
    assert.equal(query.textContent, QUERY);
    assert.equal(query.querySelectorAll('mark.heat').length, QUERY.split(' ').length);
    assert.match(query.querySelector('mark')!.getAttribute('aria-label')!, /^(raises|lowers) the score by \d+\.\d\d\. Word 1 of 8: what$|^no effect\. Word 1 of 8: what$/);
    // The legend states the scale in words.
    const legend = t.root.querySelector('.heat-legend') as HTMLElement;
    assert.match(legend.getAttribute('aria-label')!, /^Colour scale: from lowers the score by \d+\.\d\d \(left\) through no effect to raises the score by \d+\.\d\d \(right\)\.$/);
    assert.equal(legend.querySelectorAll('.heat-swatch').length, 9);
  });

  it('one tab stop per heat map; the arrows, Home and End move focus, and the live line says the effect', () => {
    why(0).click();
    result(1, [explained(0)]);
    const chunk = t.root.querySelector('.heat-chunk') as HTMLElement;
    const marks = [...chunk.querySelectorAll('mark.heat')] as HTMLElement[];
    assert.deepEqual(marks.map((m) => m.getAttribute('tabindex')), ['0', ...marks.slice(1).map(() => '-1')]);
    marks[0].focus();
    const key = (k: string) => t.document.activeElement!.dispatchEvent(new t.window.KeyboardEvent('keydown', { key: k, bubbles: true }) as unknown as Event);
    key('ArrowRight');
    assert.equal(t.document.activeElement, marks[1]);
    assert.deepEqual(marks.map((m) => m.getAttribute('tabindex')), marks.map((_, i) => (i === 1 ? '0' : '-1')));
    key('End');
    assert.equal(t.document.activeElement, marks[marks.length - 1]);
    key('Home');
    assert.equal(t.document.activeElement, marks[0]);
    key('ArrowLeft');
    assert.equal(t.document.activeElement, marks[0], 'stays at the first');
    const detail = t.root.querySelector('.heat-detail') as HTMLElement;
    assert.equal(detail.getAttribute('aria-live'), 'polite');
    assert.equal(detail.textContent, marks[0].getAttribute('aria-label'));
  });

  it('draws the deletion curve against the random one, with the area sentence and a values table', () => {
    why(0).click();
    const e = explained(0);
    result(1, [e]);
    const f = e.faithfulness!;
    const svg = t.root.querySelector('svg.curve-chart')!;
    const del = svg.querySelector('polyline.curve-deletion')!.getAttribute('points')!.split(' ');
    const rnd = svg.querySelector('polyline.curve-random')!.getAttribute('points')!.split(' ');
    assert.equal(del.length, f.deletion.scores.length);
    assert.equal(rnd.length, f.random.scores.length);
    // Higher scores are drawn higher (smaller y): compare the first and last points' order with the scores'.
    const y = (p: string) => Number(p.split(',')[1]);
    assert.equal(Math.sign(y(del[0]) - y(del[del.length - 1])), -Math.sign(f.deletion.scores[0] - f.deletion.scores[f.deletion.scores.length - 1]) || 0);
    assert.equal(t.root.querySelector('.curve-sentence')!.textContent, areaSentence(f));
    assert.match(svg.getAttribute('aria-label')!, /Deletion curve against a random order over 5 sentences\./);
    assert.equal(t.root.querySelectorAll('.curve-values tbody tr').length, f.deletion.scores.length);
    assert.match(t.root.querySelector('.explain-status')!.textContent!, /18 pairs scored by tiny-bert in 1\.5 s \(2 from the cache\)/);
  });

  it('the area sentence says which way the curves went', () => {
    const base = explained(0).faithfulness!;
    assert.match(areaSentence({ ...base, areaDifference: 1.234 }), /faster than a random order: the area between the curves is 1\.23/);
    assert.match(areaSentence({ ...base, areaDifference: -0.5 }), /more slowly than a random order \(area difference -0\.50/);
  });

  it('a truncated chunk dims what the model never saw and lists the best windows', () => {
    why(0).click();
    const cutAt = 60;
    result(1, [explained(0, { cutAt })]);
    const unseen = [...t.root.querySelectorAll('.heat-chunk .unseen')].map((x) => x.textContent).join('');
    assert.equal(unseen, TEXT.slice(cutAt));
    assert.equal(t.root.querySelector('.heat-chunk')!.textContent, TEXT);
    assert.match(t.root.querySelector('.explain-cut')!.textContent!, new RegExp(`first ${cutAt} of ${TEXT.length} characters`));
    const w = t.root.querySelector('.explain-windows') as HTMLElement;
    assert.ok(w, 'no best-window section');
    assert.match(w.textContent!, /scores best/);
    assert.ok(w.querySelector('li.best'));
  });

  it('"Why? Top k" asks for the panel\'s top-k at once and renders one card per chunk', () => {
    (t.root.querySelector('button.explain-topk') as HTMLButtonElement).click();
    assert.deepEqual(lastPosted(t), { type: 'explainRequest', requestId: 1, topK: 2 });
    result(1, [explained(1), explained(0)]);
    const titles = [...t.root.querySelectorAll('.explain-card-title')].map((x) => x.textContent);
    assert.equal(titles.length, 2);
    assert.match(titles[0]!, /^Chunk doc-002: logit /);
    assert.match(titles[1]!, /^Chunk doc-001: logit /);
    // Every card is labelled by its own heading.
    for (const card of t.root.querySelectorAll('.explain-card')) assert.ok(t.document.getElementById(card.getAttribute('aria-labelledby')!));
  });

  it('a new query closes the explanation of the old one; the end-of-run state of the same query does not', () => {
    why(0).click();
    result(1, [explained(0)]);
    const body = t.root.querySelector('.explain-body') as HTMLElement;
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: sampleRows(4), query: QUERY, topK: 2 }) });
    assert.equal(body.hidden, false);
    assert.equal(t.root.querySelectorAll('.explain-card').length, 1);
    t.app.handleMessage({ type: 'state', state: sampleState({ rows: sampleRows(4), query: 'another question', topK: 2 }) });
    assert.equal(body.hidden, true);
    assert.equal(t.root.querySelectorAll('.explain-card').length, 0);
    // The app still took the state.
    assert.equal(t.app.state?.query, 'another question');
  });

  it('drops a malformed result instead of rendering it', () => {
    why(0).click();
    const bad = { ...explained(0), sentences: [{ ...explained(0).sentences[0], end: 10_000 }] };
    result(1, [bad as ExplainedRow]);
    assert.equal(t.root.querySelectorAll('.explain-card').length, 0);
  });
});
