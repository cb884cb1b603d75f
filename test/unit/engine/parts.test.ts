// Small engine parts, in-process: label choice, probabilities, the LRU score cache, the model's length
// limit, stale download cleanup, cache clearing and the CLI's cache folder.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCacheDir, KNOWN_MODELS, DEFAULT_MODEL } from '../../../src/engine/defaults';
import { removeStaleTempFiles } from '../../../src/engine/hfEnv';
import { chooseScoreLabel, labelsFromConfig, scoreRow, sigmoid } from '../../../src/engine/outputLabels';
import { clearModelCache, modelCacheSize } from '../../../src/engine/modelCache';
import { clampThreads, effectiveMaxLength, modelTokenLimit } from '../../../src/engine/model';
import { ScoreCache, scoreKey } from '../../../src/engine/scoreCache';

describe('engine parts', () => {
  it('chooses the label that means "relevant", else LABEL_1 of two, else the last', () => {
    assert.equal(chooseScoreLabel(['LABEL_0']), 0);
    assert.equal(chooseScoreLabel(['LABEL_0', 'LABEL_1']), 1);
    assert.equal(chooseScoreLabel(['relevant', 'not_relevant']), 0);
    assert.equal(chooseScoreLabel(['Not Relevant', 'Relevant']), 1);
    assert.equal(chooseScoreLabel(['contradiction', 'entailment', 'neutral']), 1);
    assert.equal(chooseScoreLabel(['negative', 'positive']), 1);
    assert.equal(chooseScoreLabel(['LABEL_0', 'LABEL_1', 'LABEL_2']), 2);
    assert.deepEqual(labelsFromConfig({ 0: 'no', 1: 'yes' }, 3), ['no', 'yes', 'LABEL_2']);
  });

  it('probabilities: sigmoid for one logit, softmax at the score label otherwise, stable for big logits', () => {
    assert.deepEqual(scoreRow([2], 0), { score: 2, probability: sigmoid(2) });
    const r = scoreRow([1, 3], 1);
    assert.equal(r.score, 3);
    assert.ok(Math.abs(r.probability - Math.exp(3) / (Math.exp(1) + Math.exp(3))) < 1e-12);
    assert.equal(sigmoid(-1000), 0);
    assert.equal(sigmoid(1000), 1);
    assert.ok(Number.isFinite(scoreRow([1000, 1001], 0).probability));
  });

  it('the score cache is least-recently-used and keyed by everything that changes a score', () => {
    const c = new ScoreCache(2);
    const v = { score: 1, probability: 0.7, queryTokens: 1, chunkTokens: 1, truncated: false, truncatedAtChar: null };
    c.set('a', v);
    c.set('b', v);
    c.get('a');
    c.set('c', v);
    assert.equal(c.size, 2);
    assert.ok(c.get('a') && c.get('c') && !c.get('b'));
    const k = scoreKey('m', 512, 'q', 'd');
    assert.equal(k, scoreKey('m', 512, 'q', 'd'));
    for (const other of [scoreKey('m2', 512, 'q', 'd'), scoreKey('m', 256, 'q', 'd'), scoreKey('m', 512, 'q2', 'd'), scoreKey('m', 512, 'q', 'd2'), scoreKey('m', 512, 'qd', ''), scoreKey('m', 512, '', 'qd')]) {
      assert.notEqual(k, other);
    }
  });

  it('the model limit comes from the tokenizer and the usable position embeddings; the setting defaults to 512 and is capped by it', () => {
    assert.equal(modelTokenLimit(512, { max_position_embeddings: 512, model_type: 'bert' }), 512);
    assert.equal(modelTokenLimit(1e30, { max_position_embeddings: 514, model_type: 'xlm-roberta', pad_token_id: 1 }), 512); // XLM-R: 2 rows before the first token
    assert.equal(modelTokenLimit(8192, { max_position_embeddings: 8194, model_type: 'xlm-roberta', pad_token_id: 1 }), 8192); // bge-reranker-v2-m3
    assert.equal(modelTokenLimit(8192, { max_position_embeddings: 8192, model_type: 'modernbert' }), 8192);
    assert.equal(modelTokenLimit(undefined, { max_position_embeddings: 128 }), 128);
    assert.equal(modelTokenLimit(undefined, {}), 512);
    assert.equal(effectiveMaxLength(undefined, 8192), 512);
    assert.equal(effectiveMaxLength(2048, 8192), 2048);
    assert.equal(effectiveMaxLength(1024, 512), 512);
    assert.equal(effectiveMaxLength(256, 512), 256);
  });

  it('threads above the core count are clamped, with a note', () => {
    assert.deepEqual(clampThreads(0, 4), { threads: 4 });
    assert.deepEqual(clampThreads(2, 4), { threads: 2 });
    const big = clampThreads(999, 4);
    assert.equal(big.threads, 4);
    assert.match(big.note!, /999 threads requested; using 4/);
  });

  it('removes temp files of dead downloaders only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-stale-'));
    mkdirSync(join(dir, 'onnx'));
    // A pid that surely is not running: a child that already exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'onnx', `model.onnx.tmp.${dead}.abc12`), 'partial');
    writeFileSync(join(dir, 'onnx', `model.onnx.tmp.${process.pid}.def34`), 'in progress');
    writeFileSync(join(dir, 'config.json'), '{}');
    return removeStaleTempFiles(dir).then((removed) => {
      assert.equal(removed.length, 1);
      assert.deepEqual(readdirSync(join(dir, 'onnx')), [`model.onnx.tmp.${process.pid}.def34`]);
      assert.ok(existsSync(join(dir, 'config.json')));
      rmSync(dir, { recursive: true, force: true });
    });
  });

  it('clearModelCache empties the cache folder and refuses unsafe paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-clear-'));
    mkdirSync(join(dir, 'org/model/onnx'), { recursive: true });
    writeFileSync(join(dir, 'org/model/onnx/model.onnx'), Buffer.alloc(1000));
    assert.equal(await modelCacheSize(dir), 1000);
    await clearModelCache(dir);
    assert.deepEqual(readdirSync(dir), []);
    await clearModelCache(join(dir, 'missing')); // nothing to do
    await assert.rejects(clearModelCache('relative/dir'), /not an absolute path/);
    await assert.rejects(clearModelCache('/'), /root/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the CLI cache folder follows XDG_CACHE_HOME and the platform', () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux'), '/x/cache/rerank-lens/models');
    assert.equal(defaultCacheDir({ RERANK_LENS_CACHE_DIR: '/y' }, 'linux'), '/y');
    assert.match(defaultCacheDir({}, 'darwin'), /Library\/Caches\/rerank-lens\/models$/);
    assert.ok(KNOWN_MODELS.some((m) => m.id === DEFAULT_MODEL));
  });
});
