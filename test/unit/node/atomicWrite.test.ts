// File identity and atomic writes (src/node/): what the CLI's --export and the extension's export use
// so that an export never overwrites its input under another name and never leaves a half-written file.
import { strict as assert } from 'node:assert';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/node/atomicWrite';
import { exportWouldOverwriteInput, sameFile, sameFileSync } from '../../../src/node/fileIdentity';

describe('file identity (src/node/fileIdentity.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-ident-'));
    writeFileSync(join(dir, 'input.json'), '{"query":"q"}');
    writeFileSync(join(dir, 'other.json'), '{"query":"q"}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a symlink, a hard link and a path with a detour are the same file; an equal copy and a missing path are not', async () => {
    const input = join(dir, 'input.json');
    symlinkSync(input, join(dir, 'link.json'));
    linkSync(input, join(dir, 'hard.json'));
    mkdirSync(join(dir, 'sub'));
    for (const p of ['link.json', 'hard.json', 'sub/../input.json']) {
      assert.equal(await sameFile(join(dir, p), input), true, p);
      assert.equal(sameFileSync(join(dir, p), input), true, p);
      assert.equal(exportWouldOverwriteInput(join(dir, p), input), true, p);
    }
    for (const p of ['other.json', 'missing.json']) {
      assert.equal(await sameFile(join(dir, p), input), false, p);
      assert.equal(exportWouldOverwriteInput(join(dir, p), input), false, p);
    }
  });

  it('an existing file inside an input folder counts as the input; a new file there does not', () => {
    mkdirSync(join(dir, 'beir'));
    writeFileSync(join(dir, 'beir', 'corpus.jsonl'), '{}\n');
    symlinkSync(join(dir, 'beir'), join(dir, 'beir-link'));
    assert.equal(exportWouldOverwriteInput(join(dir, 'beir', 'corpus.jsonl'), join(dir, 'beir')), true);
    assert.equal(exportWouldOverwriteInput(join(dir, 'beir-link', 'corpus.jsonl'), join(dir, 'beir')), true);
    assert.equal(exportWouldOverwriteInput(join(dir, 'beir', 'reranked.run'), join(dir, 'beir')), false);
  });
});

describe('atomic writes (src/node/atomicWrite.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rl-atomic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file and replaces an old one, keeping its permission bits; no temporary file stays', async () => {
    const p = join(dir, 'out.json');
    await writeFileAtomic(p, 'first');
    assert.equal(readFileSync(p, 'utf8'), 'first');
    chmodSync(p, 0o640);
    await writeFileAtomic(p, 'second, longer than the first');
    assert.equal(readFileSync(p, 'utf8'), 'second, longer than the first');
    assert.equal(statSync(p).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['out.json']);
  });

  it('a write that fails half-way leaves the previous file byte-identical and removes the temporary file', async () => {
    const p = join(dir, 'export.json');
    const previous = Buffer.from(JSON.stringify({ results: Array.from({ length: 500 }, (_, i) => ({ id: i })) }));
    writeFileSync(p, previous);
    const big = 'x'.repeat(256 * 1024);
    await assert.rejects(
      writeFileAtomic(p, big, {
        write: async (file, data) => {
          await file.write(data, 0, 64 * 1024); // 64 KB reach the disk, then the disk is "full"
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
      }),
      /ENOSPC/,
    );
    assert.ok(readFileSync(p).equals(previous), 'the previous export is intact');
    assert.deepEqual(readdirSync(dir), ['export.json'], 'no temporary file is left behind');
  });

  it('a folder that does not exist fails without creating anything', async () => {
    await assert.rejects(writeFileAtomic(join(dir, 'missing', 'out.json'), 'x'), /ENOENT/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('writing through a symlink replaces the file it points to and keeps the link', async () => {
    const real = join(dir, 'real.json');
    writeFileSync(real, 'old');
    symlinkSync(real, join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new');
    assert.ok(lstatSync(join(dir, 'link.json')).isSymbolicLink());
    assert.equal(readFileSync(real, 'utf8'), 'new');
  });
});
