// Reading text that is not a file format: an editor selection, or a .txt file of chunks. JSON and JSONL
// bodies are read like files (after an optional `Query:` line); anything else is split by split.ts.
// Ranges are document positions: the selection's start (line, column, offset) is added.
import type { Diagnostic, PathOverrides, ReadResult, RetrievalSet } from '../types';
import { readJsonValue } from './detect';
import { jsonLocator, parseJson } from './json';
import { looksLikeJsonl, parseJsonl } from './jsonl';
import { LineIndex, type TextBase } from './positions';
import { leadingQuery, splitText } from './split';
import { looksLikeTsv, readTsv } from './tsv';
import { looksLikeCsv, readCsv } from './csv';
import { looksLikePipeTable, readPipeTable } from './pipeTable';
import { isHeaderRow } from './table';
import { looksLikePythonValue, readPythonText } from './python';
import type { JsonStackReader } from './readerContract';

export interface SelectionOptions {
  file?: string;
  /** 0-based document position of the selection start. */
  startLine: number;
  startColumn: number;
  /** UTF-16 document offset of the selection start (vscode: document.offsetAt(selection.start)).
   *  Without it, SourceRange.offset counts from the selection start; lines and columns are still exact. */
  startOffset?: number;
  overrides?: PathOverrides;
  maxDepth?: number;
  readers?: readonly JsonStackReader[];
}

const JSON_START = /^\s*[[{]/;
const NUMBERED_BRACKET = /^\s*\[\d{1,6}\]/;

function emptyResult(diag: Diagnostic): ReadResult {
  return { sets: [], diagnostics: [diag] };
}

/** Text of chunks (split by markers/paragraphs) or an embedded JSON/JSONL body. */
export function readLooseText(
  text: string,
  base: TextBase,
  opts: { file?: string; overrides?: PathOverrides; maxDepth?: number; readers?: readonly JsonStackReader[]; what: 'selection' | 'file'; formatPrefix: string },
): ReadResult {
  const file = opts.file;
  const lines = new LineIndex(text, base);
  // The query line first: a JSON body after it is read whole, without trying the text splits.
  const lead = leadingQuery(text);
  const querySource = lead.query ? lines.range(lead.query.start, lead.query.end) : undefined;
  const body = text.slice(lead.bodyStart);
  const bodyTrimStart = lead.bodyStart + (body.length - body.trimStart().length);
  if (JSON_START.test(body) && !NUMBERED_BRACKET.test(body)) {
    const jsonText = text.slice(bodyTrimStart);
    const parsed = parseJson(jsonText, { file, maxDepth: opts.maxDepth, lines, shift: bodyTrimStart });
    let outcome: ReturnType<typeof readJsonValue>;
    const diagnostics: Diagnostic[] = [];
    if (parsed.ok) {
      diagnostics.push(...parsed.warnings);
      outcome = readJsonValue(parsed.value, jsonLocator(parsed.tree, lines, bodyTrimStart), { file, overrides: opts.overrides, readers: opts.readers });
    } else if (looksLikeJsonl(jsonText)) {
      const jl = parseJsonl(jsonText, { file, maxDepth: opts.maxDepth, lines: new LineIndex(jsonText, lines.position(bodyTrimStart)) });
      diagnostics.push(...jl.diagnostics);
      if (jl.rows.length === 0) return { sets: [], diagnostics: [...diagnostics, { severity: 'error', message: `No line of the ${opts.what} is valid JSON.`, file, line: base.line + 1, column: base.column + 1 }] };
      outcome = readJsonValue(jl.rows, jl.locator, { file, overrides: opts.overrides, readers: opts.readers });
    } else {
      const py = readPythonText(jsonText, { file, overrides: opts.overrides, readers: opts.readers, lines, shift: bodyTrimStart });
      if (!py) return { sets: [], diagnostics: parsed.diagnostics };
      outcome = { sets: py.sets, diagnostics: py.diagnostics, format: py.format, candidates: py.candidates };
    }
    if (lead.query) {
      for (const s of outcome.sets) {
        if (s.query === undefined) {
          s.query = lead.query.text;
          s.querySource = querySource;
        }
      }
    }
    return { sets: outcome.sets, diagnostics: [...diagnostics, ...outcome.diagnostics], format: outcome.format, candidates: outcome.candidates };
  }
  // A printed Python value that starts with a call (Document(...), NodeWithScore(...)).
  if (looksLikePythonValue(body)) {
    const pyText = text.slice(bodyTrimStart);
    const py = readPythonText(pyText, { file, overrides: opts.overrides, readers: opts.readers, lines, shift: bodyTrimStart });
    if (py) {
      if (lead.query) {
        for (const s of py.sets) {
          if (s.query === undefined) {
            s.query = lead.query.text;
            s.querySource = querySource;
          }
        }
      }
      return py;
    }
  }
  // psql's header starts with spaces that line it up with its rule: a drawn table starts at its line.
  const pipeStart = Math.max(lead.bodyStart, lines.lineStart(lines.lineOf(bodyTrimStart)));
  const pipe = looksLikePipeTable(text.slice(pipeStart));
  if (opts.what === 'selection' || pipe) {
    // A selected table (psql output, a CSV or TSV with a header) reads like the file it came from; so
    // does a drawn table under a `Query:` line in a file.
    const start = pipe ? pipeStart : bodyTrimStart;
    const tableText = text.slice(start);
    // Only with a header: tab-indented lists and prose keep being split into chunks.
    const head = tableText.split(/\r\n|\r|\n/, 3);
    const tsv = !pipe && looksLikeTsv(tableText) && isHeaderRow(head[0].split('\t'), head.filter((l) => l.trim() !== '').length);
    if (tsv || pipe || looksLikeCsv(tableText)) {
      const at = { file, lines: new LineIndex(tableText, lines.position(start)), originLineShift: lines.lineOf(start) };
      const t = tsv ? readTsv(tableText, at) : pipe ? readPipeTable(tableText, at) : readCsv(tableText, at);
      if (lead.query) {
        for (const s of t.sets) {
          if (s.query === undefined) {
            s.query = lead.query.text;
            s.querySource = querySource;
          }
        }
      }
      return { sets: t.sets, diagnostics: t.diagnostics, format: t.format };
    }
  }
  const split = splitText(text);
  const diagnostics: Diagnostic[] = [];
  if (split.chunks.length === 0) {
    const at = lines.human(split.bodyStart);
    return emptyResult({
      severity: 'error',
      message: `No chunk text after the query line in the ${opts.what}${file ? ` (${file})` : ''}.`,
      hint: 'Select the query line together with the retrieved chunks below it.',
      file, line: at.line, column: at.column,
    });
  }
  if (split.style === 'single') {
    diagnostics.push({
      severity: 'info',
      message: `Read the ${opts.what} as one chunk: found no numbered list, bullets, "Document N:" headers, --- separators or blank lines between chunks.`,
      hint: 'Separate chunks with blank lines (or number them) to rerank several.',
      file,
    });
  }
  const format = `${opts.formatPrefix}-${split.style}`;
  const set: RetrievalSet = {
    format,
    chunks: split.chunks.map((c, i) => ({
      id: `#${i + 1}`, text: c.text, originalRank: i + 1, scoreKind: 'unknown', metadata: {}, source: lines.range(c.start, c.end),
    })),
  };
  if (split.query) {
    set.query = split.query.text;
    set.querySource = lines.range(split.query.start, split.query.end);
  }
  if (split.skipped) {
    const from = lines.human(split.skipped.start);
    const to = lines.human(split.skipped.end);
    diagnostics.push({
      severity: 'info',
      message: `Skipped the text above the ${split.style === 'headers' ? 'chunk headers' : split.style === 'numbered' ? 'numbered list' : 'bulleted list'} (lines ${from.line}-${Math.max(from.line, to.line - 1)}): it reads as a title and notes, not as chunks.`,
      hint: 'Select only the chunks (and an optional "Query:" line) to rerank exactly what you selected.',
      file, line: from.line, column: from.column,
    });
  }
  return { sets: [set], diagnostics, format };
}

export function readSelectionText(text: string, opts: SelectionOptions): ReadResult {
  const base: TextBase = { line: opts.startLine, column: opts.startColumn, offset: opts.startOffset ?? 0 };
  if (text.trim() === '') {
    return emptyResult({
      severity: 'error',
      message: `The selection${opts.file ? ` in ${opts.file}` : ''} is empty.`,
      hint: 'Select the retrieved chunks (or a JSON/JSONL retrieval result), optionally with a "Query: ..." line first.',
      file: opts.file, line: opts.startLine + 1, column: opts.startColumn + 1,
    });
  }
  return readLooseText(text, base, { ...opts, what: 'selection', formatPrefix: 'selection' });
}
