// Terminal control sequences from input, model or server never reach the terminal raw: every CLI write
// goes through io.ts's safeIo. Ids, queries and file names carrying a title-setting OSC, a screen clear,
// an OSC 52 clipboard write or a one-byte C1 CSI come out as visible \uXXXX text, on stdout and stderr,
// and the JSON output stays valid JSON holding the same strings.
// The end-to-end runs use the real engine (NEEDS BUILD: dist/engine.js).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeIo, terminalSafe, type CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { ensureBuilt } from '../engine/support';
import { TINY_MODEL_DIR } from '../../support/paths';
import { InProcessCli, type CliJson } from './harness';

const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const CLIPBOARD = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';
const C1_CSI = '\u009b31m';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function noRawControls(text: string, what: string): void {
  const m = RAW_CONTROL.exec(text);
  assert.equal(m, null, `${what} has a raw control character U+${m?.[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 20), (m?.index ?? 0) + 20))}`);
}

describe('terminal-safe CLI output (io.ts)', () => {
  it('terminalSafe escapes C0 (but newline and tab), DEL and C1; a leading carriage return stays', () => {
    assert.equal(terminalSafe(`a${TITLE}b`), 'a\\u001b]0;pwned\\u0007b');
    assert.equal(terminalSafe(`x${C1_CSI}\u007f`), 'x\\u009b31m\\u007f');
    assert.equal(terminalSafe('line\n\tindented\n'), 'line\n\tindented\n');
    assert.equal(terminalSafe('\rDownloading 50%'), '\rDownloading 50%');
    assert.equal(terminalSafe('a\rb'), 'a\\u000db');
  });

  it('the escape is JSON\'s own: JSON with raw C1 characters stays valid and parses to the same strings', () => {
    const value = { id: `x${C1_CSI}${TITLE}`, text: 'a\u0085b\u009dc' };
    const safe = terminalSafe(JSON.stringify(value));
    noRawControls(safe, 'json');
    assert.deepEqual(JSON.parse(safe), value);
  });

  it('safeIo wraps both streams once and keeps isTTY and columns', () => {
    let out = '';
    const io: CliIo = { stdout: { write: (s: string) => (out += s), isTTY: true, columns: 77 }, stderr: { write: () => undefined }, readStdin: async () => new Uint8Array() };
    const safe = safeIo(safeIo(io));
    safe.stdout.write(`${CLEAR}hi`);
    assert.equal(out, '\\u001b[2J\\u001b[Hhi');
    assert.equal(safe.stdout.isTTY, true);
    assert.equal(safe.stdout.columns, 77);
  });

  it('a file name with escape sequences is reported on stderr as text (no engine needed)', async () => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, readStdin: async () => new Uint8Array() };
    const code = await main(['rerank', join(tmpdir(), `missing${TITLE}${CLIPBOARD}.json`), '--model', TINY_MODEL_DIR], { io });
    assert.equal(code, 2);
    noRawControls(stdout + stderr, 'output');
    assert.match(stderr, /missing\\u001b\]0;pwned\\u0007/);
  });

  describe('end to end with the real engine (NEEDS BUILD: dist/engine.js)', function () {
    this.timeout(120_000);
    const cli = new InProcessCli();
    let dir: string;
    let input: string;
    const query = `museum${TITLE} hours${C1_CSI}`;
    before(() => {
      ensureBuilt();
      dir = mkdtempSync(join(tmpdir(), 'rl-cli-term-'));
      input = join(dir, 'hostile.json');
      // Duplicate ids make the reader warn on stderr, naming the id.
      const documents = [
        { id: `dup${CLEAR}`, text: `The museum opens at nine.${CLIPBOARD}` },
        { id: `dup${CLEAR}`, text: 'Rivers flood in spring.' },
        { id: `c1${C1_CSI}`, text: `Tickets cost ten euros.${TITLE}` },
      ];
      writeFileSync(input, JSON.stringify({ query, documents }));
    });
    after(() => {
      cli.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const format of ['table', 'json']) {
      it(`--format ${format}: no raw control character on stdout or stderr`, async () => {
        const r = await cli.run(['rerank', input, '--model', TINY_MODEL_DIR, '--format', format]);
        assert.equal(r.code, 0, r.stderr);
        noRawControls(r.stdout, 'stdout');
        noRawControls(r.stderr, 'stderr');
        if (format === 'json') {
          const out = JSON.parse(r.stdout) as CliJson;
          assert.equal(out.queries[0].query, query, 'the JSON holds the query exactly, escaped');
          assert.ok(out.queries[0].results.some((x) => x.id === `c1${C1_CSI}`));
        }
      });
    }

    it('a --query with escape sequences is echoed as text', async () => {
      const r = await cli.run(['rerank', input, '--model', TINY_MODEL_DIR, '--query', `when${CLEAR}${CLIPBOARD}`]);
      assert.equal(r.code, 0, r.stderr);
      noRawControls(r.stdout + r.stderr, 'output');
    });
  });
});
