// The pure planner: query words, the exact texts to score, effects from scores looked up by text, the
// deletion and random curves as specified, best windows and the cost estimate. A made-up additive
// "model" (each unit adds a known weight when present) makes every expected number computable by hand.
import { strict as assert } from 'node:assert';
import {
  curveArea,
  curvePairsBound,
  deletionOrder,
  estimateCost,
  faithfulness,
  planBasic,
  planCurves,
  planWindows,
  queryWithout,
  seededPermutation,
  segmentQueryWords,
  segmentSentences,
  sentenceEffects,
  termEffects,
  bestWindows,
  charsTokenCounter,
  measuredTokenCounter,
  windowBudget,
  describeEffect,
  effectScale,
  heatLevel,
} from '../../../src/core/explain';

const TEXT = 'Alpha one. Bravo two. Charlie three. Delta four. Echo five.';
const WEIGHTS: Record<string, number> = { Alpha: 3, Bravo: -1, Charlie: 5, Delta: 0.5, Echo: -2 };
/** Additive fake score: a constant plus the weight of each unit still in the text. */
const additive = (t: string): number => 0.25 + Object.entries(WEIGHTS).reduce((s, [w, v]) => s + (t.includes(w) ? v : 0), 0);

describe('explain: query words', () => {
  it('word-like segments with exact offsets; removal takes the following space (the preceding one for the last word)', () => {
    const q = 'why is  the pool exhausted?';
    const terms = segmentQueryWords(q);
    assert.deepEqual(terms.map((t) => t.text), ['why', 'is', 'the', 'pool', 'exhausted']);
    for (const t of terms) assert.equal(q.slice(t.start, t.end), t.text);
    assert.deepEqual(terms.map((t) => queryWithout(q, t)), ['is  the pool exhausted?', 'why the pool exhausted?', 'why is  pool exhausted?', 'why is  the exhausted?', 'why is  the pool ?']);
    const last = segmentQueryWords('pool exhausted');
    assert.equal(queryWithout('pool exhausted', last[1]), 'pool');
    assert.equal(queryWithout('pool exhausted', last[0]), 'exhausted');
  });

  it('empty query words: "", punctuation and emoji give no terms', () => {
    for (const q of ['', '   ', '?!', '🚀 …']) assert.deepEqual(segmentQueryWords(q), [], JSON.stringify(q));
    const plan = planBasic(TEXT, '?!', { terms: true });
    assert.deepEqual(plan.termQueries, []);
  });

  it('CJK queries split into words; a one-word query without it is empty', () => {
    const q = '连接池为什么耗尽';
    const terms = segmentQueryWords(q);
    assert.ok(terms.length >= 2);
    assert.equal(terms.map((t) => t.text).join(''), q);
    assert.equal(queryWithout('pool', segmentQueryWords('pool')[0]), '');
  });
});

describe('explain: basic plan and effects', () => {
  it('lists the full text then the text without each unit; effects are full minus without, looked up by text', () => {
    const plan = planBasic(TEXT, 'q', {});
    assert.equal(plan.sentences.length, 5);
    assert.equal(plan.chunkTexts.length, 6);
    assert.equal(plan.chunkTexts[0], TEXT);
    assert.equal(plan.chunkTexts[1], 'Bravo two. Charlie three. Delta four. Echo five.');
    assert.equal(plan.chunkTexts[5], 'Alpha one. Bravo two. Charlie three. Delta four. ');
    const effects = sentenceEffects(plan, additive);
    assert.deepEqual(effects.map((e) => e.effect), [3, -1, 5, 0.5, -2]);
    for (const e of effects) assert.equal(e.scoreWithout, additive(e.textWithout));
  });

  it('a 20-sentence chunk plans exactly 21 texts; duplicate sentences are scored once', () => {
    const text = Array.from({ length: 20 }, (_, i) => `Fact ${i} about pools.`).join(' ');
    assert.equal(planBasic(text, 'q').chunkTexts.length, 21);
    assert.equal(planBasic('Same. Same. Other.', 'q').chunkTexts.length, 3, 'removing either "Same." gives one text');
  });

  it('a one-sentence chunk: the text without it is empty; term effects use the modified query', () => {
    const plan = planBasic('Only one.', 'pool size', { terms: true });
    assert.deepEqual(plan.chunkTexts, ['Only one.', '']);
    assert.deepEqual(plan.termQueries, ['size', 'pool']);
    const effects = termEffects(plan, 10, (q) => q.length);
    assert.deepEqual(effects.map((e) => [e.queryWithout, e.effect]), [['size', 6], ['pool', 6]]);
  });
});

describe('explain: faithfulness curves', () => {
  it('deletion order is by effect, largest first, ties by index', () => {
    assert.deepEqual(deletionOrder([{ index: 0, effect: 1 }, { index: 1, effect: 3 }, { index: 2, effect: 1 }, { index: 3, effect: -2 }]), [1, 0, 2, 3]);
  });

  it('scores after each removal, the trapezoid area over [0,1] and the area difference', () => {
    const units = segmentSentences(TEXT);
    const plan = planBasic(TEXT, 'q');
    const effects = sentenceEffects(plan, additive);
    const f = faithfulness(TEXT, units, effects, 7, additive)!;
    // Deletion: Charlie(5), Alpha(3), Delta(0.5), Bravo(-1), Echo(-2). Full = 0.25 + 5.5 = 5.75.
    assert.deepEqual(f.deletion.order, [2, 0, 3, 1, 4]);
    assert.deepEqual(f.deletion.scores, [5.75, 0.75, -2.25, -2.75, -1.75, 0.25]);
    const trap = (s: number[]): number => s.slice(1).reduce((a, v, k) => a + (s[k] + v) / 2, 0) / (s.length - 1);
    assert.equal(f.deletion.area, trap(f.deletion.scores));
    assert.deepEqual(f.random.order, seededPermutation(5, 7));
    assert.equal(f.random.seed, 7);
    let s = 5.75;
    const expected = [s];
    for (const i of f.random.order) expected.push((s -= [3, -1, 5, 0.5, -2][i]));
    f.random.scores.forEach((v, k) => assert.ok(Math.abs(v - expected[k]) < 1e-12));
    assert.equal(f.random.scores[5], additive(''), 'the last step is the empty text');
    assert.equal(f.areaDifference, f.random.area - f.deletion.area);
    assert.ok(f.areaDifference > 0, 'for an additive model deletion falls fastest');
  });

  it('the seeded order is reproducible and a permutation; areas of tiny curves', () => {
    assert.deepEqual(seededPermutation(10, 3), seededPermutation(10, 3));
    assert.notDeepEqual(seededPermutation(10, 3), seededPermutation(10, 4));
    assert.deepEqual([...seededPermutation(10, 3)].sort((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
    assert.equal(curveArea([4, 2]), 3);
    assert.equal(curveArea([1, 1, 4]), 1.75);
  });

  it('curve step texts: at most 2N - 3 beyond the occlusions; none for one unit', () => {
    const text = Array.from({ length: 20 }, (_, i) => `Fact ${i} about pools.`).join(' ');
    const units = segmentSentences(text);
    const plan = planBasic(text, 'q');
    const effects = sentenceEffects(plan, (t) => t.length);
    const curves = planCurves(text, units, effects, 1);
    const occl = new Set(plan.chunkTexts);
    const extra = new Set(curves.texts.filter((t) => !occl.has(t)));
    assert.ok(extra.size <= curvePairsBound(20), `${extra.size} <= 37`);
    assert.equal(curvePairsBound(20), 37);
    assert.equal(planCurves('One.', segmentSentences('One.'), [{ index: 0, effect: 1 }]).texts.length, 0);
    assert.equal(faithfulness('One.', segmentSentences('One.'), [{ index: 0, effect: 1 }], 1, additive), undefined);
  });
});

describe('explain: best windows and cost', () => {
  const long = Array.from({ length: 10 }, (_, i) => `Sentence ${i} has exactly forty characters.`.slice(0, 39) + '.').join(' ');

  it('maximal windows that fit the budget, none when the text fits', () => {
    const units = segmentSentences(long);
    const count = charsTokenCounter(4); // 40 chars = 10 tokens; two units with the space = 21
    const w = planWindows(long, units, 31, count);
    assert.deepEqual(w.map((x) => [x.first, x.last]), [[0, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7], [6, 8], [7, 9]]);
    for (const x of w) {
      assert.equal(x.text, long.slice(x.start, x.end));
      assert.ok(count(x.text) <= 31);
    }
    assert.deepEqual(planWindows(long, units, 1000, count), []);
    assert.deepEqual(planWindows(long, units, 3, count).map((x) => [x.first, x.last]), units.map((_, i) => [i, i]), 'a unit over the budget is its own window');
  });

  it('the best window, and whether it lies past the truncation point', () => {
    const units = segmentSentences(long);
    const w = planWindows(long, units, 31, charsTokenCounter(4));
    const score = (t: string) => ({ score: t.includes('Sentence 7') ? 2 : 0, truncated: false });
    const b = bestWindows(w, 31, score, 200);
    assert.equal(b.best, 5, 'first window holding sentence 7');
    assert.equal(b.bestCutOff, true);
    assert.equal(bestWindows(w, 31, score, null).bestCutOff, false);
    assert.equal(windowBudget({ truncated: false, chunkTokens: 900, queryTokens: 5 }), null);
    assert.equal(windowBudget({ truncated: true, chunkTokens: 900, chunkTokensKept: 504, queryTokens: 5 }), 504);
    assert.equal(windowBudget({ truncated: true, chunkTokens: 900, queryTokens: 5 }, 512), 504);
    assert.equal(measuredTokenCounter('abcd', 2)('abc'), 2);
  });

  it('estimateCost: 21 for a 20-sentence chunk, terms per word, the curve bound, windows estimated', () => {
    const text = Array.from({ length: 20 }, (_, i) => `Fact ${i} about pools.`).join(' ');
    const basic = estimateCost([text], 'why is the pool exhausted');
    assert.deepEqual({ ...basic }, { sentences: 21, terms: 0, windows: 0, curve: 0, total: 21, chunks: 1, exact: true });
    const all = estimateCost([text, 'Short one.'], 'why is the pool exhausted', { terms: true, curve: true, windows: true });
    assert.equal(all.sentences, 23);
    assert.equal(all.terms, 10);
    assert.equal(all.curve, 37);
    assert.equal(all.windows, 0, 'both fit 512 tokens');
    assert.equal(all.total, 70);
    assert.equal(all.exact, false);
    assert.ok(estimateCost([long], 'q', { windows: true }, { maxLength: 40 }).windows > 0);
  });
});

describe('explain: heat scale and words', () => {
  it('one symmetric scale over sentences and words; words a screen reader can say', () => {
    const plan = planBasic(TEXT, 'q');
    const sentences = sentenceEffects(plan, additive);
    assert.equal(effectScale({ sentences }), 5);
    assert.equal(effectScale({ sentences, terms: [{ effect: -7 } as never] }), 7);
    assert.deepEqual(sentences.map((x) => heatLevel(x.effect, 5)), [0.6, -0.2, 1, 0.1, -0.4]);
    assert.equal(heatLevel(3, 0), 0);
    assert.equal(describeEffect(2.1), 'raises the score by 2.10');
    assert.equal(describeEffect(-0.4), 'lowers the score by 0.40');
    assert.equal(describeEffect(0.001), 'no effect');
  });
});
