// --score-kind for a custom score path: the CLI option, the reader honouring it, and the picks the
// extension's picker shows (the guess from the path's name first).
import { strict as assert } from 'node:assert';
import { readText } from '../../../src/core/read/index';
import { guessScoreKind, scoreKindPicks } from '../../../src/core/read/scoreKind';
import { parseOptions, UsageError, type CliOptions } from '../../../src/cli/options';

const doc = JSON.stringify({ out: [{ body: 'First text of the list.', s: 0.1 }, { body: 'Second text of the list.', s: 0.4 }] });

function parse(args: string[]): CliOptions {
  const o = parseOptions(['rerank', 'in.json', ...args]);
  assert.notEqual(o, 'help');
  return o as CliOptions;
}

describe('read/scoreKind: what a custom score path means', () => {
  it('a score path without a telling name is a similarity only when the user says nothing else', () => {
    const r = readText(doc, { overrides: { textPath: '$.out[*].body', scorePath: '$.out[*].s' } });
    assert.deepEqual(r.sets[0].chunks.map((c) => c.scoreKind), ['unknown', 'unknown']);
    const d = readText(doc, { overrides: { textPath: '$.out[*].body', scorePath: '$.out[*].s', scoreKind: 'distance' } });
    assert.deepEqual(d.sets[0].chunks.map((c) => [c.retrieverScore, c.scoreKind]), [[0.1, 'distance'], [0.4, 'distance']]);
  });

  it('the user\'s kind wins over the name (a Fuse.js `score` is a distance)', () => {
    const fuse = JSON.stringify([{ item: { t: 'First text of the list.' }, score: 0.1 }, { item: { t: 'Second text of the list.' }, score: 0.3 }]);
    const guessed = readText(fuse, { overrides: { textPath: '$[*].item.t', scorePath: '$[*].score' } });
    assert.equal(guessed.sets[0].chunks[0].scoreKind, 'similarity');
    const told = readText(fuse, { overrides: { textPath: '$[*].item.t', scorePath: '$[*].score', scoreKind: 'distance' } });
    assert.equal(told.sets[0].chunks[0].scoreKind, 'distance');
  });

  it('--score-kind reaches the overrides; bad values and a missing --score-path are usage errors', () => {
    assert.deepEqual(parse(['--text-path', '$.out[*].body', '--score-path', '$.out[*].s', '--score-kind', 'distance']).overrides, {
      textPath: '$.out[*].body', scorePath: '$.out[*].s', scoreKind: 'distance',
    });
    assert.throws(() => parse(['--score-path', '$.s', '--score-kind', 'lower']), (e: unknown) => e instanceof UsageError && /--score-kind must be similarity or distance \(got "lower"\)/.test(e.message));
    assert.throws(() => parse(['--score-kind', 'distance']), (e: unknown) => e instanceof UsageError && /--score-kind needs --score-path/.test(e.message));
  });

  it('picker items: the guess from the name first and marked; both kinds always offered', () => {
    assert.equal(guessScoreKind('$.rows[*].cosine_distance'), 'distance');
    assert.equal(guessScoreKind('$.hits[*]._score'), 'similarity');
    assert.equal(guessScoreKind('$.x[*].s'), 'unknown');
    assert.deepEqual(scoreKindPicks('$.rows[*].distance').map((p) => [p.kind, p.suggested]), [['distance', true], ['similarity', false]]);
    assert.deepEqual(scoreKindPicks('$.x[*].s').map((p) => [p.kind, p.suggested]), [['similarity', false], ['distance', false]]);
  });
});
