// Rerank Selection, Rerank File (files: JSON, JSONL, TSV, TREC runs .txt/.trec/.run), Rerank Folder
// (a BEIR folder) and Rerank Again with Another Query.
// Each accepts optional arguments so keybindings and tests can drive them without UI:
//   rerankLens.rerankSelection({ query? })
//   rerankLens.rerankFile(uri?, { query?, queryIndex?, textPath?, queryPath?, idPath?, scorePath?, scoreKind?, rememberPaths? })
//   rerankLens.rerankFolder(uri?, { query?, queryIndex? })
//   rerankLens.rerankAgain({ query? })
// They resolve when scoring has finished (or failed; failures are shown, never thrown).
// Recent queries are only what the user typed (the query box), never queries read from a file.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { PathOverrides, TextPathCandidate } from '../core/types';
import { RerankPanel } from '../panel/RerankPanel';
import type { RerankInput } from '../host/readInput';
import { notifyError } from '../host/errors';
import { askQuery } from '../host/queryInput';
import { goToDiagnostic, readEditorSelection, readInputFile, withLocation, type ReadOutcome } from '../host/readInput';
import type { Services } from '../host/services';
import { notify, safeLabel } from '../host/notify';
import { fieldChoices, parseLoose, rememberedPaths, shapeKey, type FieldChoice } from './pathChoices';

export interface RerankSelectionArgs {
  query?: string;
}

export interface RerankFileArgs extends PathOverrides {
  query?: string;
  queryIndex?: number;
  /** Remember the given paths for this file's shape, as a pick in the path picker would. */
  rememberPaths?: boolean;
}

const RESULT_GLOB = '**/*.{json,jsonl,ndjson,tsv,csv,txt,trec,run}';
/** Path choices per file shape (workspace state): asked once per shape, not on every run. */
const PATHS_KEY = 'rerankLens.pathChoices';
/** A `Query:` line anywhere in a document (the whole-document fallback reads from it). */
const QUERY_LINE = /^\s*query\s*:\s*\S/i;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof vscode.Uri);
}

export async function rerankSelection(svc: Services, args?: unknown): Promise<void> {
  const opts = (isObject(args) ? args : {}) as RerankSelectionArgs;
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void notify.info('Rerank Lens: open a document and select the retrieved chunks first.');
    return;
  }
  let outcome = readEditorSelection(svc, editor);
  // Nothing selected and no query on the first line: a `Query:` line further down starts the results.
  if ('result' in outcome && editor.selection.isEmpty && !outcome.result.sets.some((s) => s.query?.trim())) {
    const from = queryLineOf(editor.document);
    if (from > 0) {
      const doc = editor.document;
      const last = doc.lineAt(doc.lineCount - 1);
      const fromLine: vscode.TextEditor = { ...editorFields(editor), selection: new vscode.Selection(from, 0, last.lineNumber, last.text.length) } as vscode.TextEditor;
      const again = readEditorSelection(svc, fromLine);
      if ('result' in again && again.result.sets.some((s) => s.query?.trim())) {
        again.sourceLabel = `${path.basename(doc.uri.path)} (whole document, query on line ${from + 1})`;
        outcome = again;
      }
    }
  }
  if ('error' in outcome) {
    svc.log.warn(outcome.error.message);
    RerankPanel.showInputError(svc, { label: vscode.workspace.asRelativePath(editor.document.uri, false), kind: 'selection', uri: editor.document.uri }, outcome.error);
    void notifyError(svc.log, outcome.error, { goTo: () => goToDiagnostic(editor.document.uri, outcome.diagnostic, editor.selection.start) });
    return;
  }
  await startRerank(svc, outcome, 0, opts.query);
}

/** The first line (0-based) that is a `Query:` line, or -1. */
function queryLineOf(doc: vscode.TextDocument): number {
  for (let i = 0; i < doc.lineCount; i++) if (QUERY_LINE.test(doc.lineAt(i).text)) return i;
  return -1;
}

/** What readEditorSelection reads of an editor, for a stand-in with another selection. */
function editorFields(editor: vscode.TextEditor) {
  return { document: editor.document, viewColumn: editor.viewColumn };
}

/** Rerank Folder: a BEIR folder (corpus.jsonl, queries.jsonl, qrels, an optional run file). */
export async function rerankFolder(svc: Services, uriArg?: unknown, args?: unknown): Promise<void> {
  let uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.file(uriArg) : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Rerank Folder', title: 'Rerank Folder: a BEIR folder (corpus.jsonl, queries.jsonl, qrels)' });
    uri = picked?.[0];
  }
  if (!uri) return;
  return rerankFile(svc, uri, isObject(args) ? args : isObject(uriArg) ? uriArg : undefined);
}

export async function rerankFile(svc: Services, uriArg?: unknown, args?: unknown): Promise<void> {
  // From the explorer the second argument is the list of selected URIs: ignore it.
  const opts = (isObject(args) ? args : isObject(uriArg) ? uriArg : {}) as RerankFileArgs;
  let uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.file(uriArg) : undefined;
  if (!uri) uri = await pickWorkspaceFile();
  if (!uri) return;
  const overrides: PathOverrides = {};
  for (const k of ['textPath', 'queryPath', 'idPath', 'scorePath'] as const) if (typeof opts[k] === 'string') overrides[k] = opts[k];
  if (opts.scoreKind === 'similarity' || opts.scoreKind === 'distance') overrides.scoreKind = opts.scoreKind;
  let outcome: ReadOutcome = await readInputFile(svc, uri, Object.keys(overrides).length > 0 ? overrides : undefined);
  if (opts.rememberPaths === true && overrides.textPath && 'result' in outcome && outcome.result.sets.length > 0) {
    // Remember under the shape the file has without overrides (what the next plain read finds).
    const plain = await readInputFile(svc, uri);
    if ('error' in plain && plain.candidates?.length) await rememberPathsFor(svc, shapeKey(plain.candidates), overrides);
  }
  if ('error' in outcome && outcome.candidates && outcome.candidates.length > 0 && !overrides.textPath) {
    // The shape was not recognised but texts were found: the paths remembered for this shape, or the
    // user says where the texts (and optionally the query, ids and scores) are.
    const key = shapeKey(outcome.candidates);
    const known = rememberedPaths(svc.context.workspaceState.get(PATHS_KEY))[key];
    if (known) {
      const again = await readInputFile(svc, uri, { ...known, ...overrides });
      if ('result' in again) {
        svc.log.info(`Read ${outcome.candidates.length > 0 ? 'an unrecognised shape' : 'the file'} with the paths remembered for it: ${JSON.stringify(known)}`);
        outcome = again;
      } else {
        await rememberPathsFor(svc, key, undefined);
      }
    }
    if ('error' in outcome && outcome.candidates) {
      const picked = await pickPaths(uri, outcome.candidates);
      if (!picked) return;
      outcome = await readInputFile(svc, uri, { ...overrides, ...picked });
      if ('result' in outcome) await rememberPathsFor(svc, key, picked);
    }
  }
  if ('error' in outcome) {
    const failed = outcome;
    RerankPanel.showInputError(svc, { label: vscode.workspace.asRelativePath(uri, false), kind: 'file', uri }, failed.error);
    void notifyError(svc.log, failed.error, { goTo: () => goToDiagnostic(uri, failed.diagnostic) });
    return;
  }
  const sets = outcome.result.sets;
  let index = typeof opts.queryIndex === 'number' && Number.isInteger(opts.queryIndex) ? opts.queryIndex : sets.findIndex((s) => s.chunks.length > 0);
  if (index < 0 || index >= sets.length) {
    void notify.warn(`Rerank Lens: ${outcome.sourceLabel} has ${sets.length} set(s); query index ${index} does not exist. Showing the first.`);
    index = 0;
  }
  await startRerank(svc, outcome, index, opts.query);
}

export async function rerankAgain(svc: Services, args?: unknown): Promise<void> {
  const opts = (isObject(args) ? args : {}) as RerankSelectionArgs;
  const panel = RerankPanel.current;
  if (!panel || panel.getState().rows.length === 0) {
    void notify.info('Rerank Lens: nothing to rerank yet. Run Rerank Selection or Rerank File first.');
    return;
  }
  // askQuery remembers what was typed; a query passed as an argument is not the user's typing.
  const query = opts.query ?? (await askQuery(svc.context, { title: 'Rerank Again with Another Query', value: panel.getState().query }));
  if (query === undefined) return;
  await panel.rerank(query);
}

async function startRerank(svc: Services, input: RerankInput, setIndex: number, query?: string): Promise<void> {
  warnAboutDiagnostics(svc, input);
  let q = query ?? input.result.sets[setIndex]?.query;
  if (q === undefined || q.trim() === '') {
    // Only a typed query joins the recent queries (askQuery records it); the file's own do not.
    const n = input.result.sets[setIndex]?.chunks.length ?? 0;
    q = await askQuery(svc.context, { title: `Rerank ${n} chunk${n === 1 ? '' : 's'} from ${input.sourceLabel}: query` });
    if (q === undefined) return;
  }
  await RerankPanel.show(svc, input, setIndex, q);
}

/** Non-fatal reader diagnostics (skipped lines, missing fields): logged, and one notification. */
function warnAboutDiagnostics(svc: Services, input: RerankInput): void {
  const problems = input.result.diagnostics.filter((d) => d.severity !== 'info');
  if (problems.length === 0) return;
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  void notify.warn(`Rerank Lens: ${withLocation(first, input.sourceLabel)}${more}`, 'Show Log')
    .then((a) => (a === 'Show Log' ? svc.log.show() : undefined));
}

async function pickWorkspaceFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(RESULT_GLOB, '**/{node_modules,.git}/**', 2000);
  if (files.length === 0) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Rerank',
      filters: { 'Retrieval results': ['json', 'jsonl', 'ndjson', 'tsv', 'csv', 'txt', 'trec', 'run'] },
    });
    return picked?.[0];
  }
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title: 'Rerank File', placeHolder: 'Pick a file of retrieval results', matchOnDescription: true });
  return picked?.uri;
}

/** How many path pickers have opened (the test API waits for each before answering it). */
let pathPicks = 0;
export const pathPicksShown = () => pathPicks;

function showPathPick<T extends vscode.QuickPickItem>(items: T[], opts: vscode.QuickPickOptions): Thenable<T | undefined> {
  pathPicks++;
  return vscode.window.showQuickPick(items, opts);
}

async function rememberPathsFor(svc: Services, key: string, paths: PathOverrides | undefined): Promise<void> {
  const all = rememberedPaths(svc.context.workspaceState.get(PATHS_KEY));
  if (paths) all[key] = paths;
  else delete all[key];
  await svc.context.workspaceState.update(PATHS_KEY, all);
}

/**
 * The path picker for an unrecognised shape: the texts (required), then the query, ids and retriever
 * scores with their direction (each optional), like the CLI's --text-path, --query-path, --id-path,
 * --score-path and --score-kind.
 */
async function pickPaths(uri: vscode.Uri, candidates: TextPathCandidate[]): Promise<PathOverrides | undefined> {
  const textPath = await pickTextPath(candidates);
  if (!textPath) return undefined;
  let root: unknown;
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.byteLength < 50 * 1024 * 1024) root = parseLoose(new TextDecoder().decode(bytes));
  } catch {
    // Without the fields the text path alone still reads the file.
  }
  const out: PathOverrides = { textPath };
  if (root === undefined) return out;
  const fields = fieldChoices(root, textPath);
  const title = 'Rerank File: the format was not recognised';
  const pickField = async (placeHolder: string, none: string, choices: FieldChoice[]): Promise<string | null | undefined> => {
    if (choices.length === 0) return null;
    const items: (vscode.QuickPickItem & { path: string | null })[] = [
      { label: none, path: null },
      ...choices.map((f) => ({ label: safeLabel(f.path), description: `${f.kind}, e.g. ${safeLabel(f.example)}`, path: f.path })),
    ];
    const picked = await showPathPick(items, { title, placeHolder });
    return picked === undefined ? undefined : picked.path;
  };
  const strings = fields.inRecords.filter((f) => f.kind === 'string');
  const query = await pickField('Where is the query? (optional)', 'No query in the file: I will type it', [...fields.outside, ...strings]);
  if (query === undefined) return undefined;
  if (query) out.queryPath = query;
  const id = await pickField('Where are the chunk ids? (optional)', 'No ids: number the chunks', fields.inRecords.filter((f) => f.path !== query));
  if (id === undefined) return undefined;
  if (id) out.idPath = id;
  const score = await pickField('Where are the retriever scores? (optional)', 'No retriever scores', fields.inRecords.filter((f) => f.kind === 'number'));
  if (score === undefined) return undefined;
  if (score) {
    out.scorePath = score;
    const dir = await showPathPick(
      [
        { label: 'Higher is better', description: 'similarity, relevance, BM25', scoreKind: 'similarity' as const },
        { label: 'Lower is better', description: 'distance (cosine, L2)', scoreKind: 'distance' as const },
      ],
      { title, placeHolder: `What do the scores at ${safeLabel(score)} mean?` },
    );
    if (!dir) return undefined;
    out.scoreKind = dir.scoreKind;
  }
  return out;
}

async function pickTextPath(candidates: TextPathCandidate[]): Promise<string | undefined> {
  const items = candidates.map((c) => ({
    // Paths and examples are the input's own keys and text: neutralised for the quick pick.
    label: safeLabel(c.path),
    description: `${c.count} text${c.count === 1 ? '' : 's'}, ~${Math.round(c.averageLength)} chars`,
    detail: safeLabel(c.example.length > 120 ? `${c.example.slice(0, 117)}...` : c.example),
    path: c.path,
  }));
  const picked = await showPathPick(items, {
    title: 'Rerank File: the format was not recognised',
    placeHolder: 'Where are the chunk texts? Pick the path that holds them',
  });
  return picked?.path;
}
