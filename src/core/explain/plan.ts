// The basic explanation's plan: which exact texts to score, and effects from their scores.
//
//   planBasic(text, query, options) -> BasicPlan
//     chunkTexts:  unique chunk texts to score WITH THE ORIGINAL QUERY, the full text first, then the
//                  text without each unit (a 20-sentence chunk: 21 texts)
//     termQueries: unique queries without one word each, to score against THE FULL chunk text
//   sentenceEffects(plan, scoreOfText) / termEffects(plan, scoreOfQuery) -> effects
//
// Scores are looked up by the exact text (or query) that was scored, never by position, so an effect
// is by construction the full score minus the score of the very string shown as `textWithout`.
// Duplicate texts (two identical sentences) are listed once: the cost counts unique pairs.
import { segmentSentences } from './sentences';
import type { ExplainOptions, SentenceEffect, SentenceSpan, TermEffect, TermSpan } from './types';
import { queryWithout, segmentQueryWords } from './words';

export interface BasicPlan {
  text: string;
  query: string;
  sentences: SentenceSpan[];
  /** Empty when terms were not requested. */
  terms: TermSpan[];
  chunkTexts: string[];
  termQueries: string[];
}

/** The text with the tiles of `removed` units cut out (all removed: the empty string). */
export function textWithout(text: string, sentences: readonly SentenceSpan[], removed: ReadonlySet<number>): string {
  let out = '';
  for (const s of sentences) if (!removed.has(s.index)) out += text.slice(s.tileStart, s.tileEnd);
  return out;
}

/** Appends the strings not yet in `list` (order kept); returns how many were new. */
export function addUnique(list: string[], seen: Set<string>, texts: Iterable<string>): number {
  let added = 0;
  for (const t of texts) {
    if (seen.has(t)) continue;
    seen.add(t);
    list.push(t);
    added++;
  }
  return added;
}

export function planBasic(text: string, query: string, options: ExplainOptions = {}): BasicPlan {
  const sentences = segmentSentences(text, { ...(options.cap !== undefined ? { cap: options.cap } : {}), ...(options.locale ? { locale: options.locale } : {}) });
  const terms = options.terms ? segmentQueryWords(query, options.locale) : [];
  const chunkTexts: string[] = [];
  addUnique(chunkTexts, new Set(), [text, ...sentences.map((s) => textWithout(text, sentences, new Set([s.index])))]);
  const termQueries: string[] = [];
  addUnique(termQueries, new Set(), terms.map((t) => queryWithout(query, t)));
  return { text, query, sentences, terms, chunkTexts, termQueries };
}

export function sentenceEffects(plan: BasicPlan, scoreOfText: (chunkText: string) => number): SentenceEffect[] {
  const full = scoreOfText(plan.text);
  return plan.sentences.map((s) => {
    const without = textWithout(plan.text, plan.sentences, new Set([s.index]));
    const scoreWithout = scoreOfText(without);
    return { ...s, textWithout: without, scoreWithout, effect: full - scoreWithout };
  });
}

/** `fullScore` is the score of (query, full text); `scoreOfQuery` scores (modified query, full text). */
export function termEffects(plan: BasicPlan, fullScore: number, scoreOfQuery: (query: string) => number): TermEffect[] {
  return plan.terms.map((t) => {
    const q = queryWithout(plan.query, t);
    const scoreWithout = scoreOfQuery(q);
    return { ...t, queryWithout: q, scoreWithout, effect: fullScore - scoreWithout };
  });
}
