// Issue 10 inside a real extension host: Compare Scorers on the labelled set scores every set with the
// tiny model in fp32 and q8 through the panel's session (the retriever's order beside them), and the
// compare view's data holds both scorers' numbers (logits, close but not equal); rerankLens.scorer
// pointing at a loopback TEI server makes the panel score with it and say what the number means.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { rawScore, startRerankServer } from '../support/rerankServers/index';
import { api, ext } from './extensionApi';

const fixture = (...p: string[]) => path.join(ext().extensionPath, 'test', 'fixtures', ...p);

describe('compare scorers (issue 10)', function () {
  this.timeout(180_000);

  it('fp32 against q8 of the tiny model on the whole labelled set, with the retriever order', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.openLabelledSet', vscode.Uri.file(fixture('workspace', 'labelled-set')));
    await a.whenIdle();
    const model = fixture('models', 'tiny-bert');
    const ok = await vscode.commands.executeCommand('rerankLens.compareScorers', { scorers: [`local:${model}@fp32`, `local:${model}@q8`, 'retriever'], scope: 'all' });
    assert.equal(ok, true);
    const snap = a.compareSnapshot();
    assert.ok(snap, 'no compare view');
    assert.equal(snap.status?.phase, 'done', JSON.stringify(snap.status));
    assert.deepEqual(snap.data.scorers.map((s) => [s.name, s.kind, s.meaning]), [['A', 'local', 'logit'], ['B', 'local', 'logit'], ['C', 'retriever', 'rank']]);
    assert.match(snap.data.scorers[1].label, /q8/);
    const withText = snap.data.sets.filter((s) => s.query.trim() !== '' && s.chunks.length > 0);
    assert.ok(withText.length >= 6);
    let differ = 0;
    for (const s of withText) {
      for (let j = 0; j < s.chunks.length; j++) {
        const [x, y] = [s.scores[0][j], s.scores[1][j]];
        assert.equal(typeof x, 'number');
        assert.equal(typeof y, 'number');
        assert.ok(Math.abs(x! - y!) < 0.5, `q8 drifted ${x} vs ${y}`);
        if (x !== y) differ++;
      }
      assert.equal(s.scores[2][0], -s.chunks[0].originalRank);
    }
    assert.ok(differ > 0, 'q8 gave exactly the fp32 numbers: it did not run the int8 weights');
    assert.ok(withText.some((s) => s.qrels), 'labels reach the view');
    // A malformed compare message changes nothing; Back closes the view.
    await a.sendFromWebview({ type: 'compareRun', scorers: ['x'] });
    await a.sendFromWebview({ type: 'compareClose' });
    assert.equal(a.compareSnapshot()?.status?.phase, 'done');
  });

  it("labels attached in the lab reach the compare view (it measured against the input's labels only)", async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-cmp-labels-'));
    const file = path.join(dir, 'unlabelled.jsonl');
    const line = (qid: string, query: string, ids: string[]) => JSON.stringify({ query_id: qid, query, passages: ids.map((id, i) => ({ id, text: `${query} passage ${id} with some words ${i}` })) });
    fs.writeFileSync(file, `${line('qa', 'rotate the vault password', ['a1', 'a2', 'a3'])}\n${line('qb', 'lunch hours', ['b1', 'b2'])}\n`);
    await vscode.commands.executeCommand('rerankLens.openLabelledSet', vscode.Uri.file(file));
    await a.whenIdle();
    assert.equal(await a.attachLabels('qa 0 a2 2\nqa 0 a1 0\nqb 0 b2 1\n', 'mine.qrels'), true);
    const model = fixture('models', 'tiny-bert');
    assert.equal(await vscode.commands.executeCommand('rerankLens.compareScorers', { scorers: [`local:${model}@fp32`, 'retriever'], scope: 'all' }), true);
    const snap = a.compareSnapshot();
    assert.equal(snap?.status?.phase, 'done', JSON.stringify(snap?.status));
    const qa = snap!.data.sets.find((x) => x.query === 'rotate the vault password');
    assert.deepEqual(qa?.qrels, { a2: 2, a1: 0 });
    assert.deepEqual(snap!.data.sets.find((x) => x.query === 'lunch hours')?.qrels, { b2: 1 });
    await a.sendFromWebview({ type: 'compareClose' });
  });

  it('rerankLens.scorer = a loopback TEI server: the panel scores with it and shows its meaning', async () => {
    const a = await api();
    const server = await startRerankServer({ kind: 'tei' });
    const cfg = () => vscode.workspace.getConfiguration('rerankLens');
    try {
      await cfg().update('scorer', `tei:${server.url}`, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('workspace', 'multi.jsonl')));
      await a.whenIdle();
      const st = a.panelState();
      assert.ok(st);
      assert.equal(st.status.phase, 'done', JSON.stringify(st.status));
      assert.equal(st.scorerMeaning, 'logit');
      assert.match(st.scorerLabel ?? '', /^tei @ 127\.0\.0\.1:\d+$/);
      // Thresholds are remembered by the SPEC: a server's number never inherits the local model's cutoff.
      assert.equal(st.model, `tei:${server.url}`);
      assert.ok(server.requests.length > 0);
      for (const r of st.rows) assert.ok(Math.abs(r.score!.score - rawScore(st.query, r.text)) < 1e-4, r.text);
    } finally {
      await cfg().update('scorer', undefined, vscode.ConfigurationTarget.Global);
      await server.close();
    }
  });
});
