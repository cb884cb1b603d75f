// The reader in a worker thread (dist/readWorker.js, used by the extension for files): same results as
// reading in place, the caller's event loop keeps running meanwhile, and failures come back as
// diagnostics, never as a rejection. NEEDS BUILD: runs `npm run build` when dist/readWorker.js is missing.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readText } from '../../../src/core/read/index';
import { readPath } from '../../../src/node/read/readPath';
import { readOffThread } from '../../../src/node/read/offThread';
import { FIXTURES_DIR, REPO_ROOT } from '../../support/paths';

const WORKER = join(REPO_ROOT, 'dist/readWorker.js');
const CHROMA = join(FIXTURES_DIR, 'formats/shared-samples/chroma-query-result.json');
const BEIR = join(FIXTURES_DIR, 'formats/infra/beir-sample');

describe('read/offThread: the reader in a worker thread (NEEDS BUILD)', function () {
  this.timeout(120_000);
  before(() => {
    if (!existsSync(WORKER)) execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  });

  it('reads a file and a BEIR folder exactly as readPath does', async () => {
    for (const p of [CHROMA, BEIR]) {
      const opts = { file: p.split('/').pop() };
      assert.deepEqual(await readOffThread(WORKER, { kind: 'path', fsPath: p, opts }), await readPath(p, opts));
    }
  });

  it('reads text exactly as readText does, diagnostics included', async () => {
    const text = readFileSync(CHROMA, 'utf8').replace('"ids"', '"ids" ,,');
    const opts = { file: 'broken.json', kind: 'json' as const };
    const r = await readOffThread(WORKER, { kind: 'text', text, opts });
    assert.deepEqual(r, readText(text, opts));
    assert.ok(r.diagnostics.some((d) => d.severity === 'error' && d.line !== undefined), 'the JSON error comes back with its line');
  });

  it('keeps the caller\'s event loop running while a large file is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-offthread-'));
    try {
      const big = join(dir, 'big.json');
      const docs = Array.from({ length: 60_000 }, (_, i) => ({ id: `doc-${i}`, text: `chunk ${i} `.repeat(20), score: 1 - i / 60_000 }));
      writeFileSync(big, JSON.stringify({ query: 'q', documents: docs }));
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const r = await readOffThread(WORKER, { kind: 'path', fsPath: big, opts: { file: 'big.json' } });
      clearInterval(timer);
      assert.equal(r.sets[0]?.chunks.length, 60_000);
      assert.ok(ticks > 0, 'timers ran while the worker parsed the file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing worker or a missing file gives an error diagnostic, not a rejection', async () => {
    const missingWorker = await readOffThread(join(REPO_ROOT, 'dist/no-such-worker.js'), { kind: 'path', fsPath: CHROMA, opts: { file: 'x.json' } });
    assert.equal(missingWorker.sets.length, 0);
    assert.match(missingWorker.diagnostics[0].message, /reader .* is missing/);
    assert.match(missingWorker.diagnostics[0].hint ?? '', /build|reinstall/);
    const missingFile = await readOffThread(WORKER, { kind: 'path', fsPath: '/nonexistent/results.json', opts: { file: 'results.json' } });
    assert.equal(missingFile.sets.length, 0);
    assert.match(missingFile.diagnostics[0].message, /results\.json/);
  });
});
