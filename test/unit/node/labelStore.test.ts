// The workspace label store on real files: round trip with the sidecar, atomic saves (a reader never
// sees half a file, no temp files left), two writers at once keep both judgments, a hand edit is picked
// up by watch(), malformed lines are reported by number while the rest loads, identity by id and by
// text hash, export as TREC and BEIR.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkIdentity, queryIdentity } from '../../../src/core/labels/identity';
import { parseQrelsText } from '../../../src/core/labels/qrels';
import { labelFileName, LabelStore, type LoadedLabels } from '../../../src/node/labelStore';

describe('label store (workspace files)', () => {
  let root: string;
  beforeEach(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'rl-labels-'));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('round-trips judgments and the sidecar; null clears; the header states the id scheme', async () => {
    const store = new LabelStore(root);
    const name = labelFileName('data/runs.jsonl');
    assert.match(name, /^runs\.jsonl-[0-9a-f]{8}$/);
    assert.notEqual(name, labelFileName('other/runs.jsonl'));
    assert.equal((await store.load(name)).qrels.size, 0);
    await store.judge(name, [
      { queryId: 'q1', docId: 'd1', grade: 2, queryText: 'why is the sky blue', input: 'data/runs.jsonl' },
      { queryId: 'q1', docId: 'd2', grade: 0 },
      { queryId: 'q2', docId: 'd9', grade: 1, queryText: 'second' },
    ]);
    const after = await store.judge(name, [{ queryId: 'q2', docId: 'd9', grade: null }]);
    assert.deepEqual([...after.qrels].map(([q, m]) => [q, [...m]]), [['q1', [['d1', 2], ['d2', 0]]]]);
    assert.equal(after.sidecar.queries.q1.text, 'why is the sky blue');
    assert.equal(after.sidecar.queries.q1.input, 'data/runs.jsonl');
    const text = await fs.readFile(store.qrelsPath(name), 'utf8');
    assert.match(text, /^# Rerank Lens relevance labels for data\/runs\.jsonl/);
    assert.match(text, /# ids: the input's own query and chunk ids; .* `text:`/);
    assert.ok(text.endsWith('q1 0 d1 2\nq1 0 d2 0\n'));
    assert.deepEqual(after.diagnostics, []);
  });

  it('keys chunks without ids by their text hash, the same from any window', async () => {
    const store = new LabelStore(root);
    const chunk = { id: '#4', text: 'Paris is the capital of France.\r\n' };
    const query = { query: 'capital of france' };
    await store.judge('n', [{ queryId: queryIdentity(query), docId: chunkIdentity(chunk), grade: 1 }]);
    const other = await new LabelStore(root).load('n');
    assert.equal(other.qrels.get(queryIdentity({ query: 'capital of france' }))!.get(chunkIdentity({ id: '#9', text: 'Paris is the capital of France.' })), 1);
  });

  it('saves atomically: a reader polling during 40 saves only ever sees whole files; no temp files remain', async () => {
    const store = new LabelStore(root);
    await store.judge('n', [{ queryId: 'q', docId: 'd0', grade: 1 }]);
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await fs.readFile(store.qrelsPath('n'), 'utf8');
        const p = parseQrelsText(text);
        assert.ok(p.ok && p.malformed === 0 && text.endsWith('\n'), `torn read: ${JSON.stringify(text.slice(-40))}`);
        reads++;
      }
    })();
    for (let i = 1; i <= 40; i++) await store.judge('n', [{ queryId: 'q', docId: `d${i}`, grade: i % 3 }]);
    writing = false;
    await reader;
    assert.ok(reads > 0);
    assert.deepEqual((await fs.readdir(store.folder)).sort(), ['n.json', 'n.qrels']);
    assert.equal((await store.load('n')).qrels.get('q')!.size, 41);
  });

  it('two windows judging at once keep every judgment (lock + re-read under it)', async () => {
    const a = new LabelStore(root);
    const b = new LabelStore(root);
    await Promise.all([
      ...Array.from({ length: 15 }, (_, i) => a.judge('n', [{ queryId: 'qa', docId: `d${i}`, grade: 1 }])),
      ...Array.from({ length: 15 }, (_, i) => b.judge('n', [{ queryId: 'qb', docId: `d${i}`, grade: 2 }])),
    ]);
    const l = await a.load('n');
    assert.equal(l.qrels.get('qa')!.size, 15);
    assert.equal(l.qrels.get('qb')!.size, 15);
  });

  it('picks up a hand edit through watch(), and reports a malformed line by number while the rest loads', async () => {
    const store = new LabelStore(root);
    const first = await store.judge('n', [{ queryId: 'q1', docId: 'd1', grade: 1 }]);
    const seen: LoadedLabels[] = [];
    const w = store.watch('n', (l) => seen.push(l), { debounceMs: 20 });
    try {
      await new Promise((r) => setTimeout(r, 100));
      await fs.writeFile(store.qrelsPath('n'), 'q1 0 d1 1\nq1 0 d2 two\nq1 0 d3 2\n');
      for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(seen.length >= 1, 'watch did not fire');
      const fresh = seen[seen.length - 1];
      assert.deepEqual([...fresh.qrels.get('q1')!], [['d1', 1], ['d3', 2]]);
      assert.deepEqual(fresh.diagnostics.map((d) => d.line), [2]);
      assert.match(fresh.diagnostics[0].message, /Line 2 .*grade "two" is not a number/);
      assert.ok(await store.changed(first));
      assert.ok(!(await store.changed(fresh)));
    } finally {
      w.dispose();
    }
  });

  it('exports plain TREC qrels (no comments, trec_eval-ready) and BEIR TSV', async () => {
    const store = new LabelStore(root);
    await store.judge('n', [{ queryId: 'q1', docId: 'd1', grade: 2 }, { queryId: 'q1', docId: 'd2', grade: 0 }]);
    await store.exportTo('n', join(root, 'out.qrels'), 'trec');
    await store.exportTo('n', join(root, 'out.tsv'), 'beir');
    assert.equal(await fs.readFile(join(root, 'out.qrels'), 'utf8'), 'q1 0 d1 2\nq1 0 d2 0\n');
    assert.equal(await fs.readFile(join(root, 'out.tsv'), 'utf8'), 'query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n');
  });

  it('a stale lock from a crashed writer is taken over; a live one times out with a message', async () => {
    const store = new LabelStore(root, { lockTimeoutMs: 200, staleLockMs: 10_000 });
    await fs.mkdir(store.folder, { recursive: true });
    const lock = `${store.qrelsPath('n')}.lock`;
    await fs.writeFile(lock, '');
    await assert.rejects(store.judge('n', [{ queryId: 'q', docId: 'd', grade: 1 }]), /locked by another writer/);
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(lock, old, old);
    await store.judge('n', [{ queryId: 'q', docId: 'd', grade: 1 }]);
    assert.equal((await store.load('n')).qrels.get('q')!.get('d'), 1);
  });
});
