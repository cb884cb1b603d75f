// Splitting plain text (an editor selection, a .txt file) into chunks. Styles, most explicit first:
//   headers     `Document 1:` / `Chunk 2.` / `Passage 3 -` / `## Context 4` (same word each time)
//   numbered    `1.` / `1)` / `[1]` (same style, numbers counting up by one; other lines continue an item)
//   bullets     `-` / `*` / `+` / `•` (same bullet at the same indent)
//   separators  lines of `---`, `***`, `___` or `===`
//   paragraphs  blank lines
// A style is used only if the text starts with its marker and yields at least two chunks. A leading
// `Query:` / `Q:` / `Question:` line is the query. Chunk texts are exact slices of the input (marker
// removed, surrounding whitespace trimmed), so `start`/`end` always slice the input to the chunk text.
import { LineIndex } from './positions';

export type SplitStyle = 'headers' | 'numbered' | 'bullets' | 'separators' | 'paragraphs' | 'single';

export interface Span {
  start: number;
  end: number;
  text: string;
}

export interface TextSplit {
  style: SplitStyle;
  chunks: Span[];
  query?: Span;
  /** Offset where the body (after the query line) starts. */
  bodyStart: number;
  /** Text before a marked list that was skipped (a title and notes above `Query:` and the list). */
  skipped?: { start: number; end: number };
}

const QUERY_LINE = /^[ \t]*(?:query|question|q)[ \t]*:[ \t]*/i;
const HEADER = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(document|doc|chunk|passage|context|source|result)[ \t]*#?[ \t]*(\d{1,6})[ \t]*(?:\*\*)?[ \t]*[:.)\]-]?[ \t]*(?:\*\*)?/i;
const NUMBERED = /^[ \t]*(?:(\d{1,6})([.)])[ \t]+|\[(\d{1,6})\][ \t]*)/;
const BULLET = /^([ \t]*)([-*+•])[ \t]+/;
const SEPARATOR = /^[ \t]*(?:-{3,}|\*{3,}|_{3,}|={3,})[ \t]*$/;

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(text: string, from: number): Line[] {
  const idx = new LineIndex(text);
  const out: Line[] = [];
  for (let l = idx.lineOf(from); l < idx.lineCount; l++) {
    const start = Math.max(idx.lineStart(l), from);
    const end = idx.lineEnd(l);
    out.push({ start, end, text: text.slice(start, end) });
  }
  return out;
}

const isBlank = (s: string) => s.trim() === '';

/** Start of the line holding `offset`, not looking before `floor` (a bounded scan: lastIndexOf of a
 *  character the text lacks would scan to the start every time and make splitting quadratic). */
export function lineStartBefore(text: string, offset: number, floor = 0): number {
  let i = offset;
  while (i > floor) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}
const isWs = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Trims whitespace and trailing/leading separator lines off [start, end); undefined when nothing is left. */
function clean(text: string, start: number, end: number): Span | undefined {
  for (;;) {
    while (start < end && isWs(text[start])) start++;
    while (end > start && isWs(text[end - 1])) end--;
    if (start >= end) return undefined;
    const lastLineStart = lineStartBefore(text, end, start);
    if (SEPARATOR.test(text.slice(lastLineStart, end))) {
      end = lastLineStart;
      continue;
    }
    const firstBreak = text.slice(start, end).search(/[\r\n]/);
    const firstLineEnd = firstBreak >= 0 ? start + firstBreak : end;
    if (SEPARATOR.test(text.slice(start, firstLineEnd))) {
      start = firstLineEnd;
      continue;
    }
    return { start, end, text: text.slice(start, end) };
  }
}

/** Chunks from marker lines: each chunk runs from after its marker to the next marker. */
function fromMarkers(text: string, body: Line[], markers: { line: number; contentStart: number }[], bodyEnd: number): Span[] {
  const out: Span[] = [];
  markers.forEach((m, i) => {
    const end = i + 1 < markers.length ? body[markers[i + 1].line].start : bodyEnd;
    const span = clean(text, m.contentStart, end);
    if (span) out.push(span);
  });
  return out;
}

function firstContentLine(body: Line[]): number {
  return body.findIndex((l) => !isBlank(l.text));
}

function splitHeaders(text: string, body: Line[], bodyEnd: number): Span[] | undefined {
  const first = firstContentLine(body);
  const m0 = first >= 0 ? HEADER.exec(body[first].text) : null;
  if (!m0) return undefined;
  const word = m0[1].toLowerCase();
  const markers: { line: number; contentStart: number }[] = [];
  body.forEach((l, i) => {
    const m = HEADER.exec(l.text);
    if (m && m[1].toLowerCase() === word) markers.push({ line: i, contentStart: l.start + m[0].length });
  });
  const chunks = fromMarkers(text, body, markers, bodyEnd);
  return markers.length >= 2 && chunks.length >= 2 ? chunks : undefined;
}

function splitNumbered(text: string, body: Line[], bodyEnd: number): Span[] | undefined {
  const first = firstContentLine(body);
  const m0 = first >= 0 ? NUMBERED.exec(body[first].text) : null;
  if (!m0) return undefined;
  const style = m0[3] !== undefined ? '[]' : m0[2];
  let next = Number(m0[1] ?? m0[3]);
  const markers: { line: number; contentStart: number }[] = [];
  for (let i = first; i < body.length; i++) {
    const m = NUMBERED.exec(body[i].text);
    if (!m) continue;
    const s = m[3] !== undefined ? '[]' : m[2];
    const n = Number(m[1] ?? m[3]);
    if (s !== style || n !== next) continue; // "1999. was a year" inside an item is text, not an item
    markers.push({ line: i, contentStart: body[i].start + m[0].length });
    next++;
  }
  const chunks = fromMarkers(text, body, markers, bodyEnd);
  return markers.length >= 2 && chunks.length >= 2 ? chunks : undefined;
}

function splitBullets(text: string, body: Line[], bodyEnd: number): Span[] | undefined {
  const first = firstContentLine(body);
  const m0 = first >= 0 ? BULLET.exec(body[first].text) : null;
  if (!m0 || SEPARATOR.test(body[first].text)) return undefined;
  const markers: { line: number; contentStart: number }[] = [];
  for (let i = first; i < body.length; i++) {
    const m = BULLET.exec(body[i].text);
    if (m && m[1] === m0[1] && m[2] === m0[2] && !SEPARATOR.test(body[i].text)) markers.push({ line: i, contentStart: body[i].start + m[0].length });
  }
  const chunks = fromMarkers(text, body, markers, bodyEnd);
  return markers.length >= 2 && chunks.length >= 2 ? chunks : undefined;
}

/** Segments between boundary lines (separators or blank lines). */
function splitAt(text: string, body: Line[], bodyEnd: number, isBoundary: (l: Line) => boolean): { chunks: Span[]; boundaries: number } {
  const chunks: Span[] = [];
  let boundaries = 0;
  let segStart = body.length > 0 ? body[0].start : bodyEnd;
  for (const l of body) {
    if (!isBoundary(l)) continue;
    boundaries++;
    const span = clean(text, segStart, l.start);
    if (span) chunks.push(span);
    segStart = l.end;
  }
  const last = clean(text, segStart, bodyEnd);
  if (last) chunks.push(last);
  return { chunks, boundaries };
}

function splitParagraphs(text: string, body: Line[], bodyEnd: number): Span[] {
  return splitAt(text, body, bodyEnd, (l) => isBlank(l.text)).chunks;
}

/** A marker split is not what the text "clearly uses" when blank-line paragraphs start with plain text. */
function paragraphsDisagree(text: string, body: Line[], bodyEnd: number, marker: RegExp): boolean {
  const paras = splitParagraphs(text, body, bodyEnd);
  return paras.length >= 2 && paras.some((p) => !marker.test(p.text) && !/^[ \t]/.test(text.slice(lineStartBefore(text, p.start), p.start + 1)));
}

/** A leading `Query:` / `Q:` / `Question:` line (the first non-blank line from `from`), and where the body starts. */
export function leadingQuery(text: string, from = 0): { query?: Span; bodyStart: number } {
  const m0 = /^(?:[ \t]*(?:\r\n|\r|\n))*/.exec(text.slice(from))!;
  const lineStart = from + m0[0].length;
  const rest = text.slice(lineStart);
  const lineLen = rest.search(/[\r\n]/);
  const lineEnd = lineStart + (lineLen < 0 ? rest.length : lineLen);
  const m = QUERY_LINE.exec(text.slice(lineStart, lineEnd));
  if (!m) return { bodyStart: from };
  const q = clean(text, lineStart + m[0].length, lineEnd);
  return q ? { query: q, bodyStart: lineEnd } : { bodyStart: from };
}

/** A list style that marks each chunk explicitly, as opposed to blank lines or nothing. */
const MARKED: ReadonlySet<SplitStyle> = new Set(['headers', 'numbered', 'bullets']);
/** How many paragraphs of title and notes may stand before a marked list (a whole-file selection). */
const MAX_SKIPPED_PARAGRAPHS = 4;

function splitFrom(text: string, from: number): TextSplit {
  const { query, bodyStart } = leadingQuery(text, from);
  const body = linesOf(text, bodyStart).filter((l) => l.start >= bodyStart);
  const bodyEnd = text.length;
  const result = (style: SplitStyle, chunks: Span[]): TextSplit => ({ style, chunks, query, bodyStart });
  const headers = splitHeaders(text, body, bodyEnd);
  if (headers) return result('headers', headers);
  const numbered = splitNumbered(text, body, bodyEnd);
  if (numbered && !paragraphsDisagree(text, body, bodyEnd, NUMBERED)) return result('numbered', numbered);
  const bullets = splitBullets(text, body, bodyEnd);
  if (bullets && !paragraphsDisagree(text, body, bodyEnd, BULLET)) return result('bullets', bullets);
  const seps = splitAt(text, body, bodyEnd, (l) => SEPARATOR.test(l.text));
  if (seps.boundaries >= 1 && seps.chunks.length >= 2) return result('separators', seps.chunks);
  const paras = splitParagraphs(text, body, bodyEnd);
  if (paras.length >= 2) return result('paragraphs', paras);
  const whole = clean(text, bodyStart, bodyEnd);
  return result('single', whole ? [whole] : []);
}

export function splitText(text: string): TextSplit {
  const direct = splitFrom(text, 0);
  if (MARKED.has(direct.style) || direct.style === 'separators') return direct;
  // A whole-document selection (Ctrl+A on a notes file): a title and a few paragraphs of notes, then
  // the `Query:` line and a marked list. Reading it by paragraphs would make the whole list one
  // chunk; instead skip the leading paragraphs when the rest is a marked list of 3 or more items.
  const body = linesOf(text, direct.bodyStart);
  let paragraphsSkipped = 0;
  for (let i = 1; i < body.length && paragraphsSkipped < MAX_SKIPPED_PARAGRAPHS; i++) {
    if (!(isBlank(body[i - 1].text) && !isBlank(body[i].text))) continue;
    paragraphsSkipped++;
    const later = splitFrom(text, body[i].start);
    if (MARKED.has(later.style) && later.chunks.length >= 3) {
      // A query above the skipped notes still counts when the list has none of its own.
      const query = later.query ?? direct.query;
      return { ...later, query, skipped: { start: direct.bodyStart, end: body[i].start } };
    }
  }
  return direct;
}
