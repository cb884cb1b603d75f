// The compare view's host over a real RerankSession and real loopback rerank servers (TEI: raw logits,
// Infinity: probabilities): every chunk's number reaches the view as the server gave it, a set the
// session already scored with a scorer is not asked again, the query typed in the panel stands in for
// a selection without one, and Cancel stops the run with what arrived.
import { strict as assert } from 'node:assert';
import type { ReadResult } from '../../../src/core/types';
import { CompareController } from '../../../src/panel/compare/compareHost';
import type { CompareHostMessage } from '../../../src/panel/compare/protocol';
import { scorerFromSpec } from '../../../src/scorers/fromSpec';
import { RerankSession } from '../../../src/session/session';
import { servedScore, startRerankServer, type RerankServer } from '../../support/rerankServers/index';

const TEXTS = [['pool size exhausted', 'lunch at noon', 'pool timeout'], ['vault lease', 'lease renew vault token', 'kitchen']];

function session(queries: string[]): RerankSession {
  const sets = queries.map((query, s) => ({ query, chunks: TEXTS[s].map((text, i) => ({ id: `s${s}c${i}`, text, originalRank: i + 1, scoreKind: 'none', metadata: {} })), format: 'test' }));
  return new RerankSession({ source: { kind: 'file', label: 'sets.jsonl' }, result: { sets, diagnostics: [], format: 'test' } as unknown as ReadResult });
}

describe('compare host (real session, loopback servers)', () => {
  let tei: RerankServer;
  let infinity: RerankServer;
  before(async () => {
    tei = await startRerankServer({ kind: 'tei' });
    infinity = await startRerankServer({ kind: 'infinity' });
  });
  after(async () => {
    await tei.close();
    await infinity.close();
  });
  const noLog = { error: () => undefined };

  it('every set, two servers of different meanings: the numbers as served; a second compare asks nothing', async () => {
    const s = session(['pool exhausted', 'vault lease']);
    const a = scorerFromSpec(`tei:${tei.url}`, {});
    const b = scorerFromSpec(`infinity:${infinity.url}`, {});
    const posted: CompareHostMessage[] = [];
    const host = new CompareController(s, (m) => posted.push(m), [{ kind: 'scorer', scorer: a }, { kind: 'scorer', scorer: b }], [0, 1], 'all', '', noLog);
    assert.equal((await host.start()).phase, 'done');
    const snap = host.snapshot();
    assert.deepEqual(snap.scorers.map((x) => x.meaning), ['logit', 'probability']);
    snap.sets.forEach((set, si) =>
      set.chunks.forEach((c, j) => {
        assert.ok(Math.abs(set.scores[0][j]! - servedScore('tei', set.query, c.text, true)) < 1e-5);
        assert.ok(Math.abs(set.scores[1][j]! - servedScore('infinity', set.query, c.text, false)) < 1e-5, `set ${si} chunk ${j}`);
      }),
    );
    assert.equal(posted[0].type, 'compareMode');
    assert.ok(posted.some((m) => m.type === 'compare'));
    const asked = tei.requests.length + infinity.requests.length;
    const again = new CompareController(s, () => undefined, [{ kind: 'scorer', scorer: a }, { kind: 'scorer', scorer: b }], [0, 1], 'all', '', noLog);
    assert.equal((await again.start()).phase, 'done');
    assert.equal(tei.requests.length + infinity.requests.length, asked, 'the session already had these scores');
    assert.deepEqual(again.snapshot().sets, snap.sets);
  });

  it("scope 'set': a set without a query is scored with the query typed in the panel; the retriever column is its order", async () => {
    const s = session(['']);
    const host = new CompareController(s, () => undefined, [{ kind: 'scorer', scorer: scorerFromSpec(`tei:${tei.url}`, {}) }, { kind: 'retriever' }], [0], 'set', 'pool timeout', noLog);
    assert.equal((await host.start()).phase, 'done');
    const set = host.snapshot().sets[0];
    assert.equal(set.query, 'pool timeout');
    assert.deepEqual(set.scores[1], [-1, -2, -3]);
    assert.ok(Math.abs(set.scores[0][2]! - servedScore('tei', 'pool timeout', 'pool timeout', true)) < 1e-5);
  });

  it('Cancel stops the run: status cancelled, no score invented', async () => {
    const slow = await startRerankServer({ kind: 'tei', faults: [{ kind: 'slow', ms: 5000 }] });
    try {
      const s = session(['pool exhausted', 'vault lease']);
      const posted: CompareHostMessage[] = [];
      const host = new CompareController(s, (m) => posted.push(m), [{ kind: 'scorer', scorer: scorerFromSpec(`tei:${slow.url}`, {}) }, { kind: 'retriever' }], [0, 1], 'all', '', noLog);
      const run = host.start();
      while (slow.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
      await host.handle({ type: 'compareCancel' });
      const status = await run;
      assert.equal(status.phase, 'cancelled');
      assert.ok(host.snapshot().sets.every((set) => set.scores[0].every((v) => v === null)));
      await host.handle({ type: 'compareClose' });
      assert.deepEqual(posted[posted.length - 1], { type: 'compareMode', mode: 'closed' });
    } finally {
      await slow.close();
    }
  });

  it('a server that refuses the key: the status says a key fixes it, and the view\'s buttons run Set API Key and Compare Scorers', async () => {
    const locked = await startRerankServer({ kind: 'cohere', apiKey: 'right-key' });
    try {
      const s = session(['pool exhausted', 'vault lease']);
      const ran: string[] = [];
      const scorer = scorerFromSpec(`cohere:${locked.url}#m`, { COHERE_API_KEY: 'wrong-key' });
      const host = new CompareController(s, () => undefined, [{ kind: 'scorer', scorer }, { kind: 'retriever' }], [0, 1], 'all', '', noLog, undefined, { run: async (c) => void ran.push(c) });
      const status = await host.start();
      assert.equal(status.phase, 'error');
      assert.equal(status.needsKey, true);
      assert.ok(!/wrong-key/.test(`${status.message} ${status.hint}`), 'the key never shows');
      await host.handle({ type: 'compareSetKey' });
      await host.handle({ type: 'compareAgain' });
      assert.deepEqual(ran, ['setApiKey', 'compareScorers']);
    } finally {
      await locked.close();
    }
  });
});

