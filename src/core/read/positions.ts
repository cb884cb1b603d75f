// Offsets -> (line, column) for SourceRanges and Diagnostics. Columns count UTF-16 code units, which is
// what JavaScript string offsets already are and what vscode.Position uses. Line breaks are \n, \r\n
// and a lone \r, as in VS Code, so ranges line up with what the editor shows.
import type { SourceRange } from '../types';

/** Where a text starts inside a larger document (a selection inside an editor). All 0-based. */
export interface TextBase {
  line: number;
  column: number;
  offset: number;
}

export const ORIGIN: TextBase = { line: 0, column: 0, offset: 0 };

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string, readonly base: TextBase = ORIGIN) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line of `offset` within this text (not shifted by base). */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** End of a line's content (before its line break). */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Document position (base applied) of an offset in this text; 0-based line and column. */
  position(offset: number): { line: number; column: number; offset: number } {
    const l = this.lineOf(offset);
    const col = offset - this.starts[l];
    return {
      line: this.base.line + l,
      column: l === 0 ? this.base.column + col : col,
      offset: this.base.offset + offset,
    };
  }

  /** SourceRange in document coordinates for [start, end) of this text. */
  range(start: number, end: number): SourceRange {
    const a = this.position(start);
    const b = this.position(end);
    return {
      startLine: a.line,
      startColumn: a.column,
      endLine: b.line,
      endColumn: b.column,
      offset: a.offset,
      length: end - start,
    };
  }

  /** 1-based line and column for human-facing messages. */
  human(offset: number): { line: number; column: number } {
    const p = this.position(offset);
    return { line: p.line + 1, column: p.column + 1 };
  }
}

/** One line of a text: its 0-based number, its start offset and its text (as `map` gave it back). */
export interface NumberedLine {
  n: number;
  start: number;
  text: string;
}

/** The lines of `text` without the blank lines at both ends (the block a text table or record list is). */
export function trimmedLines(text: string, lines: LineIndex, map: (line: string) => string = (l) => l): NumberedLine[] {
  const all: NumberedLine[] = [];
  for (let n = 0; n < lines.lineCount; n++) all.push({ n, start: lines.lineStart(n), text: map(text.slice(lines.lineStart(n), lines.lineEnd(n))) });
  let a = 0;
  let b = all.length;
  while (a < b && all[a].text.trim() === '') a++;
  while (b > a && all[b - 1].text.trim() === '') b--;
  return all.slice(a, b);
}

