// Host service: reading what a rerank command points at (a file, a folder, an editor selection) into a RerankInput,
// and turning the reader's diagnostics into a user error that says what and where.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readBytes, readSelection, readText, type ReadOptions } from '../core/read/index';
import { readOffThread } from '../node/read/offThread';
import { describeDiagnostic } from '../core/diagnostics';
import type { Diagnostic, PathOverrides, ReadResult } from '../core/types';
import type { Services } from './services';
import type { UserError } from './errors';

/** What a rerank command read: the reader's result plus where it came from. */
export interface RerankInput {
  kind: 'selection' | 'file';
  /** "results.jsonl" or "Selection in notes.md (lines 3-40)". */
  sourceLabel: string;
  sourceUri?: vscode.Uri;
  /** Editor column the chunks came from: reveal opens the source there, not over the panel. */
  viewColumn?: vscode.ViewColumn;
  /** The text the reader read (selection or file), kept for export in the input's own shape. */
  text?: string;
  result: ReadResult;
}

/** Open documents up to this size are read on the host thread; a worker's start-up costs more. */
const IN_PLACE_MAX_CHARS = 1_000_000;

export type ReadOutcome = RerankInput | { error: UserError; diagnostic?: Diagnostic; candidates?: ReadResult['candidates'] };

function kindOf(uri: vscode.Uri): ReadOptions['kind'] {
  const ext = path.extname(uri.path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.tsv') return 'tsv';
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  return 'auto';
}

export function displayName(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** Reads a workspace file or folder (BEIR). An open editor's text wins over the disk (it is what the
 *  user sees, and reveal positions must match it). */
export async function readInputFile(svc: Services, uri: vscode.Uri, overrides?: PathOverrides): Promise<ReadOutcome> {
  const settings = svc.settings();
  const maxBytes = Math.round(settings.maxFileSizeMB * 1024 * 1024);
  const label = displayName(uri);
  const opts: ReadOptions = { file: label, kind: kindOf(uri), maxBytes, ...(overrides ? { overrides } : {}), ...(settings.tsvBackslashes ? { backslashes: settings.tsvBackslashes } : {}) };
  let result: ReadResult;
  let text: string | undefined;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    const isFolder = (stat.type & vscode.FileType.Directory) !== 0;
    const open = isFolder ? undefined : vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const started = Date.now();
    // Files are parsed in a worker thread (dist/readWorker.js): tens of MB of JSON take seconds, and
    // the extension host must stay responsive meanwhile. Small open documents are read in place.
    const workerPath = path.join(svc.context.extensionPath, 'dist', 'readWorker.js');
    if (open) {
      text = open.getText();
      result = text.length > IN_PLACE_MAX_CHARS ? await readOffThread(workerPath, { kind: 'text', text, opts }) : readText(text, opts);
    } else if (uri.scheme === 'file') {
      result = await readOffThread(workerPath, { kind: 'path', fsPath: uri.fsPath, opts });
    } else if (!isFolder) {
      result = readBytes(await vscode.workspace.fs.readFile(uri), opts);
    } else {
      return { error: { message: `${label} is a folder on a remote file system.`, hint: 'Open a results file instead.', code: 'input' } };
    }
    svc.log.info(`Read ${label}: ${result.sets.length} set(s), format ${result.format ?? 'unrecognised'}, ${result.diagnostics.length} diagnostic(s) in ${Date.now() - started} ms`);
  } catch (e) {
    svc.log.error(`Could not read ${label}`, e);
    return { error: { message: `Could not read ${label}: ${e instanceof Error ? e.message : String(e)}`, hint: 'Check that the file exists and is readable.', code: 'input' } };
  }
  return toOutcome(svc, result, { kind: 'file', sourceLabel: label, sourceUri: uri, text });
}

/** Reads an editor's selection (or the whole document when nothing is selected). */
export function readEditorSelection(svc: Services, editor: vscode.TextEditor, overrides?: PathOverrides): ReadOutcome {
  const doc = editor.document;
  const sel = editor.selection;
  const whole = sel.isEmpty;
  const range = whole ? new vscode.Range(0, 0, doc.lineCount, 0) : new vscode.Range(sel.start, sel.end);
  const full = doc.validateRange(range);
  const text = doc.getText(full);
  const name = path.basename(doc.uri.path) || doc.uri.toString();
  const sourceLabel = whole ? `${name} (whole document)` : `Selection in ${name} (lines ${full.start.line + 1}-${full.end.line + 1})`;
  const started = Date.now();
  const result = readSelection(text, {
    file: displayName(doc.uri),
    startLine: full.start.line,
    startColumn: full.start.character,
    startOffset: doc.offsetAt(full.start),
    ...(overrides ? { overrides } : {}),
  });
  svc.log.info(`Read ${sourceLabel}: ${result.sets.length} set(s), format ${result.format ?? 'unrecognised'} in ${Date.now() - started} ms`);
  return toOutcome(svc, result, { kind: 'selection', sourceLabel, sourceUri: doc.uri, viewColumn: editor.viewColumn, text });
}

function toOutcome(svc: Services, result: ReadResult, base: Omit<RerankInput, 'result'>): ReadOutcome {
  for (const d of result.diagnostics) {
    const where = [d.file, d.line !== undefined ? `line ${d.line}` : undefined, d.path].filter(Boolean).join(' ');
    const line = `${where ? `${where}: ` : ''}${d.message}${d.hint ? ` (${d.hint})` : ''}`;
    if (d.severity === 'error') svc.log.error(line);
    else if (d.severity === 'warning') svc.log.warn(line);
    else svc.log.info(line);
  }
  const usable = result.sets.filter((s) => s.chunks.length > 0);
  if (usable.length > 0) return { ...base, result };
  const first = result.diagnostics.find((d) => d.severity === 'error') ?? result.diagnostics[0];
  if (first) {
    return {
      error: { message: withLocation(first, base.sourceLabel), hint: first.hint, code: 'input' },
      diagnostic: first,
      candidates: result.candidates,
    };
  }
  return {
    error: { message: `No retrieved chunks found in ${base.sourceLabel}.`, hint: 'Select the chunks (JSON, JSONL, or one chunk per paragraph) or pick a results file.', code: 'input' },
    candidates: result.candidates,
  };
}

/** The reader's message with the file and line in front, unless the message names them already. */
export function withLocation(d: Diagnostic, sourceLabel: string): string {
  return describeDiagnostic(d, sourceLabel);
}

/** Opens the file at a diagnostic's position (1-based line/column). */
export async function goToDiagnostic(uri: vscode.Uri, d: Diagnostic | undefined, selectionStart?: vscode.Position): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = d?.line !== undefined ? Math.max(0, d.line - 1) : 0;
  const col = d?.column !== undefined ? Math.max(0, d.column - 1) : 0;
  // Diagnostics of a selection are positions in the document already (the reader adds the offset);
  // selectionStart is only a fallback when the diagnostic has no line.
  const pos = doc.validatePosition(d?.line !== undefined ? new vscode.Position(line, col) : (selectionStart ?? new vscode.Position(0, 0)));
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
}
