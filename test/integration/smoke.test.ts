// Smoke suite: the extension under development is present in the real extension host, activates
// without throwing, and every command it contributes in package.json is actually registered.
// A packaging or activation mistake (bad `main`, a module missing from the bundle, a command
// declared but never registered) fails here first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

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
});
