// The panel host inside a real extension host, with the test API playing the webview's part:
// messages are validated, reveal selects the chunk in its source editor, thresholds are remembered
// per model, a reload restores the panel from its saved state, cancel stops a long run, reruns come
// from the engine's cache. Also the workspace-trust rules of settings resolution.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RerankLensTestApi } from '../../src/extension';
import { resolveSettings, type ConfigSource } from '../../src/host/settings';
import { api, ext } from './extensionApi';

const fixture = (...p: string[]) => path.join(ext().extensionPath, 'test', 'fixtures', 'workspace', ...p);
const models = (name: string) => path.join(ext().extensionPath, 'test', 'fixtures', 'models', name);

async function rerankNotes(a: RerankLensTestApi, query?: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixture('notes.md'));
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  editor.selection = new vscode.Selection(2, 0, 9, doc.lineAt(9).text.length);
  await vscode.commands.executeCommand('rerankLens.rerankSelection', query ? { query } : undefined);
  await a.whenIdle();
  assert.equal(a.panelState()?.status.phase, 'done', JSON.stringify(a.panelState()?.status));
  return editor;
}

const settingsMessage = (value: number | null, topK: number | null) => ({
  type: 'settings',
  threshold: { space: 'logit', value },
  topK,
  display: 'logit',
  onlyMoved: false,
  view: 'table',
});

describe('Rerank Lens panel host', function () {
  this.timeout(120_000);

  it('ignores malformed webview messages without changing the state', async () => {
    const a = await api();
    await rerankNotes(a);
    const before = JSON.stringify(a.panelState());
    for (const bad of ['reveal', null, 42, { type: 'nope' }, { type: 'reveal', index: -1 }, { type: 'reveal', index: 1.5 }, { type: 'rerun', query: 7 },
      { type: 'settings', threshold: { space: 'odds', value: 1 }, topK: null, display: 'logit', onlyMoved: false, view: 'table' },
      { type: 'settings', threshold: { space: 'logit', value: 'NaN' }, topK: null, display: 'logit', onlyMoved: false, view: 'table' },
      { type: 'selectQuery', index: 99 }]) {
      await a.sendFromWebview(bad);
    }
    assert.equal(JSON.stringify(a.panelState()), before);
  });

  it('follows the scoreDisplay setting', async () => {
    const a = await api();
    await rerankNotes(a);
    const cfg = vscode.workspace.getConfiguration('rerankLens');
    try {
      await cfg.update('scoreDisplay', 'probability', vscode.ConfigurationTarget.Global);
      assert.equal(a.panelState()!.display, 'probability');
      await rerankNotes(a);
      assert.equal(a.panelState()!.display, 'probability', 'a new input starts with the configured display');
    } finally {
      await cfg.update('scoreDisplay', undefined, vscode.ConfigurationTarget.Global);
    }
    // Back to the default 'model': the tiny model's config.json says Identity, so the logit (issue 15).
    assert.equal(a.panelState()!.display, 'logit');
    assert.equal(a.panelState()!.displayFollowsModel, true);
    assert.equal(a.panelState()!.modelSpace, 'logit');
  });

  it('reveal opens the source document and selects the chunk there', async () => {
    const a = await api();
    const editor = await rerankNotes(a);
    const row = a.panelState()!.rows[3];
    assert.ok(row.revealable && row.source);
    // Focus something else first, so the reveal has to bring the source editor back.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await a.sendFromWebview({ type: 'reveal', index: row.index });
    const active = vscode.window.activeTextEditor;
    assert.ok(active, 'no active editor after reveal');
    assert.equal(active.document.uri.fsPath, fixture('notes.md'));
    assert.equal(active.viewColumn, vscode.ViewColumn.One, 'revealed in the editor the chunks came from');
    const sel = active.selection;
    assert.deepEqual([sel.start.line, sel.start.character, sel.end.line, sel.end.character], [row.source.startLine, row.source.startColumn, row.source.endLine, row.source.endColumn]);
    assert.equal(active.document.getText(sel), row.text);
  });

  it('reveal opens a results file that was not open and selects the chunk text in it', async () => {
    const a = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('multi.jsonl')), { queryIndex: 1 });
    await a.whenIdle();
    const row = a.panelState()!.rows.find((r) => r.id === 'conda')!;
    assert.ok(row.revealable && row.source);
    await a.sendFromWebview({ type: 'reveal', index: row.index });
    const active = vscode.window.activeTextEditor;
    assert.ok(active, 'no active editor after reveal');
    assert.equal(active.document.uri.fsPath, fixture('multi.jsonl'));
    assert.equal(active.selection.start.line, 1, 'the chunk is on the second line of the JSONL file');
    assert.equal(active.document.getText(active.selection), row.text);
    const panelTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview);
    assert.ok(panelTab?.isActive ?? true, 'the revealed document did not cover the panel');
    assert.notEqual(panelTab?.group.viewColumn, active.viewColumn, 'the document opened in the panel\'s own group');
  });

  it('a rerun with the same query comes from the engine cache', async () => {
    const a = await api();
    await rerankNotes(a, 'cache me please');
    const first = a.panelState()!.rows.map((r) => r.score!.score);
    await a.sendFromWebview({ type: 'rerun', query: 'cache me please' });
    await a.whenIdle();
    const s = a.panelState()!;
    assert.equal(s.status.phase, 'done');
    assert.equal(s.cacheHits, s.rows.length);
    assert.ok(s.rows.every((r) => r.score?.cached), 'every score is marked cached');
    assert.deepEqual(s.rows.map((r) => r.score!.score), first);
  });

  it('remembers the threshold per model and saves it as the default on request', async () => {
    const a = await api();
    const cfg = () => vscode.workspace.getConfiguration('rerankLens');
    const previous = cfg().inspect<string>('localModelPath')?.globalValue;
    try {
      await rerankNotes(a, 'per model threshold');
      const modelA = a.panelState()!.model;
      await a.sendFromWebview(settingsMessage(0.25, 3));
      assert.deepEqual(a.panelState()!.threshold, { space: 'logit', value: 0.25 });
      assert.equal(a.panelState()!.topK, 3);

      await (await api()).useModel({ localModelPath: models('tiny-bert-2labels') });
      await vscode.commands.executeCommand('rerankLens.rerankAgain', { query: 'per model threshold' });
      await a.whenIdle();
      let s = a.panelState()!;
      assert.equal(s.status.phase, 'done', JSON.stringify(s.status));
      assert.notEqual(s.model, modelA);
      assert.equal(s.threshold.value, null, 'a threshold does not transfer to another model');

      await (await api()).useModel({ localModelPath: previous ?? models('tiny-bert') });
      await vscode.commands.executeCommand('rerankLens.rerankAgain', { query: 'per model threshold' });
      await a.whenIdle();
      s = a.panelState()!;
      assert.equal(s.model, modelA);
      assert.deepEqual(s.threshold, { space: 'logit', value: 0.25 }, 'the first model gets its threshold back');

      await a.sendFromWebview({ type: 'saveThresholdAsDefault' });
      assert.equal(cfg().get('defaultThreshold'), 0.25);
      assert.equal(cfg().get('defaultThresholdSpace'), 'logit');
    } finally {
      await a.sendFromWebview(settingsMessage(null, null));
      await cfg().update('defaultThreshold', undefined, vscode.ConfigurationTarget.Global);
      await cfg().update('defaultThresholdSpace', undefined, vscode.ConfigurationTarget.Global);
      await cfg().update('localModelPath', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it('survives a reload: the restored panel shows the same rows and can switch query by re-reading the file', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('multi.jsonl')), { queryIndex: 0 });
    await a.whenIdle();
    const before = a.panelState()!;
    await a.simulateReload();
    const restored = a.panelState()!;
    assert.deepEqual(restored.rows, JSON.parse(JSON.stringify(before.rows)));
    assert.equal(restored.query, before.query);
    await a.sendFromWebview({ type: 'selectQuery', index: 1 });
    await a.whenIdle();
    const s = a.panelState()!;
    assert.equal(s.activeQuery, 1);
    assert.equal(s.query, 'what is a python virtual environment');
    assert.deepEqual(s.rows.map((r) => r.id), ['venv', 'pip', 'conda', 'pyenv']);
    assert.equal(s.status.phase, 'done');
  });

  it('a run interrupted by the reload comes back as cancelled; a garbage saved state gives an empty panel', async () => {
    const a = await api();
    await rerankNotes(a);
    const s = JSON.parse(JSON.stringify(a.panelState()));
    s.status = { phase: 'scoring', done: 2, total: s.rows.length };
    await a.simulateReload(s);
    assert.equal(a.panelState()!.status.phase, 'cancelled');
    await a.simulateReload({ version: 99, rows: 'nope' });
    assert.equal(a.panelState()!.rows.length, 0);
  });

  it('cancel stops a long run and keeps the scores that arrived', async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-big-'));
    const file = path.join(dir, 'big.json');
    const words = 'the quick brown fox jumps over lazy dog retrieval ranking vector database password rotation token'.split(' ');
    const rows: string[] = [];
    for (let i = 0; i < 12000; i++) {
      const t = ['item', String(i)];
      for (let j = 0; j < 100; j++) t.push(words[(i * 7 + j * j * 13 + i * j) % words.length]);
      rows.push(t.join(' '));
    }
    fs.writeFileSync(file, JSON.stringify(rows));
    const run = vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(file), { query: 'password rotation' });
    const deadline = Date.now() + 60_000;
    while (a.panelState()?.status.phase !== 'scoring' || a.panelState()?.sourceLabel.indexOf('big.json') === -1) {
      assert.ok(Date.now() < deadline, `never saw scoring: ${JSON.stringify(a.panelState()?.status)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await a.sendFromWebview({ type: 'cancel' });
    await run;
    const s = a.panelState()!;
    assert.equal(s.status.phase, 'cancelled', JSON.stringify(s.status));
    const scored = s.rows.filter((r) => r.score).length;
    assert.ok(scored > 0 && scored < s.rows.length, `${scored} of ${s.rows.length} scored`);
  });

  it('Cancel right after a rerun cancels the new run, not only the one it replaced', async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-cancel-'));
    const file = path.join(dir, 'long.json');
    fs.writeFileSync(file, JSON.stringify(Array.from({ length: 6000 }, (_, i) => `cancel test passage ${i} about ${i % 5 === 0 ? 'vault' : 'lunch'} with words ${i * 17}`)));
    const first = vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(file), { query: 'vault' });
    const deadline = Date.now() + 60_000;
    while (a.panelState()?.status.phase !== 'scoring' || !a.panelState()?.sourceLabel.includes('long.json')) {
      assert.ok(Date.now() < deadline, `never saw scoring: ${JSON.stringify(a.panelState()?.status)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // The user types another query, presses Enter, and at once Cancel (before the new run started scoring).
    const second = a.sendFromWebview({ type: 'rerun', query: 'lunch' });
    await a.sendFromWebview({ type: 'cancel' });
    await Promise.all([first, second]);
    await a.whenIdle();
    const s = a.panelState()!;
    assert.equal(s.query, 'lunch');
    assert.equal(s.status.phase, 'cancelled', JSON.stringify(s.status));
    assert.ok(s.rows.filter((r) => r.score).length < s.rows.length, 'the new run did not score every row');
  });

  it('an engine that dies mid-run is reported in the panel, and the next run starts a new engine', async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-crash-'));
    const file = path.join(dir, 'many.json');
    fs.writeFileSync(file, JSON.stringify(Array.from({ length: 12000 }, (_, i) => `crash test passage number ${i} about ${i % 7 === 0 ? 'vault' : 'lunch'} and more words ${i * 31}`)));
    const run = vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(file), { query: 'vault' });
    const deadline = Date.now() + 60_000;
    while (a.panelState()?.status.phase !== 'scoring' || !a.panelState()?.sourceLabel.includes('many.json')) {
      assert.ok(Date.now() < deadline, `never saw scoring: ${JSON.stringify(a.panelState()?.status)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const pid = a.enginePid();
    assert.ok(pid, 'no engine process');
    process.kill(pid, 'SIGKILL');
    await run;
    const s = a.panelState()!;
    assert.equal(s.status.phase, 'error', JSON.stringify(s.status));
    assert.ok((s.status.message ?? '').length > 0);
    await rerankNotes(a, 'after the crash');
    assert.notEqual(a.enginePid(), pid, 'a new engine process runs');
  });
});

describe('settings resolution and workspace trust', () => {
  /** A configuration with a user (global) layer and a workspace layer on top. */
  function source(global: Record<string, unknown>, workspace: Record<string, unknown>): ConfigSource {
    return {
      get: <T>(k: string) => (k in workspace ? workspace[k] : global[k]) as T | undefined,
      inspect: <T>(k: string) => ({ globalValue: global[k] as T | undefined, defaultValue: (k === 'model' ? 'cross-encoder/ms-marco-MiniLM-L-6-v2' : '') as T }),
    };
  }

  it('an untrusted workspace cannot point at model files or a hub server', () => {
    const cfg = source({ localModelPath: '/home/me/models/mine' }, { localModelPath: '/tmp/evil', hubUrl: 'http://evil.example/', model: '/tmp/evil-model' });
    const s = resolveSettings(cfg, false, '/work/ws');
    assert.equal(s.localModelPath, '/home/me/models/mine');
    assert.equal(s.hubUrl, '');
    assert.equal(s.model, 'cross-encoder/ms-marco-MiniLM-L-6-v2');
    assert.deepEqual([...s.ignoredUntrusted].sort(), ['rerankLens.hubUrl', 'rerankLens.localModelPath', 'rerankLens.model']);
  });

  it('a trusted workspace may, and relative model folders resolve against the workspace', () => {
    const cfg = source({}, { localModelPath: 'models/tiny', hubUrl: 'http://127.0.0.1:9999/', allowDownloads: false, dtype: 'q8', batchSize: 4, scoreDisplay: 'probability', defaultTopK: 5, defaultThreshold: 0.5 });
    const s = resolveSettings(cfg, true, path.join(path.sep, 'work', 'ws'));
    assert.equal(s.localModelPath, path.join(path.sep, 'work', 'ws', 'models', 'tiny'));
    assert.equal(s.hubUrl, 'http://127.0.0.1:9999/');
    assert.equal(s.allowDownloads, false);
    assert.equal(s.dtype, 'q8');
    assert.equal(s.batchSize, 4);
    assert.equal(s.scoreDisplay, 'probability');
    assert.equal(s.defaultTopK, 5);
    assert.deepEqual(s.defaultThreshold, { space: 'probability', value: 0.5 });
    assert.deepEqual(s.ignoredUntrusted, []);
  });

  it('out-of-range numbers are clamped and unknown values fall back to defaults', () => {
    const s = resolveSettings(source({}, { maxLength: 9000, batchSize: 0, threads: -3, dtype: 'fp16', scoreDisplay: 'odds', defaultTopK: 2.5 }), true);
    assert.equal(s.maxLength, 8192, "the schema's maximum (long-context rerankers)");
    assert.equal(resolveSettings(source({}, { maxLength: 4096 }), true).maxLength, 4096, 'a long-context length is kept; the engine caps it at the model limit');
    assert.equal(resolveSettings(source({}, { maxLength: 2 }), true).maxLength, 8);
    assert.equal(s.batchSize, 1);
    assert.equal(s.threads, 0);
    assert.equal(s.dtype, 'fp32');
    assert.equal(s.scoreDisplay, 'model', "the default: what the model's CrossEncoder.predict returns");
    assert.equal(s.defaultThresholdSpace, 'model', 'the threshold space falls back to the display setting');
    assert.deepEqual(s.defaultThreshold, { space: 'logit', value: null });
    assert.equal(s.defaultTopK, null);
  });
});
