// Walkthrough round 2 (the labelled-set view in real VS Code): a second set opened in the same panel
// showed the first set's threshold cards (and "precision ... recall" on a set without labels), a set
// without labels showed a table of 0.000 metrics, and switching between the lab and a query kept one
// scroll offset for both (the query opened scrolled past its controls, the way back landed at the top).
import { strict as assert } from 'node:assert';
import type { LabData } from '../../../src/panel/lab/protocol';
import { LabView } from '../../../media/lab/labView';
import { LabMount } from '../../../media/lab/labMount';
import { newDocument } from './dom';
import { labQuery } from './labFixtures';

const labelled: LabData = {
  sourceLabel: 'labelled-set', scorerLabel: 'tiny (logit)', setIndexes: [0, 1],
  queries: [labQuery('a', [3, 1, -1, -2], { 'a-d0': 2, 'a-d2': 1 }), labQuery('b', [2, 0.5, -0.5, -3], { 'b-d1': 1 })],
  labels: { labelledQueries: 2, unknownQueries: 0, unknownDocuments: 0 }, threshold: { space: 'logit', value: null }, recallTarget: 0.9,
};
const unlabelled: LabData = {
  sourceLabel: 'nolabels.jsonl', scorerLabel: 'tiny (logit)', setIndexes: [0, 1, 2],
  queries: [labQuery('x', [1.5, 0.2, -0.7]), labQuery('y', [0.9, -0.1, -2]), labQuery('z', [0.3, -1, -1.2])],
  labels: { labelledQueries: 0, unknownQueries: 0, unknownDocuments: 0 }, threshold: { space: 'logit', value: null }, recallTarget: 0.9,
};
const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('webview: the lab, walkthrough round 2', () => {
  it('a second set in the same panel gets its own threshold cards, even after the first one was dragged', async () => {
    const { window, document } = newDocument();
    const view = new LabView(document, () => undefined);
    document.body.append(view.el);
    view.handle({ type: 'lab', data: copy(labelled) });
    view.recompute();
    view.setThreshold(0.75, true);
    assert.match(view.el.querySelector('.lab-at')!.textContent!, /precision/);
    view.handle({ type: 'lab', data: copy(unlabelled) });
    view.recompute();
    const at = view.el.querySelector('.lab-at')!.textContent!;
    assert.doesNotMatch(at, /precision|recall/, `the labelled set's numbers stayed: ${at}`);
    assert.match(at, /keeps [\d.]+ per query/);
    assert.notEqual(view.threshold, null);
    const kept = [...view.el.querySelectorAll('.lab-queries tbody tr')].map((tr) => tr.querySelectorAll('td')[5].textContent);
    assert.ok(kept.every((k) => /^\d+ \/ 3$/.test(k ?? '')), `kept cells: ${kept.join(', ')}`);
    // Every column of the query table says what it counts.
    const heads = [...view.el.querySelectorAll('.lab-queries thead th')];
    assert.ok(heads.length >= 7 && heads.every((th) => (th.getAttribute('title') ?? '').length > 10));
    assert.match(heads.find((th) => th.textContent === 'Relevant')!.getAttribute('title')!, /of all judged relevant/);
    assert.match(heads.find((th) => th.textContent === 'Kept')!.getAttribute('title')!, /current threshold/);
    await window.happyDOM.close();
  });

  it('a set without labels says what the metrics need instead of a table of zeros', async () => {
    const { window, document } = newDocument();
    const view = new LabView(document, () => undefined);
    document.body.append(view.el);
    view.handle({ type: 'lab', data: copy(unlabelled) });
    view.recompute();
    assert.equal(view.el.querySelectorAll('.lab-metrics tbody tr').length, 0);
    assert.match(view.el.querySelector('.lab-metrics')!.textContent!, /need relevance labels/);
    const verdict = view.el.querySelector('.lab-verdict')!.textContent!;
    assert.match(verdict, /Needs labels to tell/);
    assert.doesNotMatch(verdict, /Ceiling|0\.000/);
    // Labels attached: the table comes back.
    const withLabels = copy(unlabelled);
    withLabels.queries = withLabels.queries.map((q, i) => ({ ...q, qrels: { [`${q.queryId}-d${i % 3}`]: 1 } }));
    view.handle({ type: 'lab', data: withLabels });
    view.recompute();
    assert.ok(view.el.querySelectorAll('.lab-metrics tbody tr').length >= 10);
    await window.happyDOM.close();
  });

  it('opening a query starts at the top; coming back restores the lab where it was and focuses the row', async () => {
    const { window, document } = newDocument({ width: 1000, height: 300 });
    const root = document.createElement('div');
    document.body.append(root);
    const queryEl = document.createElement('div');
    root.append(queryEl);
    const posted: unknown[] = [];
    const mount = new LabMount(root, () => [queryEl], (m) => posted.push(m));
    mount.handle({ type: 'lab', data: copy(labelled) });
    mount.view!.recompute();
    const scrolls: [number, number][] = [];
    let y = 0;
    Object.defineProperty(window, 'scrollY', { get: () => y, configurable: true });
    (window as unknown as { scrollTo: (x: number, y: number) => void }).scrollTo = (x: number, ny: number) => { scrolls.push([x, ny]); y = ny; };
    y = 640;
    const row = mount.view!.el.querySelector<HTMLElement>('.lab-queries tbody tr[data-position="1"]')!;
    row.click();
    assert.equal((posted.at(-1) as { type: string }).type, 'labOpenQuery');
    mount.handle({ type: 'labMode', mode: 'query' });
    assert.deepEqual(scrolls.at(-1), [0, 0], 'the query view opens at its top');
    // A message for the view already showing scrolls nothing.
    const n = scrolls.length;
    mount.handle({ type: 'labMode', mode: 'query' });
    assert.equal(scrolls.length, n);
    mount.handle({ type: 'labMode', mode: 'lab' });
    assert.deepEqual(scrolls.at(-1), [0, 640], 'back where the lab was');
    assert.equal(document.activeElement?.getAttribute('data-position'), '1', 'focus on the query that was opened');
    // Another set opened in this panel starts at its top.
    mount.handle({ type: 'lab', data: copy(unlabelled) });
    assert.deepEqual(scrolls.at(-1), [0, 0], 'a new set starts at the top');
    // From a query of the set the bar leads back; once another input takes the panel (Rerank File), it goes.
    const bar = root.querySelector('.lab-bar') as HTMLElement;
    mount.handle({ type: 'labMode', mode: 'query' });
    assert.equal(bar.hidden, false, 'the way back to the set');
    mount.handle({ type: 'labMode', mode: 'query', closed: true });
    assert.equal(bar.hidden, true, 'no way back to a set that is gone');
    assert.equal(mount.view!.data, undefined);
    await window.happyDOM.close();
  });
});
