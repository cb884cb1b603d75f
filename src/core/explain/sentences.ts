// Sentence units of a chunk for occlusion: the platform's Intl.Segmenter (ICU sentence breaks, so CJK
// 。！？ and newlines split too), then three repairs ICU lacks, then a cap.
//
//   segmentSentences(text, { cap, locale }) -> SentenceSpan[]
//
// Guarantees (tested): the units' tiles [tileStart, tileEnd) cover the text exactly, in order, with no
// gap or overlap (concatenating the tiles gives the text back); `start`/`end` is the tile without its
// leading and trailing whitespace (what a heat map highlights); offsets are UTF-16 code-unit indexes
// into the ORIGINAL string (Intl.Segmenter reports them so, surrogate pairs and emoji stay whole).
// An empty or whitespace-only text has no units.
//
// Repairs: (1) a segment that is only whitespace (a blank line) joins the unit before it; (2) ICU
// breaks after common abbreviations followed by a capital ("Dr. Smith", "e.g. Paris"), so a segment
// ending in one of ABBREVIATIONS or in a single-letter initial ("J. Smith") joins the next one;
// (3) more than `cap` units are merged into at most `cap` contiguous groups of similar length.
import type { SentenceSpan } from './types';

/** Default cap on units per chunk: 48 occlusions plus the full pair stay one or two engine batches. */
export const DEFAULT_SENTENCE_CAP = 48;

/** Lower-case abbreviations (without the final dot) after which a capital does not start a sentence.
 *  Left out on purpose: words that often end a sentence (etc, inc, ltd, co, jr). */
const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'prof', 'sr', 'st', 'mt', 'vs', 'cf', 'e.g', 'i.e', 'eg', 'ie', 'approx', 'no', 'nos', 'fig', 'figs',
  'eq', 'eqs', 'vol', 'pp', 'p', 'al', 'gen', 'col', 'lt', 'sgt', 'capt', 'rev', 'hon', 'dept', 'est', 'ca', 'sec', 'ch',
]);

export interface SentenceOptions {
  /** At most this many units (default 48); more Segmenter sentences are merged. Minimum 1. */
  cap?: number;
  /** BCP 47 locale for Intl.Segmenter (default: the platform's). */
  locale?: string;
}

interface Tile {
  start: number;
  end: number;
  /** Segmenter sentences this tile holds. */
  count: number;
}

function endsWithAbbreviation(segment: string): boolean {
  // A line break after it ends the unit anyway ("Ask the Dr.\n\nNext paragraph.").
  const m = /(?:^|[\s("'\[])([\p{L}.]+)\.[^\S\n\r\u2028\u2029]*$/u.exec(segment);
  if (!m) return false;
  const word = m[1];
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "J. Smith"
  return ABBREVIATIONS.has(word.toLowerCase());
}

function rawTiles(text: string, locale: string | undefined): Tile[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const tiles: Tile[] = [];
  for (const s of segmenter.segment(text)) tiles.push({ start: s.index, end: s.index + s.segment.length, count: 1 });
  return tiles;
}

function repair(text: string, tiles: Tile[]): Tile[] {
  const out: Tile[] = [];
  let joinNext = false;
  for (const t of tiles) {
    const blank = text.slice(t.start, t.end).trim() === '';
    const prev = out[out.length - 1];
    if (prev && (blank || joinNext)) {
      prev.end = t.end;
      prev.count += blank ? 0 : t.count;
    } else {
      out.push({ ...t, count: blank ? 0 : t.count });
    }
    if (!blank) joinNext = endsWithAbbreviation(text.slice(t.start, t.end));
  }
  // A leading blank tile (text starting with a blank line) joins the first real unit.
  if (out.length > 1 && out[0].count === 0) {
    out[1].start = out[0].start;
    out.shift();
  }
  return out.filter((t) => t.count > 0);
}

/** Contiguous groups of similar length: a tile goes to group floor(midpoint / length * cap). */
function capTiles(tiles: Tile[], cap: number): Tile[] {
  if (tiles.length <= cap) return tiles;
  const first = tiles[0].start;
  const total = tiles[tiles.length - 1].end - first;
  const out: Tile[] = [];
  let group = -1;
  for (const t of tiles) {
    const g = Math.min(cap - 1, Math.floor((((t.start + t.end) / 2 - first) / total) * cap));
    if (g !== group || out.length === 0) {
      out.push({ ...t });
      group = g;
    } else {
      const last = out[out.length - 1];
      last.end = t.end;
      last.count += t.count;
    }
  }
  return out;
}

export function segmentSentences(text: string, options: SentenceOptions = {}): SentenceSpan[] {
  if (text.trim() === '') return [];
  const cap = Math.max(1, Math.floor(options.cap ?? DEFAULT_SENTENCE_CAP));
  const tiles = capTiles(repair(text, rawTiles(text, options.locale)), cap);
  // The first tile starts at 0 and the last ends at text.length (Segmenter tiles the whole string).
  return tiles.map((t, index) => {
    const body = text.slice(t.start, t.end);
    const lead = body.length - body.trimStart().length;
    const trail = body.length - body.trimEnd().length;
    return { index, start: t.start + lead, end: t.end - trail, tileStart: t.start, tileEnd: t.end, merged: t.count };
  });
}
