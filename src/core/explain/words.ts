// Query words for term ablation: Intl.Segmenter word granularity, keeping word-like segments only
// (punctuation, spaces and emoji are not terms; CJK queries split into dictionary words).
//
//   segmentQueryWords(query, locale?) -> TermSpan[]      queryWithout(query, term) -> string
//
// Offsets are UTF-16 indexes into the query. A query with no word-like segment ("", "?!") has no terms.
import type { TermSpan } from './types';

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/u.test(ch);
}

export function segmentQueryWords(query: string, locale?: string): TermSpan[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
  const words: { start: number; end: number; text: string }[] = [];
  for (const s of segmenter.segment(query)) if (s.isWordLike) words.push({ start: s.index, end: s.index + s.segment.length, text: s.segment });
  return words.map((w, index) => {
    // The word and the whitespace after it; when nothing but the end follows, the whitespace before it,
    // so "pool exhausted" minus "exhausted" is "pool", not "pool ".
    let removeStart = w.start;
    let removeEnd = w.end;
    while (isSpace(query[removeEnd])) removeEnd++;
    if (removeEnd === w.end && removeEnd === query.length) while (removeStart > 0 && isSpace(query[removeStart - 1])) removeStart--;
    return { index, start: w.start, end: w.end, text: w.text, removeStart, removeEnd };
  });
}

export function queryWithout(query: string, term: TermSpan): string {
  return query.slice(0, term.removeStart) + query.slice(term.removeEnd);
}
