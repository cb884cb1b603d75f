// JSONL / NDJSON: one JSON value per line, each parsed on its own so one broken line costs only that
// line. Blank lines are skipped. Stack readers see the array of line values; paths into it start with
// the row index, which maps back to the row's own line in the file.
import type { Node } from 'jsonc-parser';
import type { Diagnostic } from '../types';
import { jsonLocator, parseJson, type Locator } from './json';
import { LineIndex } from './positions';
import { describePath } from './paths';

/** Broken lines reported one by one before the rest are summed up, so a binary file stays readable. */
const MAX_LINE_REPORTS = 20;

export interface JsonlParse {
  rows: unknown[];
  /** 0-based line (within the text) of each row. */
  rowLines: number[];
  /** Parse trees of each row, for locations and export. */
  trees: Node[];
  /** Offset of each row's line start within the text. */
  rowOffsets: number[];
  diagnostics: Diagnostic[];
  brokenLines: number;
  locator: Locator;
}

export function parseJsonl(text: string, opts: { file?: string; maxDepth?: number; lines?: LineIndex } = {}): JsonlParse {
  const lines = opts.lines ?? new LineIndex(text);
  const out: JsonlParse = { rows: [], rowLines: [], trees: [], rowOffsets: [], diagnostics: [], brokenLines: 0, locator: undefined as unknown as Locator };
  const fileName = opts.file ? ` of ${opts.file}` : '';
  for (let l = 0; l < lines.lineCount; l++) {
    const start = lines.lineStart(l);
    const lineText = text.slice(start, lines.lineEnd(l));
    if (lineText.trim() === '') continue;
    const parsed = parseJson(lineText, { file: opts.file, maxDepth: opts.maxDepth, lines, shift: start});
    if (!parsed.ok) {
      out.brokenLines++;
      if (out.brokenLines <= MAX_LINE_REPORTS) {
        for (const d of parsed.diagnostics) {
          out.diagnostics.push({ ...d, severity: 'warning', message: `Skipped line ${lines.base.line + l + 1}${fileName}: ${d.message}` });
        }
      }
      continue;
    }
    for (const w of parsed.warnings) out.diagnostics.push(w);
    out.rows.push(parsed.value);
    out.rowLines.push(l);
    out.trees.push(parsed.tree);
    out.rowOffsets.push(start);
  }
  if (out.brokenLines > MAX_LINE_REPORTS) {
    out.diagnostics.push({
      severity: 'warning',
      message: `Skipped ${out.brokenLines - MAX_LINE_REPORTS} more broken lines${fileName} (${out.brokenLines} in all).`,
      file: opts.file,
    });
  }
  const rowLocators = new Map<number, Locator>();
  const rowLocator = (i: number): Locator | undefined => {
    if (i < 0 || i >= out.trees.length) return undefined;
    let loc = rowLocators.get(i);
    if (!loc) {
      loc = jsonLocator(out.trees[i], lines, out.rowOffsets[i]);
      rowLocators.set(i, loc);
    }
    return loc;
  };
  out.locator = {
    rangeAt(path) {
      if (path.length === 0) return lines.range(0, text.length);
      const [i, ...rest] = path;
      return typeof i === 'number' ? rowLocator(i)?.rangeAt(rest) : undefined;
    },
    describe(path) {
      if (path.length === 0 || typeof path[0] !== 'number') return describePath(path);
      const [i, ...rest] = path;
      const line = out.rowLines[i as number];
      return line === undefined ? describePath(path) : `line ${lines.base.line + line + 1}: ${describePath(rest)}`;
    },
  };
  return out;
}

/** Does the text look like JSONL: at least two non-blank lines, each starting like a JSON value. */
export function looksLikeJsonl(text: string): boolean {
  let count = 0;
  for (const raw of text.split(/\r\n|\r|\n/, 200)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!/^[[{"]/.test(line)) return false;
    count++;
  }
  return count >= 2;
}
