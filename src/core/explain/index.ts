// "Why did this chunk score that?": faithful local explanations computed with the reranker itself.
// Pure (no Node APIs, no vscode): the plan lists the exact texts to score; whoever scores them
// (src/session/explain.ts through a Scorer) hands the scores back by text and gets effects.
//
// Pipeline for one chunk and query, and what each step costs in pairs (unique texts):
//   1. segmentSentences(text)            units: Intl.Segmenter sentences, repaired, at most `cap` (48)
//      segmentQueryWords(query)          words: Intl.Segmenter word-like segments
//   2. planBasic(text, query, opts)      chunkTexts = full + text without each unit    -> 1 + N pairs
//                                         termQueries = query without each word        -> T pairs
//      (the basic explanation is sentences only: a 20-sentence chunk costs exactly 21 pairs, one call;
//       terms need one call per modified query because a score call has one query)
//   3. sentenceEffects / termEffects     effect = full score - score without the unit
//   4. planCurves (needs the effects)    deletion + seeded random orders              -> <= 2N - 3 more
//      planWindows (needs the full pair's truncation)                                  -> <= N more
//      faithfulness / bestWindows        curves, areas, area difference, best window
//   estimateCost(texts, query, opts)     the count above before scoring, for a confirm prompt
//   effectScale / heatLevel / describeEffect   colour scale and screen-reader words for the view
//
// Offsets are UTF-16 indexes into the chunk text or query (String.prototype.slice); see types.ts.
export * from './types';
export { DEFAULT_SENTENCE_CAP, segmentSentences, type SentenceOptions } from './sentences';
export { queryWithout, segmentQueryWords } from './words';
export { addUnique, planBasic, sentenceEffects, termEffects, textWithout, type BasicPlan } from './plan';
export { curveArea, curveOf, DEFAULT_SEED, deletionOrder, faithfulness, planCurves, stepTexts, type CurvePlan } from './curve';
export { bestWindows, charsTokenCounter, measuredTokenCounter, planWindows, windowBudget, type FullPairFacts, type WindowSpan } from './windows';
export { curvePairsBound, estimateCost, type CostContext, type CostEstimate } from './cost';
export { seededPermutation } from './random';
export { describeEffect, effectScale, heatLevel } from './heat';
