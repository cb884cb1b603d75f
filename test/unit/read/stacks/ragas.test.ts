import { strict as assert } from 'assert';
import { expectSourcesCoverTexts, expectWinner, runFixture, sliceSource, warnings } from './helpers';

describe('stack reader: Ragas 0.1', () => {
  it('reads column dicts: one set per question, ground_truth as label, contexts by column', () => {
    const run = runFixture('ragas/v01-columns.json');
    expectWinner(run, 'ragas-v0.1');
    assert.equal(run.sets.length, 2);
    const [a, b] = run.sets;
    assert.equal(a.query, 'When was the first Super Bowl played?');
    assert.equal(sliceSource(run, b.querySource), 'Who won the most Super Bowls?');
    assert.equal(a.chunks.length, 2);
    assert.equal(b.chunks.length, 3);
    assert.deepEqual(b.chunks.map((c) => c.id), ['#1', '#2', '#3']);
    assert.match(b.chunks[2].text, /^The Buffalo Bills lost four/);
    assert.ok(b.chunks.every((c) => c.retrieverScore === undefined && c.scoreKind === 'unknown'));
    assert.deepEqual(b.labels, { groundTruth: 'The Patriots and the Steelers, with six titles each.' });
    assert.deepEqual(b.chunks[1].origin, { columnPath: ['contexts', 1], columnIndex: 1 });
    expectSourcesCoverTexts(run);
    assert.deepEqual(warnings(run), []);
  });

  it('reads JSONL rows with the older ground_truths list', () => {
    const run = runFixture('ragas/v01-rows.jsonl');
    expectWinner(run, 'ragas-v0.1');
    assert.equal(run.sets.length, 2);
    assert.equal(run.sets[0].query, 'What does HTTP status 429 mean?');
    assert.equal(run.sets[0].chunks.length, 2);
    assert.equal(run.sets[1].chunks.length, 1);
    assert.equal(run.sets[0].labels?.groundTruth, 'The client sent too many requests in a given time (rate limiting).');
    assert.deepEqual(run.sets[1].chunks[0].origin, { columnPath: [1, 'contexts'], columnIndex: 0 });
    expectSourcesCoverTexts(run);
  });
});

describe('stack reader: Ragas 0.2+', () => {
  it('reads EvaluationDataset JSONL: user_input, retrieved_contexts, reference and reference_contexts', () => {
    const run = runFixture('ragas/v02-evaluation-dataset.jsonl');
    expectWinner(run, 'ragas-v0.2');
    assert.equal(run.sets.length, 2);
    const [a] = run.sets;
    assert.equal(a.query, 'How often should I water a snake plant?');
    assert.equal(a.chunks.length, 3);
    assert.match(a.chunks[2].text, /^Pothos tolerate low light/);
    assert.deepEqual(a.labels, {
      groundTruth: 'Only when the soil is fully dry, roughly every two to three weeks.',
      referenceContexts: [a.chunks[0].text],
    });
    expectSourcesCoverTexts(run);
  });

  it('reads a to_list() JSON array without reference_contexts', () => {
    const run = runFixture('ragas/v02-list.json');
    expectWinner(run, 'ragas-v0.2');
    const [set] = run.sets;
    assert.equal(set.chunks.length, 2);
    assert.deepEqual(set.labels, { groundTruth: 'Roughly 70 °C because of the low air pressure.' });
  });
});
