// Downloading a model from a hub, inside the real extension host: a loopback hub (test/unit/engine/
// hubServer.ts: real HTTP on 127.0.0.1 serving the tiny test model in hub layout) stands in for
// huggingface.co, which this machine cannot reach. Checks that the hub URL and allowDownloads settings
// are honoured, that progress reaches the status bar and the panel, and that the files land in the
// model cache under globalStorage.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startHub, type LoopbackHub } from '../unit/engine/hubServer';
import { api, ext } from './extensionApi';

const HUB_MODEL = 'test-org/tiny-download';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath ?? d.path, d.name));
}

describe('model download through the hub URL setting', function () {
  this.timeout(120_000);
  let hub: LoopbackHub;
  const cfg = () => vscode.workspace.getConfiguration('rerankLens');
  let saved: Record<string, unknown> = {};

  before(async () => {
    hub = await startHub({ [HUB_MODEL]: path.join(ext().extensionPath, 'test', 'fixtures', 'models', 'tiny-bert') });
    saved = {};
    for (const k of ['localModelPath', 'model', 'hubUrl', 'allowDownloads']) saved[k] = cfg().inspect(k)?.globalValue;
  });

  after(async () => {
    for (const [k, v] of Object.entries(saved)) await cfg().update(k, v, vscode.ConfigurationTarget.Global);
    await hub?.close();
  });

  it('offline (allowDownloads false) refuses to download and says so in the panel', async () => {
    const a = await ext().activate();
    await (await api()).clearModelCache();
    await cfg().update('localModelPath', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('model', HUB_MODEL, vscode.ConfigurationTarget.Global);
    await cfg().update('hubUrl', hub.url, vscode.ConfigurationTarget.Global);
    await cfg().update('allowDownloads', false, vscode.ConfigurationTarget.Global);
    const before = hub.requests.length;
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(path.join(ext().extensionPath, 'test', 'fixtures', 'workspace', 'multi.jsonl')), { queryIndex: 0 });
    await a.whenIdle();
    const s = a.panelState()!;
    assert.equal(s.status.phase, 'error', JSON.stringify(s.status));
    assert.equal(hub.requests.length, before, 'offline mode made a request to the hub');
  });

  it('downloads from the configured hub with progress, into the cache under globalStorage', async () => {
    const a = await ext().activate();
    await cfg().update('allowDownloads', true, vscode.ConfigurationTarget.Global);
    hub.slowOnce.add(`${HUB_MODEL}/onnx/model.onnx`);
    const seen = new Set<string>();
    const run = vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(path.join(ext().extensionPath, 'test', 'fixtures', 'workspace', 'multi.jsonl')), { queryIndex: 0 });
    let finished = false;
    void Promise.resolve(run).then(() => (finished = true));
    while (!finished) {
      seen.add(`bar:${a.modelState().kind}`);
      seen.add(`panel:${a.panelState()?.status.phase}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await a.whenIdle();
    const s = a.panelState()!;
    assert.equal(s.status.phase, 'done', JSON.stringify(s.status));
    assert.equal(s.model, HUB_MODEL);
    assert.ok(seen.has('bar:downloading'), `the status bar never showed downloading: ${[...seen].join(', ')}`);
    assert.ok(seen.has('panel:downloading'), `the panel never showed downloading: ${[...seen].join(', ')}`);
    assert.equal(a.modelState().kind, 'ready');
    assert.ok(hub.requests.some((r) => r.path.endsWith('/onnx/model.onnx')), 'the model was not fetched from the configured hub');
    const cached = filesUnder(a.modelCacheDir());
    assert.ok(cached.some((f) => f.endsWith(path.join('onnx', 'model.onnx'))), `no model.onnx in ${a.modelCacheDir()}: ${cached.join(', ')}`);
  });
});
