// The "test model, scores are meaningless" note: read from the model folder's own files.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { modelNoteFor, modelNoteFromFiles, TEST_MODEL_NOTE } from '../../../src/host/modelNote';

const models = path.join(__dirname, '..', '..', 'fixtures', 'models');

describe('model note (issue 13)', () => {
  it('the committed tiny-bert test models say they are test models', () => {
    assert.equal(modelNoteFor(path.join(models, 'tiny-bert')), TEST_MODEL_NOTE);
    assert.equal(modelNoteFor(path.join(models, 'tiny-bert-2labels')), TEST_MODEL_NOTE);
  });

  it('from PROVENANCE.md words or the generator\'s config.json mark; nothing for real models and hub ids', () => {
    assert.equal(modelNoteFromFiles('A graph with RANDOM, deterministic weights.', undefined), TEST_MODEL_NOTE);
    assert.equal(modelNoteFromFiles(undefined, '{"rerank_lens_test_model": {}}'), TEST_MODEL_NOTE);
    assert.equal(modelNoteFromFiles('# ms-marco-MiniLM-L-6-v2\nTrained on MS MARCO passage ranking.', '{"model_type":"bert"}'), undefined);
    assert.equal(modelNoteFromFiles(undefined, '{not json'), undefined);
    assert.equal(modelNoteFor('cross-encoder/ms-marco-MiniLM-L-6-v2'), undefined);
    assert.equal(modelNoteFor(''), undefined);
    assert.equal(modelNoteFor(path.join(models, 'no-such-model')), undefined);
  });
});
