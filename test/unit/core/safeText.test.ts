// Text from inputs reaches notifications, quick picks and the status bar through neutralize(). VS Code
// parses notification links with this pattern (vs/base/common/linkedText.ts); a neutralised text must
// never match it, and must keep every visible character.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { neutralize } from '../../../src/core/safeText';

const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const visible = (s: string) => s.replace(/[\u200b\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');

describe('neutralize (text shown on VS Code surfaces)', () => {
  it('breaks the command link of issue 12 (a duplicate chunk id that installs an extension)', () => {
    const id = '[Show Log](command:workbench.extensions.installExtension?%22attacker.evil-ext%22)';
    assert.match(`Duplicate id ${id}`, VSCODE_LINK);
    const out = neutralize(`Duplicate id ${id}`);
    assert.doesNotMatch(out, VSCODE_LINK);
    assert.equal(visible(out), visible(`Duplicate id ${id}`));
  });

  it('breaks links with a title, https and file links, spaced brackets, and $(icon) syntax', () => {
    for (const t of ['[a](https://evil.example "t")', '[x](file:///etc/passwd)', '[x] (command:foo)', 'see $(alert) here', '[x](COMMAND:foo)']) {
      const out = neutralize(t);
      assert.doesNotMatch(out, VSCODE_LINK, t);
      assert.doesNotMatch(out, /\$\(/, t);
    }
  });

  it('drops control and bidi characters (terminal-style escapes, RTL overrides) and caps the length', () => {
    assert.equal(neutralize('a\u001b]0;title\u0007b\u202ec'), 'a]0;titlebc');
    assert.equal(neutralize('x'.repeat(5000)).length, 1000);
    assert.equal(neutralize('line one\nline two\ttab'), 'line one\nline two\ttab');
  });

  it('never leaves a link, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom('command:', 'https://', 'file:', 'Command:'), fc.string(), (pre, label, scheme, rest) => {
        const t = `${pre}[${label.replace(/\]/g, '') || 'x'}](${scheme}${rest.replace(/[)\s]/g, '') || 'y'})`;
        const out = neutralize(t);
        VSCODE_LINK.lastIndex = 0;
        assert.ok(!VSCODE_LINK.test(out), JSON.stringify(out));
      }),
      { numRuns: 2000 },
    );
  });
});
