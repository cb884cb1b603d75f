// Select Model (issue 13): only the chosen scope is written; a workspace's local folder is never
// deleted when the user saves to their user settings.
import { strict as assert } from 'node:assert';
import { planModelWrite } from '../../../src/commands/modelWrite';

describe('Select Model: what is written where', () => {
  const wsFolder = { workspace: { localModelPath: './models/tiny' }, user: {} };

  it('a hub model saved to the user settings leaves the workspace folder alone and says it still wins', () => {
    const plan = planModelWrite({ kind: 'hub', id: 'BAAI/bge-reranker-base' }, 'user', wsFolder);
    assert.deepEqual(plan.writes, [{ key: 'model', value: 'BAAI/bge-reranker-base', scope: 'user' }]);
    assert.deepEqual(plan.stillWins, { key: 'localModelPath', value: './models/tiny', scope: 'workspace' });
  });

  it('a hub model saved to this workspace replaces the folder set in this workspace (the scope chosen)', () => {
    const plan = planModelWrite({ kind: 'hub', id: 'BAAI/bge-reranker-base' }, 'workspace', { workspace: { localModelPath: './m' }, user: { localModelPath: '/home/me/m' } });
    assert.deepEqual(plan.writes, [
      { key: 'model', value: 'BAAI/bge-reranker-base', scope: 'workspace' },
      { key: 'localModelPath', value: undefined, scope: 'workspace' },
    ]);
    assert.equal(plan.stillWins, undefined, 'the user folder is not touched, and the workspace wins over it anyway');
  });

  it('never writes the scope that was not chosen', () => {
    for (const scope of ['user', 'workspace'] as const) {
      for (const choice of [{ kind: 'hub', id: 'a/b' }, { kind: 'folder', path: '/m' }] as const) {
        const plan = planModelWrite(choice, scope, { workspace: { model: 'x/y', localModelPath: '/w' }, user: { model: 'u/v', localModelPath: '/u' } });
        assert.ok(plan.writes.every((w) => w.scope === scope), JSON.stringify(plan));
      }
    }
  });

  it('a workspace hub id also still wins over a user choice', () => {
    const plan = planModelWrite({ kind: 'hub', id: 'a/b' }, 'user', { workspace: { model: 'c/d' }, user: {} });
    assert.deepEqual(plan.stillWins, { key: 'model', value: 'c/d', scope: 'workspace' });
    assert.equal(planModelWrite({ kind: 'folder', path: '/m' }, 'user', { workspace: {}, user: { localModelPath: '/old' } }).stillWins, undefined);
  });
});
