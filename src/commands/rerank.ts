// Rerank Selection, Rerank File and Rerank Again with Another Query.
// Each accepts optional arguments so keybindings and tests can drive them without UI:
//   rerankLens.rerankSelection({ query? })
//   rerankLens.rerankFile(uri?, { query?, queryIndex?, textPath?, queryPath?, idPath?, scorePath? })
//   rerankLens.rerankAgain({ query? })
// They resolve when scoring has finished (or failed; failures are shown, never thrown).
import * as vscode from 'vscode';
import type { PathOverrides, TextPathCandidate } from '../core/types';
import { RerankPanel } from '../panel/RerankPanel';
import type { RerankInput } from '../host/readInput';
import { notifyError } from '../host/errors';
import { askQuery, rememberQuery } from '../host/queryInput';
import { goToDiagnostic, readEditorSelection, readInputFile, withLocation, type ReadOutcome } from '../host/readInput';
import type { Services } from '../host/services';
import { notify, safeLabel } from '../host/notify';

export interface RerankSelectionArgs {
  query?: string;
}

export interface RerankFileArgs extends PathOverrides {
  query?: string;
  queryIndex?: number;
}

const RESULT_GLOB = '**/*.{json,jsonl,ndjson,tsv}';

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
  const outcome = readEditorSelection(svc, editor);
  if ('error' in outcome) {
    svc.log.warn(outcome.error.message);
    RerankPanel.showInputError(svc, { label: vscode.workspace.asRelativePath(editor.document.uri, false), kind: 'selection', uri: editor.document.uri }, outcome.error);
    void notifyError(svc.log, outcome.error, { goTo: () => goToDiagnostic(editor.document.uri, outcome.diagnostic, editor.selection.start) });
    return;
  }
  await startRerank(svc, outcome, 0, opts.query);
}

export async function rerankFile(svc: Services, uriArg?: unknown, args?: unknown): Promise<void> {
  // From the explorer the second argument is the list of selected URIs: ignore it.
  const opts = (isObject(args) ? args : isObject(uriArg) ? uriArg : {}) as RerankFileArgs;
  let uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.file(uriArg) : undefined;
  if (!uri) uri = await pickWorkspaceFile();
  if (!uri) return;
  const overrides: PathOverrides = {};
  for (const k of ['textPath', 'queryPath', 'idPath', 'scorePath'] as const) if (typeof opts[k] === 'string') overrides[k] = opts[k];
  let outcome: ReadOutcome = await readInputFile(svc, uri, Object.keys(overrides).length > 0 ? overrides : undefined);
  if ('error' in outcome && outcome.candidates && outcome.candidates.length > 0 && !overrides.textPath) {
    // The shape was not recognised but texts were found: let the user say where the chunk texts are.
    const picked = await pickTextPath(outcome.candidates);
    if (!picked) return;
    outcome = await readInputFile(svc, uri, { ...overrides, textPath: picked });
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
  const query = opts.query ?? (await askQuery(svc.context, { title: 'Rerank Again with Another Query', value: panel.getState().query }));
  if (query === undefined) return;
  await rememberQuery(svc.context, query);
  await panel.rerank(query);
}

async function startRerank(svc: Services, input: RerankInput, setIndex: number, query?: string): Promise<void> {
  warnAboutDiagnostics(svc, input);
  let q = query ?? input.result.sets[setIndex]?.query;
  if (q === undefined || q.trim() === '') {
    q = await askQuery(svc.context, { title: `Rerank ${input.result.sets[setIndex]?.chunks.length ?? 0} chunks from ${input.sourceLabel}: query` });
    if (q === undefined) return;
  }
  await rememberQuery(svc.context, q);
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
      filters: { 'Retrieval results': ['json', 'jsonl', 'ndjson', 'tsv'] },
    });
    return picked?.[0];
  }
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, false), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title: 'Rerank File', placeHolder: 'Pick a file of retrieval results', matchOnDescription: true });
  return picked?.uri;
}

async function pickTextPath(candidates: TextPathCandidate[]): Promise<string | undefined> {
  const items = candidates.map((c) => ({
    // Paths and examples are the input's own keys and text: neutralised for the quick pick.
    label: safeLabel(c.path),
    description: `${c.count} texts, ~${Math.round(c.averageLength)} chars`,
    detail: safeLabel(c.example.length > 120 ? `${c.example.slice(0, 117)}...` : c.example),
    path: c.path,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Rerank File: the format was not recognised',
    placeHolder: 'Where are the chunk texts? Pick the path that holds them',
  });
  return picked?.path;
}
