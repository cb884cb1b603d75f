// Smoke suite: the extension under development is present in the real extension host, activates
// without throwing, and every command it contributes in package.json is actually registered.
// A packaging or activation mistake (bad `main`, a module missing from the bundle, a command
// declared but never registered) fails here first.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The parts of the extension's test-only API (src/testApi.ts) this suite reads. */
interface PanelPeek {
  whenIdle(): Promise<void>;
  panelState(): { status: { phase: string; message?: string }; rows: { text: string; score?: { score: number } }[] } | undefined;
}

function findExtension(): vscode.Extension<unknown> | undefined {
  return vscode.extensions.all.find((e) => (e.packageJSON as { name?: string }).name === 'rerank-lens');
}

describe('smoke: Rerank Lens in a real extension host', () => {
  it('is loaded as an extension', () => {
    const ext = findExtension();
    assert.ok(ext, `rerank-lens not among ${vscode.extensions.all.length} extensions`);
    assert.equal((ext.packageJSON as { displayName?: string }).displayName, 'Rerank Lens');
  });

  it('activates without an error', async () => {
    const ext = findExtension();
    assert.ok(ext);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every command it contributes', async () => {
    const ext = findExtension();
    assert.ok(ext);
    await ext.activate();
    const contributed = ((ext.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [])
      .map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  // Also run by `npm run package -- --test` against the INSTALLED linux-x64 VSIX: a rerank through the
  // extension's own command proves the packaged bundle, engine process and onnxruntime binaries work.
  it('reranks a results file through Rerank File with the configured model', async function () {
    this.timeout(180_000);
    const ext = findExtension();
    assert.ok(ext);
    const api = (await ext.activate()) as PanelPeek;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-smoke-'));
    const file = path.join(dir, 'results.json');
    const documents = [
      'Retries with exponential backoff spread the load after an outage.',
      'The office closes early on public holidays.',
      'A circuit breaker stops calls to a failing dependency until it recovers.',
    ];
    fs.writeFileSync(file, JSON.stringify({ query: 'how to stop cascading failures between services', documents }));
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(file));
    await api.whenIdle();
    const state = api.panelState();
    assert.ok(state, 'no panel opened');
    assert.equal(state.status.phase, 'done', `panel status: ${JSON.stringify(state.status)}`);
    assert.deepEqual(state.rows.map((r) => r.text).sort(), [...documents].sort());
    assert.ok(state.rows.every((r) => r.score !== undefined && Number.isFinite(r.score.score)), 'every chunk has a finite score');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
