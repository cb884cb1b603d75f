// The "Why?" host (src/panel/explain/explainHost.ts) over the real engine (dist/engine.js, the tiny
// test model): the cost comes first, a large request scores nothing until confirmed, the result is the
// session's explanation for the panel's rows and query, cancel ends a run with a cancelled error, and
// requests the panel cannot answer get an error with a hint. The panel side is a recorder of posts.
// NEEDS BUILD: forks dist/engine.js; ensureBuilt() rebuilds when stale.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/engine/client';
import type { PanelRow } from '../../../src/panel/protocol';
import { ExplainHost, forView, VIEW_OPTIONS } from '../../../src/panel/explain/explainHost';
import { CONFIRM_PAIRS, type ExplainHostMessage } from '../../../src/panel/explain/protocol';
import { explain } from '../../../src/session/explain';
import { LocalScorer } from '../../../src/session/localScorer';
import type { Scorer, ScoreRequest } from '../../../src/session/scorer';
import { ENGINE_JS, ensureBuilt, TINY_MODEL_DIR } from '../engine/support';

const QUERY = 'what happens when a refresh token is reused';
const TOPICS = ['rotation', 'reuse', 'family', 'expiry', 'scope', 'audience', 'issuer', 'signature'];
const chunk = (i: number, n: number) => Array.from({ length: n }, (_, k) => `The ${TOPICS[(i + k) % 8]} rule ${k} of chunk ${i} applies to refresh tokens.`).join(' ');

class CountingScorer implements Scorer {
  pairs = 0;
  constructor(private readonly inner: Scorer) {}
  info() {
    return this.inner.info();
  }
  score(req: ScoreRequest) {
    this.pairs += req.chunks.length;
    return this.inner.score(req);
  }
  dispose() {}
}

describe('explain host over the real engine (NEEDS BUILD: dist/engine.js)', function () {
  this.timeout(180_000);
  let cacheDir: string;
  let engine: EngineClient;
  let scorer: CountingScorer;

  before(() => {
    ensureBuilt();
    cacheDir = mkdtempSync(join(tmpdir(), 'rl-explain-host-'));
    engine = new EngineClient({ enginePath: ENGINE_JS });
  });
  after(() => {
    engine?.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    scorer = new CountingScorer(new LocalScorer(engine, { model: TINY_MODEL_DIR, dtype: 'fp32', cacheDir, offline: true, maxLength: 128 }, { batchSize: 8, threads: 1 }));
  });

  function host(rows: PanelRow[], query = QUERY) {
    const posted: ExplainHostMessage[] = [];
    const h = new ExplainHost({ post: (m) => posted.push(m), rows: () => rows, query: () => query, scorer: () => scorer, log: { info: () => undefined, error: () => undefined } });
    return { h, posted, types: () => posted.map((m) => m.type) };
  }
  const row = (index: number, sentences: number, score?: number): PanelRow => ({
    index, id: `c${index}`, text: chunk(index, sentences), originalRank: index + 1, scoreKind: 'unknown', metadata: {}, revealable: false,
    ...(score !== undefined ? { score: { index, score, probability: 0.5, truncated: false, truncatedAtChar: null, queryTokens: 10, chunkTokens: 40, cached: false } } : {}),
  });

  it('posts the cost, then progress, then the session\'s explanation of that row', async () => {
    const rows = [row(0, 3, 1), row(1, 4, 2)];
    const t = host(rows);
    await t.h.handle({ type: 'explainRequest', requestId: 7, index: 1 });
    const [cost] = t.posted;
    assert.equal(cost.type, 'explainCost');
    assert.ok(cost.type === 'explainCost' && !cost.needsConfirm && cost.rows[0] === 1);
    // 4 sentences: 1 + 4 occlusions, 8 query words, curve bound 2 * 4 - 3.
    assert.deepEqual(cost.type === 'explainCost' && cost.cost, { sentences: 5, terms: 8, windows: 0, curve: 5, total: 18, exact: false });
    assert.ok(t.types().includes('explainProgress'));
    const result = t.posted[t.posted.length - 1];
    assert.equal(result.type, 'explainResult');
    if (result.type !== 'explainResult') return;
    assert.equal(result.requestId, 7);
    assert.ok(result.pairs <= 18 && result.pairs >= 5 + 8, `pairs ${result.pairs}`);
    // The same explanation the session gives (the engine's cache answers the second run).
    const direct = await explain(scorer, { query: QUERY, chunks: [{ id: 'c1', text: rows[1].text }], options: VIEW_OPTIONS });
    assert.deepEqual(result.explanations, [forView(direct.explanations[0], 1)]);
    assert.equal(result.explanations[0].sentences.length, 4);
    assert.equal(result.explanations[0].terms?.length, 8);
    assert.ok(result.explanations[0].faithfulness);
  });

  it('a large top-k request (4 x 16 sentences) scores nothing until confirmed, then explains the best rows by score', async () => {
    const rows = [row(0, 16, 0.5), row(1, 16, 3), row(2, 16, -1), row(3, 16, 2), row(4, 16)];
    const t = host(rows);
    await t.h.handle({ type: 'explainRequest', requestId: 1, topK: 4 });
    assert.deepEqual(t.types(), ['explainCost']);
    const cost = t.posted[0];
    assert.ok(cost.type === 'explainCost' && cost.needsConfirm && cost.cost.total > CONFIRM_PAIRS, JSON.stringify(cost));
    assert.deepEqual(cost.type === 'explainCost' && cost.rows, [1, 3, 0, 2], 'the four scored rows, best first');
    assert.equal(scorer.pairs, 0, 'nothing was scored before the go-ahead');
    await t.h.handle({ type: 'explainRequest', requestId: 1, topK: 4, confirmed: true });
    const result = t.posted[t.posted.length - 1];
    assert.ok(result.type === 'explainResult', result.type);
    assert.deepEqual(result.type === 'explainResult' && result.explanations.map((e) => [e.row, e.chunkId]), [[1, 'c1'], [3, 'c3'], [0, 'c0'], [2, 'c2']]);
    assert.ok(scorer.pairs > 0);
  });

  it('cancel ends the run with a cancelled error and no result', async () => {
    const t = host([row(0, 30, 1)]);
    const running = t.h.handle({ type: 'explainRequest', requestId: 3, index: 0, confirmed: true });
    await new Promise((r) => setImmediate(r));
    await t.h.handle({ type: 'explainCancel', requestId: 3 });
    await running;
    const last = t.posted[t.posted.length - 1];
    assert.deepEqual(last, { type: 'explainError', requestId: 3, message: 'The explanation was cancelled.', cancelled: true });
    assert.ok(!t.types().includes('explainResult'));
  });

  it('says why when there is nothing to explain', async () => {
    const none = host([row(0, 2)], '  ');
    await none.h.handle({ type: 'explainRequest', requestId: 1, index: 0 });
    assert.match(JSON.stringify(none.posted), /There is no query to explain a score for/);
    const gone = host([row(0, 2)]);
    await gone.h.handle({ type: 'explainRequest', requestId: 2, index: 9 });
    assert.match(JSON.stringify(gone.posted), /not in the panel any more/);
    const unscored = host([row(0, 2)]);
    await unscored.h.handle({ type: 'explainRequest', requestId: 3, topK: 2 });
    assert.match(JSON.stringify(unscored.posted), /No row has a score yet/);
    assert.equal(scorer.pairs, 0);
  });
});
