// Issue 13 in a real extension host: Select Model writes only the scope chosen, a failed model switch
// keeps the last good results, exports score what is missing or say what they cover, a selection's
// export carries its facts, filters do not follow the user to unrelated files, query-less sets get
// the typed query, the entry points (TREC run files, BEIR folders, a Query: line anywhere), recent
// queries only from typing, remembered paths for unrecognised shapes, the test-model note, density.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RerankLensTestApi } from '../../src/extension';
import { api, ext } from './extensionApi';

const fixture = (...p: string[]) => path.join(ext().extensionPath, 'test', 'fixtures', ...p);
const cfg = () => vscode.workspace.getConfiguration('rerankLens');
const tmp = (name: string, text: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it13-')), name);
  fs.writeFileSync(file, text);
  return file;
};

/** Runs a command that must not stop at a picker: fails instead of hanging when it does. */
async function runNoPrompt(a: RerankLensTestApi, id: string, ...args: unknown[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${id} waited for input (a picker or prompt opened)`)), 30_000)));
  try {
    await Promise.race([vscode.commands.executeCommand(id, ...args), timeout]);
    await a.whenIdle();
  } finally {
    clearTimeout(timer);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  }
}

async function rerankNotes(a: RerankLensTestApi, query: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(fixture('workspace', 'notes.md'));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  editor.selection = new vscode.Selection(2, 0, 9, doc.lineAt(9).text.length);
  await runNoPrompt(a, 'rerankLens.rerankSelection', { query });
  assert.equal(a.panelState()?.status.phase, 'done', JSON.stringify(a.panelState()?.status));
}

describe('issue 13: what a retrieval engineer hit', function () {
  this.timeout(120_000);

  it('Select Model saved to the user settings leaves the workspace localModelPath (and its file) alone', async () => {
    const a = await api();
    const userBefore = cfg().inspect<string>('localModelPath')?.globalValue;
    const wsFolder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(wsFolder, 'the integration window has a workspace folder');
    try {
      await cfg().update('localModelPath', fixture('models', 'tiny-bert'), vscode.ConfigurationTarget.Workspace);
      const settingsFile = path.join(wsFolder.uri.fsPath, '.vscode', 'settings.json');
      const fileBefore = fs.readFileSync(settingsFile, 'utf8');
      await a.useModel({ model: 'cross-encoder/ms-marco-MiniLM-L-12-v2', scope: 'user' });
      assert.equal(cfg().inspect<string>('localModelPath')?.workspaceValue, fixture('models', 'tiny-bert'), 'the workspace folder setting was removed');
      assert.equal(fs.readFileSync(settingsFile, 'utf8'), fileBefore, 'the workspace settings file changed');
      assert.equal(cfg().inspect<string>('model')?.globalValue, 'cross-encoder/ms-marco-MiniLM-L-12-v2');
      const userFolder = cfg().inspect<string>('localModelPath')?.globalValue;
      // Chosen for this workspace, the folder there goes (the user said so) and the user folder stays.
      await a.useModel({ model: 'cross-encoder/ms-marco-MiniLM-L-12-v2', scope: 'workspace' });
      assert.equal(cfg().inspect<string>('localModelPath')?.workspaceValue, undefined);
      assert.equal(cfg().inspect<string>('localModelPath')?.globalValue, userFolder, 'a workspace choice changed the user settings');
      assert.equal(cfg().inspect<string>('model')?.globalValue, 'cross-encoder/ms-marco-MiniLM-L-12-v2');
    } finally {
      await cfg().update('model', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg().update('localModelPath', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg().update('model', undefined, vscode.ConfigurationTarget.Global);
      await cfg().update('localModelPath', userBefore, vscode.ConfigurationTarget.Global);
    }
  });

  it('a failed model switch keeps the last good results, marked as the previous model\'s; switching back clears the error', async () => {
    const a = await api();
    const good = cfg().inspect<string>('localModelPath')?.globalValue;
    await rerankNotes(a, 'failed switch keeps results');
    const modelA = a.panelState()!.model;
    const scores = a.panelState()!.rows.map((r) => r.score?.score);
    assert.ok(scores.every((x) => typeof x === 'number'));
    try {
      await a.useModel({ localModelPath: path.join(os.tmpdir(), 'rl-no-such-model'), scope: 'user' });
      await runNoPrompt(a, 'rerankLens.rerankAgain', { query: 'failed switch keeps results' });
      let s = a.panelState()!;
      assert.equal(s.status.phase, 'error', JSON.stringify(s.status));
      assert.deepEqual(s.rows.map((r) => r.score?.score), scores, 'the rows lost their scores');
      assert.equal(s.scoresFrom, modelA);
      await a.useModel({ localModelPath: good!, scope: 'user' });
      await a.whenIdle();
      s = a.panelState()!;
      assert.equal(s.status.phase, 'done', 'switching back reran and cleared the error');
      assert.equal(s.scoresFrom, undefined);
      assert.deepEqual(s.rows.map((r) => r.score?.score), scores);
    } finally {
      await cfg().update('localModelPath', good, vscode.ConfigurationTarget.Global);
    }
  });

  it('exports of a multi-query file: scores the missing queries on request, else says what they cover', async () => {
    const a = await api();
    const file = tmp('two.jsonl', fs.readFileSync(fixture('workspace', 'multi.jsonl'), 'utf8'));
    await runNoPrompt(a, 'rerankLens.rerankFile', vscode.Uri.file(file), { queryIndex: 0 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it13-export-'));
    const only = await a.exportTo('same', vscode.Uri.file(path.join(dir, 'only.jsonl')), { scoreMissing: false });
    assert.ok(only);
    const lines = (p: string) => fs.readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { passages: { rerank?: unknown }[] });
    const total = lines(file).length;
    assert.ok(total >= 2, 'the fixture has several queries');
    assert.deepEqual(a.exportCoverage(), { written: 1, total, noQuery: 0, unscored: total - 1 });
    assert.equal(lines(only.fsPath).filter((l) => l.passages.every((p) => p.rerank)).length, 1);

    const all = await a.exportTo('same', vscode.Uri.file(path.join(dir, 'all.jsonl')), { scoreMissing: true });
    assert.deepEqual(a.exportCoverage(), { written: total, total, noQuery: 0, unscored: 0 });
    assert.ok(lines(all!.fsPath).every((l) => l.passages.every((p) => p.rerank)), 'a query was exported without scores');
  });

  it('an export of a selection carries the query, model, dtype, max length and threshold', async () => {
    const a = await api();
    await rerankNotes(a, 'selection export facts');
    await a.sendFromWebview({ type: 'settings', threshold: { space: 'logit', value: 0.5 }, topK: null, display: 'logit', onlyMoved: false, view: 'table' });
    const out = await a.exportTo('same', vscode.Uri.file(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it13-sel-')), 'sel.json')));
    const json = JSON.parse(fs.readFileSync(out!.fsPath, 'utf8')) as { rerankLens: Record<string, unknown> };
    const s = a.panelState()!;
    assert.deepEqual(json.rerankLens, { query: 'selection export facts', model: s.model, dtype: s.dtype, maxLength: a.settings().maxLength, threshold: { space: 'logit', value: 0.5 }, topK: null });
    await a.sendFromWebview({ type: 'settings', threshold: { space: 'logit', value: null }, topK: null, display: 'logit', onlyMoved: false, view: 'table' });
  });

  it('threshold and top-k do not follow the user to an unrelated file; the same input keeps them', async () => {
    const a = await api();
    await rerankNotes(a, 'filters stay with their input');
    await a.sendFromWebview({ type: 'settings', threshold: { space: 'logit', value: 0.1 }, topK: 5, display: 'logit', onlyMoved: false, view: 'table' });
    await runNoPrompt(a, 'rerankLens.rerankSelection', { query: 'filters stay with their input' });
    assert.deepEqual([a.panelState()!.threshold.value, a.panelState()!.topK], [0.1, 5], 'a rerun of the same selection keeps them');
    const one = tmp('one.json', JSON.stringify([{ text: 'a single chunk' }]));
    await runNoPrompt(a, 'rerankLens.rerankFile', vscode.Uri.file(one), { query: 'q' });
    const s = a.panelState()!;
    assert.equal(s.rows.length, 1);
    assert.deepEqual([s.threshold.value, s.topK], [null, null]);
    assert.deepEqual(s.savedThreshold, { space: 'logit', value: 0.1 }, 'switching the threshold on starts at the model\'s saved one');
    await a.sendFromWebview({ type: 'settings', threshold: { space: 'logit', value: null }, topK: null, display: 'logit', onlyMoved: false, view: 'table' });
  });

  it('a set without a query is named by its first words and gets the query typed for the first set', async () => {
    const a = await api();
    const file = tmp('noquery.jsonl', [
      { query_id: 'q1', passages: [{ id: 'a', text: 'Rotation issues a new refresh token each time' }, { id: 'b', text: 'Parking is free after six' }] },
      { query_id: 'q2', passages: [{ id: 'c', text: 'Reuse of a rotated token revokes the family' }, { id: 'd', text: 'The cafeteria opens at noon' }] },
    ].map((o) => JSON.stringify(o)).join('\n'));
    await runNoPrompt(a, 'rerankLens.rerankFile', vscode.Uri.file(file), { query: 'refresh token reuse' });
    let s = a.panelState()!;
    assert.deepEqual(s.queries.map((q) => q.label), ['Set 1: Rotation issues a new refresh token…', 'Set 2: Reuse of a rotated token revokes the…']);
    await a.sendFromWebview({ type: 'selectQuery', index: 1 });
    await a.whenIdle();
    s = a.panelState()!;
    assert.equal(s.activeQuery, 1);
    assert.equal(s.query, 'refresh token reuse');
    assert.equal(s.status.phase, 'done', JSON.stringify(s.status));
  });

  it('entry points: a TREC run file beside its corpus, and a BEIR folder', async () => {
    const a = await api();
    await runNoPrompt(a, 'rerankLens.rerankFile', vscode.Uri.file(fixture('formats', 'infra', 'beir-with-run', 'bm25.run.txt')));
    assert.ok(a.panelState()!.rows.length > 0, JSON.stringify(a.panelState()!.status));
    assert.equal(a.panelState()!.status.phase, 'done');
    await runNoPrompt(a, 'rerankLens.rerankFolder', vscode.Uri.file(fixture('workspace', 'labelled-set')));
    assert.ok(a.panelState()!.rows.length > 0);
    assert.equal(a.panelState()!.status.phase, 'done');
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('rerankLens.rerankFolder'));
  });

  it('the whole-document fallback uses a Query: line anywhere; recent queries hold only typed ones', async () => {
    const a = await api();
    const file = tmp('notes-with-query.md', '# Retrieval notes\n\nSome words before the results.\n\nQuery: when is a refresh token revoked\n\n1. Rotation issues a new token.\n2. Reuse revokes the whole family.\n3. The cafeteria opens at noon.\n');
    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await runNoPrompt(a, 'rerankLens.rerankSelection');
    const s = a.panelState()!;
    assert.equal(s.query, 'when is a refresh token revoked');
    assert.equal(s.rows.length, 3);
    // Queries read from the file are not "recent"; one typed in the panel is.
    await runNoPrompt(a, 'rerankLens.rerankFile', vscode.Uri.file(fixture('workspace', 'multi.jsonl')), { queryIndex: 0 });
    const fileQuery = a.panelState()!.query;
    assert.ok(!a.recentQueries().includes(fileQuery), 'a query read from the file became recent');
    assert.ok(!a.recentQueries().includes('when is a refresh token revoked'));
    await a.sendFromWebview({ type: 'rerun', query: 'typed by the user' });
    await a.whenIdle();
    assert.equal(a.recentQueries()[0], 'typed by the user');
  });

  it('an ambiguous shape offers text, id and score paths (with direction), and the choice is remembered for that shape', async () => {
    const a = await api();
    const rows = (p: string) => [1, 2, 3].map((i) => ({ body: `${p} passage ${i} about password rotation and vault tokens`, ref: `${p}-${i}`, dist: i / 10 }));
    const shape = (tag: string) => JSON.stringify({ asked: `password rotation ${tag}`, left: { rows: rows('left') }, right: { rows: rows('right') } });
    const first = tmp('ambiguous.json', shape('one'));
    let answered = a.pathPicksShown();
    /** Waits for the next picker to open, moves `down` entries and accepts, as a keyboard user would. */
    const step = async (down: number) => {
      const deadline = Date.now() + 30_000;
      while (a.pathPicksShown() <= answered) {
        assert.ok(Date.now() < deadline, `picker ${answered + 1} did not open`);
        await new Promise((r) => setTimeout(r, 50));
      }
      answered++;
      await new Promise((r) => setTimeout(r, 400)); // the widget renders its items
      for (let i = 0; i < down; i++) await vscode.commands.executeCommand('quickInput.next');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    };
    const run = vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(first), { query: 'password rotation' });
    await step(0); // text path: the first candidate
    await step(0); // query: none in the file (the argument gives it)
    await step(1); // ids: the first field of the records
    await step(1); // scores: the records' number field (after "No retriever scores")
    await step(1); // direction: lower is better
    await run;
    await a.whenIdle();
    let s = a.panelState()!;
    assert.equal(s.rows.length, 3, JSON.stringify(s.status));
    const side = s.rows[0].id.split('-')[0];
    assert.ok(side === 'left' || side === 'right', `ids not read from the id path: ${s.rows.map((r) => r.id).join()}`);
    assert.ok(s.rows.every((r) => r.scoreKind === 'distance' && typeof r.retrieverScore === 'number'), JSON.stringify(s.rows.map((r) => [r.scoreKind, r.retrieverScore])));
    // Another file of the same shape: read with the remembered paths, no picker.
    const second = tmp('ambiguous-too.json', shape('two'));
    await runNoPrompt(a, 'rerankLens.rerankFile', vscode.Uri.file(second), { query: 'password rotation' });
    s = a.panelState()!;
    assert.equal(s.status.phase, 'done', JSON.stringify(s.status));
    assert.deepEqual(s.rows.map((r) => r.id.split('-')[0]), [side, side, side]);
    assert.ok(s.rows.every((r) => r.scoreKind === 'distance'));
  });

  it('says "test model, scores are meaningless" for the tiny test model, in the panel and the status bar; density is remembered', async () => {
    const a = await api();
    await rerankNotes(a, 'test model note');
    assert.equal(a.panelState()!.modelNote, 'test model, scores are meaningless');
    assert.match(a.statusBarText().text, /test model, scores are meaningless/);
    await a.sendFromWebview({ type: 'settings', threshold: { space: 'logit', value: null }, topK: null, display: 'logit', onlyMoved: false, view: 'table', density: 'compact' });
    await runNoPrompt(a, 'rerankLens.rerankFile', vscode.Uri.file(fixture('workspace', 'multi.jsonl')), { queryIndex: 1 });
    assert.equal(a.panelState()!.density, 'compact');
    await a.sendFromWebview({ type: 'settings', threshold: { space: 'logit', value: null }, topK: null, display: 'logit', onlyMoved: false, view: 'table', density: 'comfortable' });
  });
});
