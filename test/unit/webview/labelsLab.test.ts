// The labelled-set view after judgments (issue 14): when the host re-sends a query with new labels
// (LabController.refreshLabels posts 'labQuery'), the view's labelled counts, metrics and the
// bootstrap interval of the best-F1 cutoff follow, computed from the same core/eval code as the CLI.
import { strict as assert } from 'node:assert';
import { analyzeSet } from '../../../src/core/eval/index';
import type { LabData } from '../../../src/panel/lab/protocol';
import { LabView } from '../../../media/lab/labView';
import { newDocument } from './dom';
import { labQuery } from './labFixtures';

describe('webview: the lab follows new judgments', () => {
  it('re-sent queries update the labelled counts, the metrics and the cutoff interval', async () => {
    const { window, document } = newDocument();
    const view = new LabView(document, () => undefined);
    document.body.append(view.el);
    const queries = [
      labQuery('a', [3, 1, -1, -2], { 'a-d0': 2, 'a-d2': 0 }),
      labQuery('b', [2, 0.5, -0.5, -3]),
      labQuery('c', [1, 0, -1.5, -2.5]),
    ];
    const data: LabData = { sourceLabel: 'set.jsonl', scorerLabel: 'tiny (logit)', setIndexes: [0, 1, 2], queries, labels: { labelledQueries: 1, unknownQueries: 0, unknownDocuments: 0 }, threshold: { space: 'logit', value: 0 }, recallTarget: 0.9 };
    view.handle({ type: 'lab', data: JSON.parse(JSON.stringify(data)) });
    view.recompute();
    const notes = () => view.el.querySelector('.lab-notes')!.textContent!;
    const recs = () => view.el.querySelector('.lab-recs')!.textContent!;
    assert.match(notes(), /Labelled: 1 of 3 queries, 2 pairs\./);
    const recsBefore = recs();
    // Judged in the per-query view: query b gets four labels, c two.
    const b = labQuery('b', [2, 0.5, -0.5, -3], { 'b-d0': 1, 'b-d1': 0, 'b-d2': 1, 'b-d3': 0 });
    const c = labQuery('c', [1, 0, -1.5, -2.5], { 'c-d0': 2, 'c-d1': 0 });
    view.handle({ type: 'labQuery', position: 1, query: b });
    view.handle({ type: 'labQuery', position: 2, query: c });
    view.recompute();
    assert.match(notes(), /Labelled: 3 of 3 queries, 8 pairs\./);
    const expected = analyzeSet([queries[0], b, c], { recallTarget: 0.9, k: 10 });
    assert.ok(expected.maxF1Interval, 'the fixture has an interval');
    assert.match(recs(), new RegExp(`between ${expected.maxF1Interval.low.toFixed(3)} and ${expected.maxF1Interval.high.toFixed(3)} \\(logit\\)`));
    assert.match(recs(), new RegExp(`of ${expected.maxF1Interval.resamples} resampled label sets`));
    assert.notEqual(recs(), recsBefore);
    const ndcgRow = [...view.el.querySelectorAll('.lab-metrics tbody tr')].find((r) => r.querySelector('th')?.textContent === 'ndcg@10')!;
    assert.equal(ndcgRow.querySelectorAll('td')[1].textContent, expected.evaluation.after['ndcg@10'].toFixed(3));
    await window.happyDOM.close();
  });
});
