// The VS Code side of issue 10 without VS Code: keys per provider in a SecretStorage stand-in, the
// scorer settings' workspace-trust rule, consent asked once per URL, and the compare host over a real
// session and real loopback rerank servers: the key stored for a provider goes in the Authorization
// header and appears in no webview message, log line, error text, stored setting or export.
import { strict as assert } from 'node:assert';
import { exportReranked } from '../../../src/core/export/index';
import type { ReadResult } from '../../../src/core/types';
import { confirmSendOnce, unencrypted } from '../../../src/host/remoteConsent';
import { resolveScorerSettings } from '../../../src/host/scorerSettings';
import { apiKeys, type SecretStore } from '../../../src/host/secrets';
import { CompareController } from '../../../src/panel/compare/compareHost';
import type { CompareHostMessage } from '../../../src/panel/compare/protocol';
import { scorerFromSpec } from '../../../src/scorers/fromSpec';
import { RerankSession } from '../../../src/session/session';
import type { ScorerInfo } from '../../../src/session/scorer';
import { startRerankServer } from '../../support/rerankServers/index';

const KEY = 'sk-vscode-side-41c7e2-SECRET';

function memorySecrets(): SecretStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: async (k) => map.get(k), store: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) } as SecretStore & { map: Map<string, string> };
}

function memento() {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string, d?: T) => (m.has(k) ? (m.get(k) as T) : d), update: async (k: string, v: unknown) => void m.set(k, v), keys: () => [...m.keys()] } as never;
}

describe('issue 10, VS Code side: keys, trust, consent', () => {
  it('a key per provider; an empty key removes it; stored() lists names only', async () => {
    const secrets = memorySecrets();
    const keys = apiKeys(secrets);
    await keys.set('cohere', `  ${KEY}  `);
    assert.equal(await keys.get('cohere'), KEY);
    assert.equal(await keys.get('jina'), undefined);
    assert.deepEqual(await keys.stored(), ['cohere']);
    await keys.set('cohere', '');
    assert.equal(await keys.get('cohere'), undefined);
    assert.equal(secrets.map.size, 0);
  });

  it('rerankLens.scorer from the workspace needs a trusted workspace; the user value is used otherwise', () => {
    const cfg = (workspace: unknown, global: unknown) => ({
      get: <T>(k: string) => (k === 'scorer' ? ((workspace ?? global ?? '') as T) : undefined),
      inspect: <T>(k: string) => (k === 'scorer' ? { defaultValue: '' as T, globalValue: global as T, workspaceValue: workspace as T } : { defaultValue: [] as T }),
    });
    const c = cfg('tei:http://evil.example:8080', 'tei:http://127.0.0.1:8080');
    assert.equal(resolveScorerSettings(c, true).scorer, 'tei:http://evil.example:8080');
    const untrusted = resolveScorerSettings(c, false);
    assert.equal(untrusted.scorer, 'tei:http://127.0.0.1:8080');
    assert.deepEqual(untrusted.ignoredUntrusted, ['rerankLens.scorer']);
    assert.equal(resolveScorerSettings(cfg(undefined, 'tei:http://a:1'), false).scorer, 'tei:http://a:1', 'a user value needs no trust');
  });

  it('consent: asked once per URL when agreed, again after a refusal', async () => {
    const asked: string[] = [];
    let answer = false;
    const confirm = confirmSendOnce(memento(), async (info) => (asked.push(info.url!), answer));
    const info = (url: string) => ({ identity: url, label: 'x', kind: 'remote', provider: 'tei', model: '', meaning: 'logit', url }) as ScorerInfo;
    assert.equal(await confirm(info('https://a/rerank')), false);
    answer = true;
    assert.equal(await confirm(info('https://a/rerank')), true);
    assert.equal(await confirm(info('https://a/rerank')), true);
    assert.equal(await confirm(info('https://b/rerank')), true);
    assert.deepEqual(asked, ['https://a/rerank', 'https://a/rerank', 'https://b/rerank']);
  });

  it('compare over a session: the stored key is sent, and appears in no webview message, log line, error or export', async () => {
    const good = await startRerankServer({ kind: 'tei', apiKey: KEY });
    const rejecting = await startRerankServer({ kind: 'cohere', apiKey: 'another-key' });
    const secrets = memorySecrets();
    await apiKeys(secrets).set('tei', KEY);
    await apiKeys(secrets).set('cohere', KEY);
    const logs: string[] = [];
    const log = (_l: string, m: string) => logs.push(m);
    try {
      const chunks = ['alpha beta', 'gamma delta', 'beta gamma'].map((text, i) => ({ id: `c${i}`, text, originalRank: i + 1, scoreKind: 'none', metadata: {} }));
      const result = { sets: [{ query: 'beta', chunks, format: 'test' }], diagnostics: [], format: 'test' } as unknown as ReadResult;
      const text = JSON.stringify({ query: 'beta', documents: chunks.map((c) => c.text) });
      const session = new RerankSession({ source: { kind: 'file', label: 'x.json' }, text, result });
      const teiScorer = scorerFromSpec(`tei:${good.url}`, {}, { apiKey: (await apiKeys(secrets).get('tei'))!, remote: { log } });
      const cohereScorer = scorerFromSpec(`cohere:${rejecting.url}#rerank-v3.5`, {}, { apiKey: (await apiKeys(secrets).get('cohere'))!, remote: { log, maxRetries: 0 } as never });
      const posted: CompareHostMessage[] = [];
      const errors: string[] = [];
      const host = new CompareController(session, (m) => posted.push(m), [{ kind: 'scorer', scorer: teiScorer }, { kind: 'scorer', scorer: cohereScorer }, { kind: 'retriever' }], [0], 'set', 'beta', { error: (m, e) => errors.push(`${m} ${String(e)} ${(e as Error)?.stack ?? ''}`) });
      const status = await host.start();
      assert.equal(status.phase, 'error');
      assert.match(status.message ?? '', /cohere/i);
      assert.ok(good.requests.every((r) => r.authorization === `Bearer ${KEY}`), 'the key went in the header');
      const snap = host.snapshot();
      assert.ok(snap.sets[0].scores[0].every((v) => typeof v === 'number'), 'TEI scored every chunk');
      // The export of what the session scored.
      const scored = session.scoredBy(teiScorer.info().identity);
      const out = exportReranked({ text, result }, scored.map((s) => ({ set: result.sets[s.setIndex], ranked: s.scores.map((p, i) => ({ chunk: chunks[i], score: p!.score, probability: p!.probability, rank: i + 1 })) as never, kept: s.scores.map(() => true) })), 'cohere');
      const everything = [JSON.stringify(posted), JSON.stringify(snap), logs.join('\n'), errors.join('\n'), JSON.stringify(out), JSON.stringify(scored), JSON.stringify(teiScorer.info()), JSON.stringify(cohereScorer.info())];
      for (const [i, t] of everything.entries()) assert.ok(!t.includes(KEY), `the key leaked into output ${i}`);
      assert.ok(posted.some((m) => m.type === 'compareStatus' && m.status.phase === 'error'));
      host.dispose();
    } finally {
      await good.close();
      await rejecting.close();
    }
  });

  it('the consent prompt says when the text would travel unencrypted', () => {
    assert.equal(unencrypted('http://gpu-box:8080/rerank'), true);
    assert.equal(unencrypted('HTTP://gpu-box:8080/rerank'), true);
    assert.equal(unencrypted('https://api.cohere.com/v2/rerank'), false);
    assert.equal(unencrypted(undefined), false);
  });
});
