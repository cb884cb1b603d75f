// Export in the extension (issue 12): a destination that is the input through a symlink or a hard link
// is refused and the input stays byte-identical; a normal export goes through the atomic writer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, ext } from './extensionApi';

const fixture = (...p: string[]) => path.join(ext().extensionPath, 'test', 'fixtures', 'workspace', ...p);

describe('export safety in the extension', function () {
  this.timeout(120_000);

  it('refuses a symlink or a hard link to the input and leaves it intact; writes a new file', async () => {
    const a = await api();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-export-'));
    try {
      const input = path.join(dir, 'multi.jsonl');
      fs.copyFileSync(fixture('multi.jsonl'), input);
      const before = fs.readFileSync(input);
      await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(input), { queryIndex: 0 });
      await a.whenIdle();
      assert.equal(a.panelState()?.status.phase, 'done');
      fs.symlinkSync(input, path.join(dir, 'link.jsonl'));
      fs.linkSync(input, path.join(dir, 'hard.jsonl'));
      for (const name of ['link.jsonl', 'hard.jsonl', 'multi.jsonl']) {
        const written = await a.exportTo('same', vscode.Uri.file(path.join(dir, name)));
        assert.equal(written, undefined, `${name} was written`);
        assert.deepEqual(fs.readFileSync(input), before, `the input changed through ${name}`);
      }
      const out = path.join(dir, 'out.jsonl');
      const written = await a.exportTo('same', vscode.Uri.file(out));
      assert.equal(written?.fsPath, out);
      assert.match(fs.readFileSync(out, 'utf8'), /"rerank"/);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp')), [], 'no temp file left');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
