// Only regular files are read, and never more than the limit: devices, FIFOs and sockets (also behind
// symlinks, also as a BEIR corpus.jsonl) are refused before they are opened, and a file whose size
// reads 0 is still cut at the limit. The unix-only cases skip themselves elsewhere.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPath } from '../../../src/node/read/readPath';
import { loadRegularBytes } from '../../../src/node/read/regularFile';

const unix = process.platform !== 'win32';
const errorOf = (r: { diagnostics: { severity: string; message: string }[] }) => r.diagnostics.find((d) => d.severity === 'error')?.message ?? '';

describe('read/regularFile: regular files only, bytes capped', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-regular-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses /dev/zero (size 0, endless) before reading it', async function () {
    if (!unix || !existsSync('/dev/zero')) this.skip();
    const r = await readPath('/dev/zero', { maxBytes: 1024 });
    assert.deepEqual(r.sets, []);
    assert.match(errorOf(r), /\/dev\/zero is a character device, not a regular file; not read\./);
  });

  it('refuses a BEIR corpus.jsonl symlinked to /dev/zero, opened directly or as the folder', async function () {
    if (!unix || !existsSync('/dev/zero')) this.skip();
    symlinkSync('/dev/zero', join(dir, 'corpus.jsonl'));
    writeFileSync(join(dir, 'queries.jsonl'), '{"_id": "q1", "text": "what is a pool"}\n');
    const direct = await readPath(join(dir, 'corpus.jsonl'), { file: 'corpus.jsonl' });
    assert.match(errorOf(direct), /corpus\.jsonl is a character device \(through the symbolic link to \/dev\/zero\), not a regular file/);
    const folder = await readPath(dir, { file: 'beir' });
    assert.deepEqual(folder.sets.flatMap((s) => s.chunks), []);
    assert.ok(folder.diagnostics.some((d) => /corpus\.jsonl is a character device \(through the symbolic link to \/dev\/zero\)/.test(d.message)), JSON.stringify(folder.diagnostics));
  });

  it('refuses a FIFO without opening it (an open would block until a writer comes)', async function () {
    if (!unix) this.skip();
    const fifo = join(dir, 'results.json');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      this.skip();
    }
    const r = await readPath(fifo, { file: 'results.json' });
    assert.match(errorOf(r), /results\.json is a named pipe \(FIFO\), not a regular file/);
  });

  it('refuses a socket', async function () {
    if (!unix) this.skip();
    const sock = join(dir, 'results.jsonl');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(sock, resolve));
    try {
      assert.match(errorOf(await readPath(sock, { file: 'results.jsonl' })), /results\.jsonl is a socket, not a regular file/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('caps the bytes actually read: a file whose size reads 0 (/proc) is cut at the limit', async function () {
    if (!existsSync('/proc/self/status')) this.skip();
    const r = await loadRegularBytes('/proc/self/status', 64);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.diagnostics[0].message : '', /over the 64 bytes size limit/);
    const whole = await loadRegularBytes('/proc/self/status', 1 << 20);
    assert.ok(whole.ok && whole.bytes.length > 64, 'read in full under a large limit');
  });

  it('reads an ordinary file, and one behind a symlink, as before', async () => {
    const file = join(dir, 'chunks.json');
    writeFileSync(file, JSON.stringify(['The first chunk of text.', 'The second chunk of text.']));
    if (unix) symlinkSync(file, join(dir, 'link.json'));
    for (const p of unix ? [file, join(dir, 'link.json')] : [file]) {
      const r = await readPath(p);
      assert.deepEqual(r.sets[0].chunks.map((c) => c.text), ['The first chunk of text.', 'The second chunk of text.']);
    }
  });

  it('a prefix read (sniffing a run file) stops at its length without an error', async () => {
    const file = join(dir, 'run.txt');
    writeFileSync(file, 'x'.repeat(10_000));
    const r = await loadRegularBytes(file, 100, file, true);
    assert.ok(r.ok && r.bytes.length === 100);
  });
});
