// package.json declares what src/host/commandIds.ts spells: a renamed id on one side only would leave
// a palette entry that does nothing or a command with no entry.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, PANEL_VIEW_TYPE } from '../../../src/host/commandIds';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]>; keybindings: { command: string }[] };
};

describe('command ids', () => {
  it('package.json contributes exactly the commands of src/host/commandIds.ts', () => {
    assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
  });
  it('menus and keybindings name only known commands, and the panel view type activates the extension', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) for (const i of items) assert.ok(known.has(i.command), `${menu}: ${i.command}`);
    for (const k of pkg.contributes.keybindings) assert.ok(known.has(k.command), k.command);
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${PANEL_VIEW_TYPE}`));
  });
});
