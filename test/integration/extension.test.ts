// The extension end to end inside a real extension host: commands driven with arguments (no UI),
// the real engine process scoring with the committed tiny test model (the launcher's user settings
// point rerankLens.localModelPath at it), and the panel's state read through the test-only API that
// activate() returns.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EngineClient } from '../../src/engine/client';
import { vscodeProxyEnv } from '../../src/host/proxyEnv';
import { proxyFor } from '../../src/node/proxy';
import { api, EXT_ID, ext } from './extensionApi';
import { rankChunks } from '../../src/core/rank';
import { chunksFromRows } from '../../src/panel/panelState';


const fixture = (...p: string[]) => path.join(ext().extensionPath, 'test', 'fixtures', 'workspace', ...p);
const tinyModel = () => path.join(ext().extensionPath, 'test', 'fixtures', 'models', 'tiny-bert');

async function openAndSelect(file: string, fromLine: number, toLine: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  const end = doc.lineAt(Math.min(toLine, doc.lineCount - 1)).range.end;
  editor.selection = new vscode.Selection(new vscode.Position(fromLine, 0), end);
  return editor;
}

/** Scores with a separate engine process, as an independent check of what the panel shows. */
async function engineScores(texts: string[], query: string): Promise<number[]> {
  const a = await api();
  const s = a.settings();
  const client = new EngineClient({ enginePath: path.join(ext().extensionPath, 'dist', 'engine.js') });
  try {
    const out = await client.score({
      spec: { model: s.localModelPath || s.model, dtype: s.dtype, maxLength: s.maxLength, cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-cache-')), offline: true },
      run: { batchSize: 4, threads: 1 },
      query,
      chunks: texts,
    });
    return out.scores.map((p) => p.score);
  } finally {
    client.dispose();
  }
}

describe('Rerank Lens extension', function () {
  this.timeout(120_000);

  it('activates and returns the test API', async () => {
    const a = await api();
    assert.equal(typeof a.panelState, 'function');
    assert.equal(ext().isActive, true);
  });

  it('registers all of its commands', async () => {
    await api();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of ['rerankSelection', 'rerankFile', 'rerankAgain', 'selectModel', 'exportResults', 'clearModelCache', 'showLog']) {
      assert.ok(all.has(`rerankLens.${c}`), `rerankLens.${c} is not registered`);
    }
  });

  it('honours the settings: the tiny test model, offline, and a model cache under globalStorage', async () => {
    const a = await api();
    const s = a.settings();
    assert.equal(path.resolve(s.localModelPath), path.resolve(tinyModel()));
    assert.equal(s.allowDownloads, false);
    assert.ok(
      a.modelCacheDir().split(path.sep).join('/').endsWith(`globalStorage/${EXT_ID}/models`),
      `model cache ${a.modelCacheDir()} is not under the extension's globalStorage`,
    );
  });

  it('Rerank Selection scores every chunk and the panel rows carry the engine scores', async () => {
    const a = await api();
    await openAndSelect(fixture('notes.md'), 2, 9);
    await vscode.commands.executeCommand('rerankLens.rerankSelection');
    await a.whenIdle();
    const state = a.panelState();
    assert.ok(state, 'no panel state');
    assert.equal(state.status.phase, 'done', `status: ${JSON.stringify(state.status)}`);
    assert.equal(state.query, 'how do I rotate the database password', 'the Query: line of the selection is the query');
    assert.equal(state.rows.length, 6);
    assert.equal(state.sourceKind, 'selection');
    assert.ok(state.rows.every((r) => r.score !== undefined), 'every row is scored');
    // Sources are document positions: chunk 1 starts on line 4 (0-based) of notes.md.
    assert.equal(state.rows[0].source?.startLine, 4);
    const expected = await engineScores(state.rows.map((r) => r.text), state.query);
    state.rows.forEach((r, i) => assert.ok(Math.abs(r.score!.score - expected[i]) < 1e-5, `row ${i}: ${r.score!.score} vs ${expected[i]}`));
    // The reranked order the panel shows is the engine's order: by score, descending.
    const ranked = rankChunks(chunksFromRows(state.rows), state.rows.map((r) => r.score));
    const byEngine = expected.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]).map(([, i]) => i);
    assert.deepEqual(ranked.map((r) => r.index), byEngine);
  });

  it('Rerank Selection takes the query from its arguments', async () => {
    const a = await api();
    await openAndSelect(fixture('notes.md'), 4, 9);
    await vscode.commands.executeCommand('rerankLens.rerankSelection', { query: 'where is lunch served' });
    await a.whenIdle();
    const state = a.panelState()!;
    assert.equal(state.query, 'where is lunch served');
    assert.equal(state.status.phase, 'done');
  });

  it('Rerank Again with Another Query rescored the same rows with the new query', async () => {
    const a = await api();
    await openAndSelect(fixture('notes.md'), 2, 9);
    await vscode.commands.executeCommand('rerankLens.rerankSelection');
    await a.whenIdle();
    const before = a.panelState()!.rows.map((r) => r.score!.score);
    await vscode.commands.executeCommand('rerankLens.rerankAgain', { query: 'vault lease expiry' });
    await a.whenIdle();
    const state = a.panelState()!;
    assert.equal(state.query, 'vault lease expiry');
    assert.equal(state.status.phase, 'done');
    const after = state.rows.map((r) => r.score!.score);
    assert.notDeepEqual(after, before, 'a different query gives different scores');
  });

  it('Rerank File on a multi-query JSONL opens the requested query with a query picker', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('multi.jsonl')), { queryIndex: 1 });
    await a.whenIdle();
    const state = a.panelState()!;
    assert.equal(state.sourceKind, 'file');
    assert.equal(state.queries.length, 2);
    assert.equal(state.activeQuery, 1);
    assert.equal(state.query, 'what is a python virtual environment');
    assert.deepEqual(state.rows.map((r) => r.id), ['venv', 'pip', 'conda', 'pyenv']);
    assert.equal(state.status.phase, 'done');
    assert.ok(state.rows.every((r) => r.score && Number.isFinite(r.score.score)));
  });

  it('Rerank File reads a shape no reader knows once told the text path', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('unknown-shape.json')), {
      query: 'password rotation',
      textPath: '$.outcome.matches[*].blob.content',
    });
    await a.whenIdle();
    const state = a.panelState()!;
    assert.equal(state.status.phase, 'done', JSON.stringify(state.status));
    assert.equal(state.rows.length, 3);
    assert.match(state.rows[0].text, /^first passage/);
    assert.ok(state.rows.every((r) => r.revealable), 'chunks read by path can be revealed in the file');
  });

  it('Export Reranked Results writes the scored set in the input shape', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('multi.jsonl')), { queryIndex: 0 });
    await a.whenIdle();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-export-')), 'out.jsonl');
    const written = await (await api()).exportTo('same', vscode.Uri.file(out));
    assert.ok(written, 'export returned no file');
    const text = fs.readFileSync(out, 'utf8');
    assert.ok(text.includes('rerank'), `exported text has no rerank field: ${text.slice(0, 200)}`);
    assert.ok(text.includes('reset-soft'));
    // `score` is the number the panel shows first (the model's activation: Identity for the test model,
    // so the raw logit), with the probability and the logit beside it.
    const state = a.panelState()!;
    assert.equal(state.display, 'logit');
    const first = (JSON.parse(text.split('\n')[0]) as { passages: { rerank?: { score: number; probability: number; logit: number } }[] }).passages;
    const byLogit = new Map(state.rows.map((r) => [r.score!.score.toFixed(6), r.score!.probability]));
    for (const p of first) {
      assert.ok(p.rerank, 'a passage has no rerank field');
      assert.equal(p.rerank.score, p.rerank.logit);
      assert.ok(Math.abs(byLogit.get(p.rerank.logit.toFixed(6))! - p.rerank.probability) < 1e-9, 'probability beside the score is the panel row\'s');
    }
  });

  it('Export in Cohere style writes results sorted by relevance', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('multi.jsonl')), { queryIndex: 1 });
    await a.whenIdle();
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-export-')), 'cohere.json');
    await (await api()).exportTo('cohere', vscode.Uri.file(out));
    const parsed = JSON.parse(fs.readFileSync(out, 'utf8')) as { results: { index: number; relevance_score: number }[] };
    const results = Array.isArray(parsed) ? (parsed[0] as typeof parsed).results : parsed.results;
    assert.equal(results.length, 4);
    const rel = results.map((r) => r.relevance_score);
    assert.deepEqual(rel, [...rel].sort((x, y) => y - x), 'sorted by relevance, best first');
    const state = a.panelState()!;
    assert.ok(Math.abs(results[0].relevance_score - state.rows[results[0].index].score!.probability) < 1e-9);
  });

  it("VS Code's http.proxy and http.noProxy reach the engine and rerank servers as HTTPS_PROXY / NO_PROXY; proxySupport off leaves the environment alone", async () => {
    const http = vscode.workspace.getConfiguration('http');
    const a = await api();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-proxy-')), 'two.jsonl');
    fs.writeFileSync(file, `${JSON.stringify({ query: 'vault', passages: ['rotate the vault password', 'lunch at noon'] })}\n`);
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(file));
    await a.whenIdle();
    assert.equal(a.panelState()?.status.phase, 'done', JSON.stringify(a.panelState()?.status));
    const rl = vscode.workspace.getConfiguration('rerankLens');
    const model = rl.inspect<string>('localModelPath')?.globalValue;
    assert.ok(model, 'the launcher set the model folder');
    const pid = a.enginePid();
    assert.ok(pid, 'an engine runs');
    try {
      await http.update('proxy', 'http://proxy.corp:3128', vscode.ConfigurationTarget.Global);
      // The engine read the old proxy when it started: it is stopped, the next run starts a new one.
      for (const until = Date.now() + 5000; a.enginePid() !== undefined && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      assert.equal(a.enginePid(), undefined, 'the engine was stopped');
      await http.update('noProxy', ['gpu.corp', '10.0.0.0/8'], vscode.ConfigurationTarget.Global);
      const env = vscodeProxyEnv();
      assert.equal(env.HTTPS_PROXY, 'http://proxy.corp:3128');
      assert.equal(env.HTTP_PROXY, 'http://proxy.corp:3128');
      assert.match(env.NO_PROXY ?? '', /(^|,)gpu\.corp,10\.0\.0\.0\/8$/);
      // What the scorers and the engine then decide from it (src/node/proxy.ts).
      assert.equal(proxyFor(new URL('https://huggingface.co/x'), env)?.host, 'proxy.corp:3128');
      assert.equal(proxyFor(new URL('http://gpu.corp:8080/rerank'), env), undefined);
      await http.update('proxySupport', 'off', vscode.ConfigurationTarget.Global);
      assert.deepEqual(vscodeProxyEnv(), {});
    } finally {
      for (const k of ['proxy', 'noProxy', 'proxySupport']) await http.update(k, undefined, vscode.ConfigurationTarget.Global);
    }
    // The model setting survived the writes (the launcher writes the remote settings too).
    assert.equal(vscode.workspace.getConfiguration('rerankLens').get<string>('localModelPath'), model);
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(file));
    await a.whenIdle();
    assert.equal(a.panelState()?.status.phase, 'done', JSON.stringify(a.panelState()?.status));
    assert.ok(a.enginePid() && a.enginePid() !== pid, 'a new engine scored the next run');
  });

  it('the maxFileSizeMB setting refuses a file that is too big, with a message', async () => {
    const a = await api();
    const cfg = vscode.workspace.getConfiguration('rerankLens');
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-size-')), 'big.jsonl');
    fs.writeFileSync(big, `${JSON.stringify({ query: 'q', passages: Array.from({ length: 2000 }, (_, i) => ({ id: String(i), text: `passage ${i} `.repeat(20) })) })}\n`);
    try {
      await cfg.update('maxFileSizeMB', 0.1, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(big));
      const state = a.panelState()!;
      assert.equal(state.status.phase, 'error', JSON.stringify(state.status));
      assert.match(state.status.message ?? '', /size limit/);
      assert.equal(state.rows.length, 0);
    } finally {
      await cfg.update('maxFileSizeMB', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('the tsvBackslashes setting decides how a TSV\'s backslashes are read', async () => {
    const a = await api();
    const cfg = vscode.workspace.getConfiguration('rerankLens');
    const tsv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-tsv-')), 'rows.tsv');
    // COPY-like escapes, but nothing marks the file as a COPY export: literal by default.
    fs.writeFileSync(tsv, 'id\tcontent\nr1\tfirst line\\nsecond line of the passage\nr2\ta plain passage about pools\n');
    const texts = async (): Promise<string[]> => {
      await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(tsv), { query: 'pools' });
      await a.whenIdle();
      return a.panelState()!.rows.map((r) => r.text);
    };
    try {
      assert.ok((await texts()).includes('first line\\nsecond line of the passage'), 'auto: the backslash stays');
      await cfg.update('tsvBackslashes', 'copy', vscode.ConfigurationTarget.Global);
      assert.ok((await texts()).includes('first line\nsecond line of the passage'), 'copy: \\n is a line break');
    } finally {
      await cfg.update('tsvBackslashes', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('bad JSON is reported in the panel with its line, without throwing', async () => {
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('broken.json')), { query: 'anything' });
    const state = a.panelState()!;
    assert.equal(state.status.phase, 'error');
    assert.match(state.status.message ?? '', /line 3/, `message: ${state.status.message}`);
    assert.equal(state.rows.length, 0);
  });

  it('an engine error (a model folder that does not exist) is shown in the panel', async () => {
    const a = await api();
    const cfg = vscode.workspace.getConfiguration('rerankLens');
    const previous = cfg.inspect<string>('localModelPath')?.globalValue;
    try {
      await cfg.update('localModelPath', path.join(os.tmpdir(), 'rl-no-such-model'), vscode.ConfigurationTarget.Global);
      await openAndSelect(fixture('notes.md'), 2, 9);
      await vscode.commands.executeCommand('rerankLens.rerankSelection');
      await a.whenIdle();
      const state = a.panelState()!;
      assert.equal(state.status.phase, 'error', JSON.stringify(state.status));
      assert.ok((state.status.message ?? '').length > 0);
      // The hint names the setting and where it is set, so a forgotten value is found.
      assert.match(state.status.hint ?? '', /rerankLens\.localModelPath is set in the user \(or remote\) settings \(.*rl-no-such-model\)/);
      assert.equal(a.modelState().kind, 'error');
    } finally {
      await cfg.update('localModelPath', previous, vscode.ConfigurationTarget.Global);
    }
  });

  it('Select Model writes the hub id and clears the local folder; Clear Model Cache empties the cache folder', async () => {
    const a = await api();
    const cfg = () => vscode.workspace.getConfiguration('rerankLens');
    const previous = cfg().inspect<string>('localModelPath')?.globalValue;
    try {
      await (await api()).useModel({ model: 'cross-encoder/ms-marco-MiniLM-L-12-v2' });
      assert.equal(cfg().get('model'), 'cross-encoder/ms-marco-MiniLM-L-12-v2');
      assert.equal(a.settings().localModelPath, '');
    } finally {
      await cfg().update('model', undefined, vscode.ConfigurationTarget.Global);
      await (await api()).useModel({ localModelPath: previous ?? tinyModel() });
    }
    assert.equal(path.resolve(a.settings().localModelPath), path.resolve(previous ?? tinyModel()));

    fs.mkdirSync(path.join(a.modelCacheDir(), 'some-model'), { recursive: true });
    fs.writeFileSync(path.join(a.modelCacheDir(), 'some-model', 'model.onnx'), 'x');
    const cleared = await (await api()).clearModelCache();
    assert.equal(cleared, true);
    assert.deepEqual(fs.existsSync(a.modelCacheDir()) ? fs.readdirSync(a.modelCacheDir()) : [], [], 'the model cache still holds files');
  });
});
