// The token badge of a row (issue 15): what the model saw for the pair, in a text document, equal to
// what `rerank-lens tokenize` prints for the same pair (the CLI runs as a separate process here).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ext } from './extensionApi';

const fixture = (...p: string[]) => path.join(ext().extensionPath, 'test', 'fixtures', 'workspace', ...p);

describe('token view of a row', function () {
  this.timeout(120_000);

  it('shows the ids, type ids, tokens and cut of the pair, as the CLI prints them', async () => {
    const a = await ext().activate();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(fixture('multi.jsonl')), { queryIndex: 0 });
    await a.whenIdle();
    const st = a.panelState()!;
    const row = st.rows[1];
    await a.sendFromWebview({ type: 'showTokens', index: row.index });
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.isUntitled, 'no token document opened');
    const text = doc.getText();
    assert.match(text, /input_ids: 101 /);
    assert.match(text, /tokens: "\[CLS\]"/);
    const settings = a.settings();
    const cli = execFileSync(process.execPath, [path.join(ext().extensionPath, 'dist', 'cli.js'), 'tokenize', '-', '--model', settings.localModelPath || settings.model, '--max-length', String(settings.maxLength)], {
      input: JSON.stringify({ query: st.query, documents: [row.text] }),
      encoding: 'utf8',
    });
    const ids = (s: string) => /input_ids: ([\d ]+)/.exec(s)?.[1];
    assert.equal(ids(text), ids(cli));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
