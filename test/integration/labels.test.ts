// Judging rows in the per-query view (issue 14) inside a real extension host: judgments posted as the
// webview posts them are saved as qrels + sidecar in the workspace's `.rerank-lens/labels/`, a hand
// edit of the file is picked up (its malformed line skipped, the rest kept), the judgments survive a
// panel reload, a judgment overrides an input label in the labelled-set view's queries and clearing
// it brings the input's back, and Export Labels writes TREC and BEIR files.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseQrelsText } from '../../src/core/labels/qrels';
import { labelsKey } from '../../src/panel/labels/protocol';
import { api, ext } from './extensionApi';

const fixture = (...p: string[]) => path.join(ext().extensionPath, 'test', 'fixtures', 'workspace', ...p);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => Promise<T | undefined> | T | undefined, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('relevance judging in the panel (labels host)', function () {
  this.timeout(120_000);
  let ws: string;
  let input: string;

  before(async () => {
    ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
    input = path.join(ws, 'labels-it.jsonl');
    const line = (qid: string, query: string, docs: [string, string][]) => JSON.stringify({ query_id: qid, query, passages: docs.map(([id, text], i) => ({ id, text, score: 0.9 - i / 10 })) });
    await fs.writeFile(
      input,
      [
        line('qa', 'how to rotate a database password', [['rot-1', 'Rotate the database password every 90 days with the vault.'], ['rot-2', 'Passwords are stored hashed.'], ['rot-3', 'The cafeteria opens at noon.'], ['rot-4', 'Use the vault CLI to rotate credentials.']]),
        line('qb', 'backup schedule', [['bk-1', 'Backups run nightly at 2am.'], ['bk-2', 'The office is closed on Sunday.']]),
      ].join('\n') + '\n',
    );
  });

  it('saves judgments of the rows on screen as qrels and a sidecar in the workspace', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(input), { queryIndex: 0 });
    await a.whenIdle();
    const st = a.panelState()!;
    assert.equal(st.query, 'how to rotate a database password');
    const key = labelsKey(st.activeQuery, st.query);
    const idx = (id: string) => st.rows.find((r) => r.id === id)!.index;
    await a.sendFromWebview({ type: 'labelSet', index: idx('rot-1'), grade: 2, key });
    await a.sendFromWebview({ type: 'labelSet', index: idx('rot-3'), grade: 0, key });
    await a.sendFromWebview({ type: 'labelSet', index: idx('rot-4'), grade: 1, key });
    // Malformed or stale judgments change nothing.
    await a.sendFromWebview({ type: 'labelSet', index: idx('rot-2'), grade: 7, key });
    await a.sendFromWebview({ type: 'labelSet', index: idx('rot-2'), grade: 1, key: labelsKey(st.activeQuery, 'another query') });
    const saved = await a.savedLabels();
    assert.ok(saved?.file, 'no labels file');
    assert.equal(path.dirname(saved.file), path.join(ws, '.rerank-lens', 'labels'));
    assert.deepEqual(saved.qrels, { qa: { 'rot-1': 2, 'rot-3': 0, 'rot-4': 1 } });
    const text = await fs.readFile(saved.file, 'utf8');
    const parsed = parseQrelsText(text);
    assert.equal(parsed.ok, true);
    assert.equal(parsed.judgments, 3);
    assert.match(text, /^qa 0 rot-1 2$/m);
    assert.match(text, /^# .*ids: the input's own query and chunk ids/m);
    const sidecar = JSON.parse(await fs.readFile(saved.file.replace(/\.qrels$/, '.json'), 'utf8'));
    assert.equal(sidecar.queries.qa.text, 'how to rotate a database password');
    assert.equal(sidecar.queries.qa.input, 'labels-it.jsonl');
    // Clearing removes the line.
    await a.sendFromWebview({ type: 'labelSet', index: idx('rot-4'), grade: null, key });
    assert.deepEqual((await a.savedLabels())?.qrels, { qa: { 'rot-1': 2, 'rot-3': 0 } });
  });

  it('picks up a hand edit of the file, skipping its malformed line and keeping the rest', async () => {
    const a = await api();
    const file = (await a.savedLabels())!.file!;
    const before = await fs.readFile(file, 'utf8');
    await fs.writeFile(file, `${before}qa 0 rot-2\nqa 0 rot-2 1\nqb 0 bk-1 2\n`);
    const qrels = await until('the hand edit', async () => {
      const q = (await a.savedLabels())?.qrels;
      return q?.qa?.['rot-2'] === 1 ? q : undefined;
    });
    assert.deepEqual(qrels, { qa: { 'rot-1': 2, 'rot-2': 1, 'rot-3': 0 }, qb: { 'bk-1': 2 } });
  });

  it('keeps the judgments across a panel reload', async () => {
    const a = await api();
    await a.simulateReload();
    const qrels = await until('labels after the reload', async () => {
      const s = await a.savedLabels();
      return s?.file ? s.qrels : undefined;
    });
    assert.equal(qrels.qa?.['rot-1'], 2);
    // A judgment after the reload lands in the same file.
    const st = a.panelState()!;
    await a.sendFromWebview({ type: 'labelSet', index: st.rows.find((r) => r.id === 'rot-4')!.index, grade: 2, key: labelsKey(st.activeQuery, st.query) });
    assert.equal((await a.savedLabels())?.qrels.qa?.['rot-4'], 2);
  });

  it('Export Labels writes TREC qrels and BEIR TSV', async () => {
    const a = await api();
    const trec = vscode.Uri.file(path.join(ws, 'exported.qrels'));
    const beir = vscode.Uri.file(path.join(ws, 'exported.tsv'));
    await a.exportLabelsTo('trec', trec);
    await a.exportLabelsTo('beir', beir);
    const t = await fs.readFile(trec.fsPath, 'utf8');
    assert.doesNotMatch(t, /^#/m, 'plain TREC for every trec_eval');
    assert.equal(t.trim().split('\n').length, 5);
    assert.match(t, /^qb 0 bk-1 2$/m);
    const b = await fs.readFile(beir.fsPath, 'utf8');
    assert.match(b, /^query-id\tcorpus-id\tscore\n/);
    assert.match(b, /^qa\trot-4\t2$/m);
  });

  it('a judgment overrides an input label in the labelled-set view; clearing it brings the input label back', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.openLabelledSet', vscode.Uri.file(fixture('labelled-set')));
    await a.whenIdle();
    let lab = a.labSnapshot()!;
    const position = lab.queries.findIndex((q) => q.queryId === 'q-pool');
    assert.equal(lab.queries[position].qrels?.['pool-0'], 2);
    const pairsBefore = lab.queries.reduce((s, q) => s + Object.keys(q.qrels ?? {}).length, 0);
    await a.sendFromWebview({ type: 'labOpenQuery', setIndex: lab.setIndexes[position], threshold: { space: 'logit', value: 0 } });
    await a.whenIdle();
    const st = a.panelState()!;
    const key = labelsKey(st.activeQuery, st.query);
    const row = st.rows.find((r) => r.id === 'pool-0')!;
    assert.equal(row.label, 2, 'the input label is on the row');
    const unlabelled = st.rows.find((r) => r.label === undefined)!;
    await a.sendFromWebview({ type: 'labelSet', index: row.index, grade: 0, key });
    await a.sendFromWebview({ type: 'labelSet', index: unlabelled.index, grade: 1, key });
    await a.savedLabels();
    lab = a.labSnapshot()!;
    assert.equal(lab.queries[position].qrels?.['pool-0'], 0, 'saved over input');
    assert.equal(lab.queries[position].qrels?.[unlabelled.id], 1);
    assert.equal(lab.queries.reduce((s, q) => s + Object.keys(q.qrels ?? {}).length, 0), pairsBefore + 1);
    await a.sendFromWebview({ type: 'labelSet', index: row.index, grade: null, key });
    await a.savedLabels();
    assert.equal(a.labSnapshot()!.queries[position].qrels?.['pool-0'], 2, 'the input label again');
  });
});
