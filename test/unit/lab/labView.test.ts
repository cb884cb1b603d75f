// The labelled-set view in a real DOM (happy-dom) through the App, as the host drives it: the numbers it
// shows are the core/eval numbers of the same queries (recomputed here independently), a threshold move
// rewrites the kept cells from the sweep, a query click asks the host to open it with the threshold,
// and malformed lab messages (both directions) are refused by the validators.
import * as assert from 'node:assert/strict';
import { analyzeSet } from '../../../src/core/eval/index';
import type { EvalQuery } from '../../../src/core/eval/queries';
import { parseLabHostMessage, parseLabWebviewMessage, type LabData } from '../../../src/panel/lab/protocol';
import { mountApp } from '../webview/dom';

function queries(): EvalQuery[] {
  // Three labelled queries and one without labels; scores make reranking help on q1, hurt on q2.
  const mk = (queryId: string, scores: number[], qrels?: Record<string, number>): EvalQuery => ({
    queryId, query: `query ${queryId}`, retrieverKind: 'unknown',
    candidates: scores.map((score, i) => ({ id: `${queryId}-d${i}`, score, probability: 1 / (1 + Math.exp(-score)) })),
    ...(qrels ? { qrels } : {}),
  });
  return [
    mk('q1', [-2, 1.5, -1, 0.5], { 'q1-d1': 2, 'q1-d3': 1 }),
    mk('q2', [2, -3, 0.1], { 'q2-d1': 1 }),
    mk('q3', [0.3, 0.2, -0.5], { 'q3-d0': 1, 'q3-d2': 1 }),
    mk('q4', [1, -1]),
  ];
}

const data = (): LabData => ({
  sourceLabel: 'beir', scorerLabel: 'tiny (logit)', setIndexes: [0, 1, 2, 3], queries: queries(),
  labels: { labelledQueries: 3, unknownQueries: 0, unknownDocuments: 0 }, threshold: { space: 'logit', value: 0.2 }, recallTarget: 0.9,
});

describe('labelled-set view (webview)', () => {
  it('shows the before/after means, the verdict and the unlabelled count that core/eval computes', async () => {
    const t = mountApp();
    try {
      t.app.handleMessage({ type: 'lab', data: data() });
      const mount = t.app.labMount;
      mount.view!.recompute();
      const expected = analyzeSet(queries(), { recallTarget: 0.9, k: 10 });
      const cells = [...t.root.querySelectorAll('.lab-metrics tbody tr')].find((tr) => tr.querySelector('th')?.textContent === 'ndcg@10')!.querySelectorAll('td');
      assert.equal(cells[0].textContent, expected.evaluation.before['ndcg@10'].toFixed(3));
      assert.equal(cells[1].textContent, expected.evaluation.after['ndcg@10'].toFixed(3));
      const c = expected.evaluation.comparison;
      assert.match(t.root.querySelector('.lab-verdict')!.textContent!, new RegExp(`${c.wins} better, ${c.ties} tied, ${c.losses} worse`));
      assert.match(t.root.querySelector('.lab-notes')!.textContent!, /1 query has no labels and is left out/);
      assert.equal((t.root.querySelector('#lab-view') as HTMLElement).hidden, false);
      assert.ok(t.root.querySelector('main.main')!.classList.contains('lab-hidden'), 'the per-query view is hidden while the lab shows');
    } finally {
      await t.close();
    }
  });

  it('a threshold move rewrites the kept cells from the sweep; worst change first; a click opens the query', async () => {
    const t = mountApp();
    try {
      t.app.handleMessage({ type: 'lab', data: data() });
      const view = t.app.labMount.view!;
      view.recompute();
      const kept = () => [...t.root.querySelectorAll('.lab-queries tbody tr')].map((tr) => [tr.querySelector('.lab-q')!.textContent, tr.querySelectorAll('td')[5].textContent]);
      view.setThreshold(-10, false);
      assert.ok(kept().every(([, k]) => { const [a, b] = k!.split('/').map((x) => Number(x)); return a === b; }), JSON.stringify(kept()));
      view.setThreshold(1, true);
      const byQuery = Object.fromEntries(kept());
      assert.deepEqual(byQuery, { 'query q1': '1 / 4', 'query q2': '1 / 3', 'query q3': '0 / 3', 'query q4': '1 / 2' });
      const changes = [...t.root.querySelectorAll('.lab-queries tbody tr')].map((tr) => tr.querySelectorAll('td')[4].textContent).filter((x) => x !== '–').map(Number);
      assert.deepEqual(changes, [...changes].sort((a, b) => a - b), 'worst change first');
      (t.root.querySelector('.lab-queries tbody tr') as HTMLElement).click();
      const open = t.posted.find((m) => (m as { type: string }).type === 'labOpenQuery') as unknown as { setIndex: number; threshold: { value: number } };
      assert.equal(open.threshold.value, 1);
      assert.ok(t.posted.some((m) => (m as { type: string }).type === 'labApplyThreshold'), 'a finished drag tells the host');
    } finally {
      await t.close();
    }
  });

  it('refuses malformed lab messages in both directions', () => {
    assert.equal(parseLabWebviewMessage({ type: 'labOpenQuery', setIndex: -1, threshold: { space: 'logit', value: 0 } }), undefined);
    assert.equal(parseLabWebviewMessage({ type: 'labApplyThreshold', threshold: { space: 'probability', value: 3 } }), undefined);
    assert.equal(parseLabWebviewMessage({ type: 'labApplyThreshold', threshold: { space: 'logit', value: Infinity } }), undefined);
    assert.deepEqual(parseLabWebviewMessage({ type: 'labCancel', extra: 1 }), { type: 'labCancel' });
    assert.equal(parseLabHostMessage({ type: 'lab', data: { ...data(), setIndexes: [0] } }), undefined);
    assert.equal(parseLabHostMessage({ type: 'labQuery', position: 0, query: { queryId: 1, candidates: [] } }), undefined);
    assert.ok(parseLabHostMessage({ type: 'labStatus', status: { phase: 'scoring', queriesDone: 1, queriesTotal: 2, pairsDone: 3, pairsTotal: 9 } }));
  });
});
