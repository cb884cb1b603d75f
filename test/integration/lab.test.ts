// The labelled-set view's host side inside a real extension host: Open as Labelled Set on a BEIR
// folder scores every query (through the engine and the on-disk score store), a query opens in the
// per-query view with the lab's threshold, labels files are attached with unknown ids counted and a
// file that is not qrels refused; a second open comes from the score store.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, ext } from './extensionApi';

const fixture = (...p: string[]) => path.join(ext().extensionPath, 'test', 'fixtures', 'workspace', ...p);

describe('labelled set (threshold lab) host', function () {
  this.timeout(120_000);

  it('Open as Labelled Set scores every query of a BEIR folder and keeps its labels', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.openLabelledSet', vscode.Uri.file(fixture('labelled-set')));
    await a.whenIdle();
    const lab = a.labSnapshot();
    assert.ok(lab, 'no labelled set open');
    assert.ok(lab.queries.length >= 6, `queries: ${lab.queries.length}`);
    assert.equal(lab.queries.length, lab.setIndexes.length);
    for (const q of lab.queries) for (const c of q.candidates) assert.equal(typeof c.score, 'number', `${q.queryId}/${c.id} not scored`);
    assert.ok(lab.labels.labelledQueries >= 6, JSON.stringify(lab.labels));
    const pool = lab.queries.find((q) => q.queryId === 'q-pool');
    assert.ok(pool?.qrels && pool.qrels['pool-0'] === 2, JSON.stringify(pool?.qrels));
  });

  it('a click on a query opens it in the per-query view with the lab threshold', async () => {
    const a = await api();
    const lab = a.labSnapshot();
    assert.ok(lab);
    const position = lab.queries.findIndex((q) => q.queryId === 'q-vault');
    await a.sendFromWebview({ type: 'labOpenQuery', setIndex: lab.setIndexes[position], threshold: { space: 'logit', value: 0.125 } });
    await a.whenIdle();
    const st = a.panelState();
    assert.equal(st?.activeQuery, lab.setIndexes[position]);
    assert.deepEqual(st?.threshold, { space: 'logit', value: 0.125 });
    assert.equal(st?.status.phase, 'done');
    assert.ok(st?.rows.every((r) => r.score), 'rows not scored');
    // A malformed lab message changes nothing.
    await a.sendFromWebview({ type: 'labOpenQuery', setIndex: -1, threshold: { space: 'probability', value: 7 } });
    assert.equal(a.panelState()?.activeQuery, lab.setIndexes[position]);
  });

  it('attached labels count unknown queries and documents; a file that is not qrels is refused', async () => {
    const a = await api();
    const ok = await a.attachLabels('q-pool 0 pool-1 2\nq-pool 0 not-a-candidate 1\nq-nowhere 0 x 1\n', 'extra.qrels');
    assert.equal(ok, true);
    const lab = a.labSnapshot();
    assert.ok(lab);
    assert.equal(lab.labels.source, 'extra.qrels');
    assert.equal(lab.labels.unknownQueries, 1);
    assert.equal(lab.labels.unknownDocuments, 1);
    assert.equal(lab.queries.find((q) => q.queryId === 'q-pool')?.qrels?.['pool-1'], 2);
    const refused = await a.attachLabels('{"this": "is not", "qrels": true}', 'notes.json');
    assert.equal(refused, false);
  });

  it('reopening the set takes every score from the score store', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.openLabelledSet', vscode.Uri.file(fixture('labelled-set')));
    await a.whenIdle();
    const lab = a.labSnapshot();
    assert.ok(lab);
    for (const q of lab.queries) for (const c of q.candidates) assert.equal(typeof c.score, 'number');
  });
});
