// "Why?" inside a real extension host: the test API plays the webview and sends explain requests; the
// panel host runs them with its own scorer (the engine the panel uses). Every number the host posts is
// checked against an independent engine: the CLI (dist/cli.js, its own process and cache) scores the
// texts and queries this test rebuilds from the posted offsets alone.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RerankLensTestApi } from '../../src/extension';
import type { ExplainedRow, ExplainHostMessage } from '../../src/panel/explain/protocol';
import { api, ext } from './extensionApi';

const QUERY = 'what happens when a refresh token is reused';
const TOL = 1e-4;

const PASSAGES = [
  'Refresh tokens rotate on every use. A reused refresh token revokes the whole token family. The client must then sign in again.',
  'Access tokens live ten minutes. They are never refreshed in place. Clients ask for a new one with the refresh token.',
  'The cafeteria serves lunch from noon. Parking is free after six.',
  'Token reuse detection compares the token id with the last one issued. A mismatch is logged as a security event. Operators get an alert.',
  'Signing keys rotate every ninety days. Old keys stay valid for a week so tokens signed with them still verify.',
];

/** The engine's scores through the CLI: one set per query, results mapped back to input order. */
function cliScores(sets: { query: string; texts: string[] }[]): number[][] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-explain-cli-'));
  try {
    const input = path.join(dir, 'pairs.jsonl');
    fs.writeFileSync(input, sets.map((s) => JSON.stringify({ query: s.query, passages: s.texts.map((text, i) => ({ id: `p${i}`, text })) })).join('\n'));
    const model = path.join(ext().extensionPath, 'test', 'fixtures', 'models', 'tiny-bert');
    const r = spawnSync(process.execPath, [path.join(ext().extensionPath, 'dist', 'cli.js'), 'rerank', input, '--model', model, '--offline', '--cache-dir', path.join(dir, 'cache'), '--format', 'json'], {
      encoding: 'utf8', timeout: 120_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.equal(r.status, 0, `rerank-lens CLI exited ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { queries: { results: { index: number; score: number }[] }[] };
    assert.equal(out.queries.length, sets.length);
    return out.queries.map((q, i) => {
      const scores = new Array<number>(sets[i].texts.length);
      for (const res of q.results) scores[res.index] = res.score;
      return scores;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The chunk without one unit's tile, and the query without one word: rebuilt from offsets only. */
const without = (text: string, from: number, to: number) => text.slice(0, from) + text.slice(to);

describe('"Why?" explanations from the panel host', function () {
  this.timeout(180_000);
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-it-explain-'));
    const file = path.join(dir, 'tokens.jsonl');
    fs.writeFileSync(file, JSON.stringify({ query: QUERY, passages: PASSAGES.map((text, i) => ({ id: `t${i}`, text })) }) + '\n');
    const a = await api();
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(file));
    await a.whenIdle();
    assert.equal(a.panelState()?.status.phase, 'done', JSON.stringify(a.panelState()?.status));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const ofRequest = (a: RerankLensTestApi, id: number) => (a.explainPosted() as ExplainHostMessage[]).filter((m) => m.requestId === id);

  it('"Why?" on a row: cost first, then a result whose every effect is the engine\'s score of the modified text', async () => {
    const a = await api();
    const st = a.panelState()!;
    const row = st.rows.find((r) => r.id === 't0')!;
    assert.ok(row.score, 'the row is scored');
    await a.sendFromWebview({ type: 'explainRequest', requestId: 101, index: row.index });
    const msgs = ofRequest(a, 101);
    assert.equal(msgs[0].type, 'explainCost');
    assert.ok(msgs[0].type === 'explainCost' && !msgs[0].needsConfirm && msgs[0].cost.sentences === 4, JSON.stringify(msgs[0]));
    const last = msgs[msgs.length - 1];
    assert.equal(last.type, 'explainResult', JSON.stringify(last).slice(0, 300));
    if (last.type !== 'explainResult') return;
    const e: ExplainedRow = last.explanations[0];
    assert.equal(e.row, row.index);
    assert.equal(e.text, row.text);
    assert.equal(e.sentences.length, 3);
    // The full pair is the panel's own score of this row.
    assert.ok(Math.abs(e.fullScore - row.score.score) <= TOL, `full ${e.fullScore} vs panel ${row.score.score}`);

    // Independent engine: occlusions with the original query, and the full text with each query word removed.
    const sets = [
      { query: QUERY, texts: [e.text, ...e.sentences.map((s) => without(e.text, s.tileStart, s.tileEnd))] },
      ...e.terms!.map((t) => ({ query: without(QUERY, t.removeStart, t.removeEnd), texts: [e.text] })),
    ];
    const ref = cliScores(sets);
    assert.ok(Math.abs(ref[0][0] - e.fullScore) <= TOL, `CLI full ${ref[0][0]} vs ${e.fullScore}`);
    e.sentences.forEach((s, i) => {
      assert.ok(Math.abs(s.scoreWithout - ref[0][i + 1]) <= TOL, `sentence ${i}: ${s.scoreWithout} vs CLI ${ref[0][i + 1]}`);
      assert.ok(Math.abs(s.effect - (e.fullScore - s.scoreWithout)) <= 1e-9);
    });
    assert.equal(e.terms!.length, QUERY.split(' ').length);
    e.terms!.forEach((t, i) => {
      assert.equal(t.text, QUERY.slice(t.start, t.end));
      assert.ok(Math.abs(t.scoreWithout - ref[i + 1][0]) <= TOL, `word ${t.text}: ${t.scoreWithout} vs CLI ${ref[i + 1][0]}`);
    });
    // The deletion curve starts at the full score and removes every sentence.
    const f = e.faithfulness!;
    assert.ok(Math.abs(f.deletion.scores[0] - e.fullScore) <= TOL);
    assert.equal(f.deletion.scores.length, 4);
    assert.ok(Math.abs(f.deletion.scores[1] - e.sentences[f.deletion.order[0]].scoreWithout) <= TOL, 'step 1 is the first occlusion');
  });

  it('top-k explains the best rows by the panel\'s scores in one request', async () => {
    const a = await api();
    const st = a.panelState()!;
    const best = [...st.rows].sort((x, y) => y.score!.score - x.score!.score).slice(0, 2).map((r) => r.index);
    await a.sendFromWebview({ type: 'explainRequest', requestId: 102, topK: 2 });
    const msgs = ofRequest(a, 102);
    const last = msgs[msgs.length - 1];
    assert.ok(last.type === 'explainResult', last.type);
    assert.deepEqual(last.type === 'explainResult' && last.explanations.map((e) => e.row), best);
  });

  it('a request above the confirmation threshold scores nothing until confirmed; malformed requests are ignored', async () => {
    const a = await api();
    const before = a.explainPosted().length;
    for (const bad of [{ type: 'explainRequest', requestId: 103 }, { type: 'explainRequest', requestId: 103, topK: 999 }, { type: 'explainCancel' }]) await a.sendFromWebview(bad);
    assert.equal(a.explainPosted().length, before, 'a malformed request got an answer');
    const long = Array.from({ length: 40 }, (_, i) => `Sentence ${i} says the refresh token ${i % 2 ? 'rotates' : 'is reused'}.`).join(' ');
    const file = path.join(dir, 'long.jsonl');
    fs.writeFileSync(file, JSON.stringify({ query: QUERY, passages: [long, `${long} Again.`, `${long} Once more.`, PASSAGES[0]].map((text, i) => ({ id: `l${i}`, text })) }) + '\n');
    await vscode.commands.executeCommand('rerankLens.rerankFile', vscode.Uri.file(file));
    await a.whenIdle();
    await a.sendFromWebview({ type: 'explainRequest', requestId: 104, topK: 3 });
    const msgs = ofRequest(a, 104);
    assert.equal(msgs.length, 1, msgs.map((m) => m.type).join());
    assert.ok(msgs[0].type === 'explainCost' && msgs[0].needsConfirm && msgs[0].cost.total > 200, JSON.stringify(msgs[0]));
  });
});
