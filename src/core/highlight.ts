// Where the query's terms occur in a chunk, for highlighting. Pure; ranges are UTF-16 offsets into the
// chunk text, [start, end) sorted and merged, so the webview can wrap them in <mark> as text nodes.

export type HighlightRange = [start: number, end: number];

// Function words carry no signal about relevance and would light up every chunk.
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this those to was we were ' +
    'what when where which who whom why will with would you your about after all also any before between both ' +
    'each few he her here him his more most much must nor only other over own same she should some such too ' +
    'under until up very via vs'
  ).split(' '),
);

/** A run of letters, marks and digits, optionally joined by apostrophes (don't, user's, l'eau). */
const WORD = /[\p{L}\p{M}\p{N}]+(?:['\u2019][\p{L}\p{M}\p{N}]+)*/gu;
/** Scripts written without spaces between words: their terms match as substrings. */
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30FC]+$/u;

/** Case- and form-insensitive key: NFKC (full-width, ligatures), lower case, ß = ss, final sigma = sigma,
 *  and an English possessive 's dropped so "user's" matches "user". */
export function foldTerm(word: string): string {
  return word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ')
    .replace(/['\u2019]s$/u, '');
}

/** The query's searchable terms (folded, deduplicated, stopwords and single letters removed). */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const m of query.matchAll(WORD)) {
    const t = foldTerm(m[0]);
    if (!t || STOPWORDS.has(t)) continue;
    if ([...t].length < 2 && !/\p{N}/u.test(t) && !UNSPACED.test(t)) continue;
    terms.add(t);
  }
  return [...terms];
}

/** Sorts and merges ranges that overlap or touch. */
export function mergeRanges(ranges: HighlightRange[]): HighlightRange[] {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: HighlightRange[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Ranges of `text` that match a query term: whole words elsewhere, substrings in unspaced scripts. */
export function highlightRanges(text: string, query: string): HighlightRange[] {
  const terms = queryTerms(query);
  if (terms.length === 0 || text.length === 0) return [];
  const wordTerms = new Set(terms.filter((t) => !UNSPACED.test(t)));
  const substringTerms = terms.filter((t) => UNSPACED.test(t));
  const ranges: HighlightRange[] = [];
  if (wordTerms.size > 0) {
    for (const m of text.matchAll(WORD)) {
      if (wordTerms.has(foldTerm(m[0]))) ranges.push([m.index!, m.index! + m[0].length]);
    }
  }
  if (substringTerms.length > 0) {
    // NFKC keeps these scripts' lengths (no case either), so offsets into `text` stay valid as long as
    // we search the original text; full-width forms are not a concern in Han/Kana.
    for (const t of substringTerms) {
      for (let at = text.indexOf(t); at !== -1; at = text.indexOf(t, at + 1)) ranges.push([at, at + t.length]);
    }
  }
  return mergeRanges(ranges);
}
