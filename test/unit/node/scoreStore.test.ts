// The on-disk score store: round trip across reopen, keys that change with every part, torn writes and
// flipped bits never trusted, appends after a torn tail stay aligned, the size bound evicts the least
// recently used, clear() forgets everything. Real files in a temp folder.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECORD_BYTES, ScoreStore, scoreStoreKey, type StoredScore } from '../../../src/node/scoreStore';

const value = (i: number): StoredScore => ({
  score: i / 7 - 3,
  probability: 1 / (1 + Math.exp(-(i / 7 - 3))),
  queryTokens: 5,
  chunkTokens: 100 + i,
  truncated: i % 2 === 0,
  truncatedAtChar: i % 2 === 0 ? 400 + i : null,
  ...(i % 3 === 0 ? { queryTokensKept: 5, chunkTokensKept: 90, queryTruncated: false } : {}),
});
const key = (i: number, scorer = 'local|tiny') => scoreStoreKey({ scorer, dtype: 'fp32', maxLength: 512, query: `query ${i % 5}`, chunk: `chunk text ${i}` });

describe('score store (disk)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'rl-scores-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('round-trips every field across a reopen', async () => {
    const a = await ScoreStore.open(dir);
    for (let i = 0; i < 50; i++) a.set(key(i), value(i));
    await a.flush();
    const b = await ScoreStore.open(dir);
    assert.equal(b.size, 50);
    for (let i = 0; i < 50; i++) assert.deepEqual(b.get(key(i)), value(i));
    assert.equal(b.get(key(99)), undefined);
    assert.deepEqual(b.stats().corruptSkipped, 0);
  });

  it('keys differ by scorer, dtype, max length, query and chunk; the query/chunk boundary matters', () => {
    const base = { scorer: 's', dtype: 'fp32', maxLength: 512, query: 'ab', chunk: 'c' };
    const keys = [base, { ...base, scorer: 't' }, { ...base, dtype: 'q8' }, { ...base, maxLength: 256 }, { ...base, query: 'a', chunk: 'bc' }, { ...base, chunk: 'd' }].map(scoreStoreKey);
    assert.equal(new Set(keys).size, keys.length);
    assert.match(keys[0], /^[0-9a-f]{32}$/);
  });

  it('never trusts a torn last record or a flipped bit, and later appends stay aligned', async () => {
    const a = await ScoreStore.open(dir);
    for (let i = 0; i < 10; i++) a.set(key(i), value(i));
    await a.flush();
    const file = join(dir, 'scores.bin');
    // A crash mid-append: half a record at the end.
    const half = Buffer.alloc(RECORD_BYTES / 2, 7);
    await fs.appendFile(file, half);
    // A flipped bit inside record 3 (header is record 0).
    const bytes = await fs.readFile(file);
    bytes[RECORD_BYTES * 4 + 20] ^= 0x10;
    await fs.writeFile(file, bytes);
    const b = await ScoreStore.open(dir);
    assert.equal(b.size, 9);
    assert.equal(b.get(key(3)), undefined, 'the damaged record is not trusted');
    assert.deepEqual(b.stats(), { entries: 9, fileBytes: RECORD_BYTES * 11, maxBytes: b.maxBytes, corruptSkipped: 1, tornTailBytes: RECORD_BYTES / 2 });
    b.set(key(3), value(3));
    b.set(key(20), value(20));
    await b.flush();
    const c = await ScoreStore.open(dir);
    assert.equal(c.size, 11);
    assert.deepEqual(c.get(key(20)), value(20));
    assert.deepEqual(c.get(key(3)), value(3));
  });

  it('a file that is not a store (or a torn header) is replaced, not read', async () => {
    await fs.writeFile(join(dir, 'scores.bin'), 'RLSCO');
    const a = await ScoreStore.open(dir);
    assert.equal(a.size, 0);
    a.set(key(1), value(1));
    await a.flush();
    assert.equal((await ScoreStore.open(dir)).size, 1);
  });

  it('stays within its bound: compaction keeps the most recently used entries', async () => {
    const maxBytes = RECORD_BYTES * 40;
    const a = await ScoreStore.open(dir, { maxBytes });
    for (let i = 0; i < 30; i++) a.set(key(i), value(i));
    await a.flush();
    a.get(key(0)); // used again: must survive
    for (let i = 30; i < 45; i++) a.set(key(i), value(i));
    await a.flush();
    const st = (await fs.stat(join(dir, 'scores.bin'))).size;
    assert.ok(st <= maxBytes, `file ${st} > bound ${maxBytes}`);
    const b = await ScoreStore.open(dir, { maxBytes });
    assert.equal(b.size, 19);
    assert.ok(b.has(key(0)) && b.has(key(44)));
    assert.ok(!b.has(key(1)));
    // No temp files left behind.
    assert.deepEqual(await fs.readdir(dir), ['scores.bin']);
  });

  it('clear() forgets everything, on disk too', async () => {
    const a = await ScoreStore.open(dir);
    a.set(key(1), value(1));
    await a.flush();
    await a.clear();
    assert.equal(a.size, 0);
    assert.equal((await ScoreStore.open(dir)).size, 0);
  });
});
