// The reader's front door (pure: no fs, no vscode). Text, bytes or an editor selection in; normalized
// RetrievalSets plus diagnostics out. Nothing here throws: every failure is a Diagnostic naming the
// file, line and column (or JSON path) and what was expected.
//
// Routing: ReadOptions.kind, else the file extension, else the first character ({ or [ -> JSON, falling
// back to JSONL when the JSON ends after the first line's value); tables are TREC runs, qrels, psql /
// Markdown / mysql / sqlite3 / DuckDB tables drawn with | or box characters, or aligned with spaces
// (./pipeTable.ts), records printed one field per line (mysql \G, psql \x, sqlite3 .mode line:
// ./records.ts), TSV, CSV (.csv, or a header of identifiers), or plain text split into chunks.
//
// Using it (CLI and extension):
//   file or BEIR folder   readPath(fsPath, { file: label, maxBytes, overrides })      (src/node/read/readPath.ts)
//   stdin / editor text   readText(text, { file: label, kind?, maxBytes, overrides })
//   editor selection      readSelection(text, { file, startLine, startColumn, startOffset, overrides })
//   --text-path etc.      overrides: { textPath, queryPath, idPath, scorePath } (syntax $.a[*].b)
//   several queries       result.sets: one RetrievalSet per query (--query-index picks one)
//   unrecognised shape    result.candidates: text paths to offer; diagnostics say "pick a text path"
//   export                exportReranked({ text, result }, rankedSets, 'same' | 'cohere')  (../export/)
// A result is usable when it has sets with chunks; diagnostics then describe what was skipped.
import type { Diagnostic, PathOverrides, ReadResult } from '../types';
import { beirFilesFrom, readBeir, type BeirFiles } from './beir';
import { decodeBytes, DEFAULT_MAX_BYTES, sizeLimitDiagnostic } from './bytes';
import { readJsonValue } from './detect';
import { jsonLocator, parseJson } from './json';
import { looksLikeJsonl, parseJsonl } from './jsonl';
import { looksLikeQrels } from './labels';
import { ORIGIN } from './positions';
import { errorResult, failedResult, internalErrorResult } from './result';
import { readLooseText, readSelectionText, type SelectionOptions } from './selection';
import type { JsonStackReader } from './readerContract';
import { looksLikeTrecRun } from './trec';
import { looksLikeTsv, readTsv } from './tsv';
import { looksLikeCsv, readCsv } from './csv';
import { looksLikePipeTable, readPipeTable } from './pipeTable';
import { looksLikeRecordBlocks, readRecordBlocks } from './records';
import { readPythonText } from './python';

export type InputKind = 'json' | 'jsonl' | 'tsv' | 'csv' | 'auto';

export interface ReadOptions {
  file?: string;
  kind?: InputKind;
  overrides?: PathOverrides;
  /** Inputs larger than this are refused with a message (default 50 MB). */
  maxBytes?: number;
  /** Sibling files by name (relative like `qrels/test.tsv`, or absolute): a TREC run's corpus.jsonl,
   *  queries.jsonl and qrels. readPath fills this from disk. */
  extraFiles?: Record<string, string>;
  /** JSON nesting limit (default 64). */
  maxDepth?: number;
  /** Backslashes in TSV: 'copy' decodes PostgreSQL COPY text escapes (\n, \t, \\, octal, hex), 'literal'
   *  keeps them; default: decided from the file (a \N cell or a \. line marks a COPY export). */
  backslashes?: 'copy' | 'literal';
  /** Stack readers to choose from (default: all of ./stacks). */
  readers?: readonly JsonStackReader[];
}

export { DEFAULT_MAX_BYTES } from './bytes';
export { DEFAULT_MAX_DEPTH } from './json';
export type { SelectionOptions } from './selection';

function extensionOf(file: string | undefined): string {
  const m = file ? /\.([A-Za-z0-9]+)$/.exec(file) : null;
  return m ? m[1].toLowerCase() : '';
}

function baseName(file: string | undefined): string {
  return file ? (file.split(/[\\/]/).pop() ?? file) : '';
}

function kindFor(text: string, opts: ReadOptions): InputKind {
  if (opts.kind && opts.kind !== 'auto') return opts.kind;
  const ext = extensionOf(opts.file);
  if (ext === 'json') return 'json';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv') return 'csv';
  if (['tsv', 'txt', 'trec', 'run', 'qrels', 'tab', 'md', 'markdown'].includes(ext)) return 'tsv';
  return /^\s*[[{]/.test(text) ? 'json' : 'tsv';
}

/** UTF-8 size of a string without allocating it. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function withFormat(r: { sets: ReadResult['sets']; diagnostics: Diagnostic[]; format?: string; candidates?: ReadResult['candidates'] }, pre: Diagnostic[]): ReadResult {
  const out: ReadResult = { sets: r.sets, diagnostics: [...pre, ...r.diagnostics] };
  if (r.format) out.format = r.format;
  if (r.candidates && r.candidates.length > 0) out.candidates = r.candidates;
  return out;
}

function readJsonText(text: string, opts: ReadOptions, pre: Diagnostic[]): ReadResult {
  const file = opts.file;
  const parsed = parseJson(text, { file, maxDepth: opts.maxDepth });
  if (!parsed.ok) {
    if (looksLikeJsonl(text)) {
      const r = readJsonlText(text, opts, pre);
      if (r.sets.length > 0) {
        r.diagnostics.unshift({ severity: 'info', message: `${file ?? 'The input'} holds one JSON value per line: read it as JSONL.`, file });
        return r;
      }
      // Not JSONL either: the JSON error (with its line and column) is the one that helps.
    }
    // A printed Python value (a notebook or log paste): read when it is one, else the JSON error stands.
    const py = readPythonText(text, { file, overrides: opts.overrides, readers: opts.readers });
    if (py) return withFormat(py, pre);
    return failedResult([...pre, ...parsed.diagnostics]);
  }
  const outcome = readJsonValue(parsed.value, jsonLocator(parsed.tree, parsed.lines), { file, overrides: opts.overrides, readers: opts.readers });
  return withFormat(outcome, [...pre, ...parsed.warnings]);
}

function readJsonlText(text: string, opts: ReadOptions, pre: Diagnostic[]): ReadResult {
  const file = opts.file;
  const jl = parseJsonl(text, { file, maxDepth: opts.maxDepth });
  if (jl.rows.length === 0) {
    // A pretty-printed JSON document saved as .jsonl: every line is broken, the whole is fine.
    const whole = parseJson(text, { file, maxDepth: opts.maxDepth });
    if (whole.ok && jl.brokenLines > 0) {
      const r = readJsonText(text, { ...opts, kind: 'json' }, pre);
      r.diagnostics.unshift({ severity: 'warning', message: `${file ?? 'The input'} is one JSON document, not JSON Lines; read it as JSON.`, file });
      return r;
    }
    return failedResult([...pre, ...jl.diagnostics, ...errorResult(`No line of ${file ?? 'the input'} is valid JSON.`, 'JSONL needs one complete JSON value per line.', file).diagnostics]);
  }
  const outcome = readJsonValue(jl.rows, jl.locator, { file, overrides: opts.overrides, readers: opts.readers });
  return withFormat(outcome, [...pre, ...jl.diagnostics]);
}

function readTable(text: string, opts: ReadOptions, pre: Diagnostic[]): ReadResult {
  const file = opts.file;
  const extra = beirFilesFrom(opts.extraFiles ?? {});
  if (looksLikeTrecRun(text)) return withFormat(readBeir({ ...extra, run: { name: file ?? 'run', text } }), pre);
  if (looksLikeQrels(text)) {
    if (!extra.corpus) {
      const e = errorResult(
        `${file ?? 'The input'} looks like relevance judgments (qrels): labels only, no texts to rerank.`,
        'Open the BEIR folder (corpus.jsonl, queries.jsonl, qrels/) or a TREC run with its corpus instead.',
        file,
      );
      return failedResult([...pre, ...e.diagnostics]);
    }
    return withFormat(readBeir({ ...extra, qrels: [{ name: file ?? 'qrels', text }] }), pre);
  }
  // psql / Markdown / mysql tables: a header and a rule line under it, nothing but the table.
  if (looksLikePipeTable(text)) return withFormat(readPipeTable(text, { file }), pre);
  // mysql \G, psql \x, sqlite3 .mode line: one field per line, one block per row.
  if (looksLikeRecordBlocks(text)) return withFormat(readRecordBlocks(text, { file }), pre);
  if (looksLikeTsv(text)) return withFormat(readTsv(text, { file, backslashes: opts.backslashes }), pre);
  if (looksLikeCsv(text)) return withFormat(readCsv(text, { file }), pre);
  return withFormat(readLooseText(text, ORIGIN, { file, overrides: opts.overrides, maxDepth: opts.maxDepth, readers: opts.readers, what: 'file', formatPrefix: 'text' }), pre);
}

export function readText(text: string, opts: ReadOptions = {}): ReadResult {
  try {
    const file = opts.file;
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8Length(text) > maxBytes)) {
      return failedResult([sizeLimitDiagnostic(utf8Length(text), maxBytes, file)]);
    }
    const pre: Diagnostic[] = [];
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      pre.push({ severity: 'info', message: `${file ?? 'The input'} starts with a byte order mark; ignored it.`, file, line: 1, column: 1 });
    }
    if (text.trim() === '') {
      return failedResult([...pre, ...errorResult(`${file ?? 'The input'} is empty.`, 'Point Rerank Lens at a file with retrieval results.', file).diagnostics]);
    }
    const base = baseName(file).toLowerCase();
    if ((base === 'corpus.jsonl' || base === 'queries.jsonl') && opts.extraFiles && Object.keys(opts.extraFiles).length > 0) {
      const files: BeirFiles = beirFilesFrom({ ...opts.extraFiles, [file!]: text });
      return withFormat(readBeir(files), pre);
    }
    switch (kindFor(text, opts)) {
      case 'json':
        return readJsonText(text, opts, pre);
      case 'jsonl':
        return readJsonlText(text, opts, pre);
      case 'csv':
        return withFormat(readCsv(text, { file }), pre);
      default:
        return readTable(text, opts, pre);
    }
  } catch (e) {
    return internalErrorResult(`reading ${opts.file ?? 'the input'}`, e, opts.file);
  }
}

export function readBytes(bytes: Uint8Array, opts: ReadOptions = {}): ReadResult {
  try {
    const decoded = decodeBytes(bytes, { file: opts.file, maxBytes: opts.maxBytes });
    if (!decoded.ok) return failedResult(decoded.diagnostics);
    const r = readText(decoded.text, opts);
    r.diagnostics.unshift(...decoded.diagnostics);
    return r;
  } catch (e) {
    return internalErrorResult(`decoding ${opts.file ?? 'the input'}`, e, opts.file);
  }
}

export function readSelection(text: string, opts: SelectionOptions): ReadResult {
  try {
    return readSelectionText(text, opts);
  } catch (e) {
    return internalErrorResult('reading the selection', e, opts.file);
  }
}

/** A BEIR dataset given as file contents by name (corpus.jsonl, queries.jsonl, qrels/*.tsv, optional run). */
export function readBeirFiles(files: Record<string, string>, opts: { runName?: string } = {}): ReadResult {
  try {
    const beir = beirFilesFrom(files);
    if (opts.runName && files[opts.runName] !== undefined) beir.run = { name: opts.runName, text: files[opts.runName] };
    return withFormat(readBeir(beir), []);
  } catch (e) {
    return internalErrorResult('reading the BEIR files', e);
  }
}
