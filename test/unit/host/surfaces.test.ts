// Static guard for issue 12's command-link hole: every notification goes through src/host/notify.ts
// (which neutralises the text), and no command takes a destination or a settings write from its
// arguments (command links in notifications and hovers can pass any JSON).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseExportArgs } from '../../../src/commands/exportArgs';

const root = path.resolve(__dirname, '../../..');
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => path.join(d.parentPath ?? d.path, d.name));
}

describe('VS Code surfaces that render text', () => {
  it('only src/host/notify.ts calls vscode.window.show*Message', () => {
    const offenders = sources(path.join(root, 'src'))
      .filter((f) => !f.endsWith(path.join('host', 'notify.ts')))
      .filter((f) => /\bshow(Information|Warning|Error)Message\s*\(/.test(fs.readFileSync(f, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });

  it('Export takes only the style from its arguments, never a destination', () => {
    assert.deepEqual(parseExportArgs({ style: 'cohere', uri: '/tmp/anywhere.json' }), { style: 'cohere' });
    assert.deepEqual(parseExportArgs({ uri: { $mid: 1, path: '/etc/x', scheme: 'file' } }), {});
    assert.deepEqual(parseExportArgs('same'), {});
  });

  it('Select Model and Clear Model Cache are registered without arguments', () => {
    const index = fs.readFileSync(path.join(root, 'src/commands/index.ts'), 'utf8');
    assert.match(index, /reg\(COMMANDS\.selectModel, \(\) => selectModel\(svc\)\)/);
    assert.match(index, /reg\(COMMANDS\.clearModelCache, \(\) => clearModelCache\(svc\)\)/);
  });
});
