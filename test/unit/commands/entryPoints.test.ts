// Entry points (issue 13): TREC run files and BEIR folders can be reranked from the explorer and the
// palette, not only from inside a BEIR folder via corpus.jsonl.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface MenuItem { command: string; when?: string }
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; title: string }[]; menus: Record<string, MenuItem[]> };
};
const menu = (where: string, command: string) => pkg.contributes.menus[where]?.filter((m) => m.command === command) ?? [];

describe('entry points in package.json', () => {
  it('Rerank File is offered on .txt, .trec and .run files in the explorer', () => {
    const [item] = menu('explorer/context', 'rerankLens.rerankFile');
    assert.ok(item?.when);
    const ext = /resourceExtname =~ \/(.*)\/$/.exec(item.when!.split('&&').map((s) => s.trim()).find((s) => s.startsWith('resourceExtname'))!)![1];
    const re = new RegExp(ext.replace(/\\\\/g, '\\'));
    for (const e of ['.txt', '.trec', '.run', '.json', '.jsonl', '.tsv']) assert.ok(re.test(e), `${e} is not offered`);
    assert.match(item.when!, /!explorerResourceIsFolder/);
  });

  it('Rerank Folder is offered on folders in the explorer and in the palette', () => {
    assert.ok(pkg.contributes.commands.some((c) => c.command === 'rerankLens.rerankFolder' && c.title === 'Rerank Folder'));
    const [item] = menu('explorer/context', 'rerankLens.rerankFolder');
    assert.equal(item?.when, 'explorerResourceIsFolder');
    // Not hidden from the palette (no commandPalette entry with a false/limiting when).
    assert.deepEqual(menu('commandPalette', 'rerankLens.rerankFolder'), []);
    assert.deepEqual(menu('commandPalette', 'rerankLens.rerankFile'), []);
  });
});
