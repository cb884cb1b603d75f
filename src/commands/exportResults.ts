// Export Reranked Results: every set scored so far, in the input's own shape (each chunk gains a
// `rerank` field) or as a Cohere-style rerank response. The command takes at most `{ style }`: the
// destination always comes from the save dialog, so a command link cannot write a file anywhere.
// The test API calls exportResultsTo() with a destination.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportReranked } from '../core/read/export';
import { rankChunks, selectKept, type RankedSet } from '../core/rank';
import { RerankPanel } from '../panel/RerankPanel';
import type { Services } from '../host/services';
import { notify } from '../host/notify';
import { parseExportArgs, type ExportStyle } from './exportArgs';

type Style = ExportStyle;
export type { ExportStyle };

export function exportResults(svc: Services, args?: unknown): Promise<vscode.Uri | undefined> {
  return exportResultsTo(svc, parseExportArgs(args).style, undefined);
}

/** Export to `destination` without a dialog when given (test API), else ask with the save dialog. */
export async function exportResultsTo(svc: Services, styleArg: Style | undefined, destination: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  const panel = RerankPanel.current;
  const scored = panel ? await panel.scoredSets() : undefined;
  if (!panel || !scored || scored.sets.length === 0) {
    void notify.info('Rerank Lens: nothing to export yet. Rerank a selection or a file first.');
    return undefined;
  }
  const input = scored.session.input;
  const sourceUri = input.source.uri ? vscode.Uri.parse(input.source.uri) : undefined;
  let text = input.text;
  if (text === undefined && input.source.kind === 'file' && sourceUri) {
    try {
      const stat = await vscode.workspace.fs.stat(sourceUri);
      if ((stat.type & vscode.FileType.Directory) === 0) text = new TextDecoder().decode(await vscode.workspace.fs.readFile(sourceUri));
    } catch (e) {
      svc.log.warn(`Could not re-read ${sourceUri.toString()} for export: ${String(e)}`);
    }
  }

  let style: Style | undefined = styleArg;
  if (!style) {
    const items: (vscode.QuickPickItem & { style: Style })[] = [
      { label: 'Same shape as the input', detail: 'Each chunk gains a "rerank" field (score, probability, rank, kept); lists are reordered', style: 'same' },
      { label: 'Cohere rerank response', detail: '{ results: [{ index, relevance_score, document }] } per query', style: 'cohere' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Export Reranked Results' });
    if (!picked) return undefined;
    style = picked.style;
  }
  if (style === 'same' && text === undefined) {
    svc.log.warn('Export: the original text is not available (restored panel or a folder input); chunks without a table/run shape are written as a JSON list.');
  }

  const state = panel.getState();
  const ranked: RankedSet[] = [];
  for (const s of scored.sets) {
    const original = input.result.sets[s.setIndex];
    if (!original) continue;
    const set = original.query === s.query ? original : { ...original, query: s.query };
    const r = rankChunks(set.chunks, s.scores);
    ranked.push({ set, ranked: r, kept: selectKept(r, { threshold: state.threshold, topK: state.topK }) });
  }
  const out = exportReranked({ text: text ?? '', result: input.result }, ranked, style);
  for (const d of out.diagnostics) (d.severity === 'error' ? svc.log.error : svc.log.warn)(`Export: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  const failure = out.diagnostics.find((d) => d.severity === 'error');
  if (failure || out.text === '') {
    void notify.error(`Rerank Lens: ${failure?.message ?? 'export produced nothing.'}`, 'Show Log').then((x) => (x ? svc.log.show() : undefined));
    return undefined;
  }
  const warning = out.diagnostics.find((d) => d.severity === 'warning');
  if (warning) void notify.warn(`Rerank Lens: ${warning.message}`);

  let target = destination;
  if (!target) {
    const ext = out.fileExtension.replace(/^\./, '');
    const base = sourceUri ? path.basename(sourceUri.path).replace(/\.[^.]+$/, '') : 'selection';
    const dir = sourceUri && input.source.kind === 'file' ? vscode.Uri.joinPath(sourceUri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${base}.reranked${style === 'cohere' ? '.cohere' : ''}.${ext}`;
    target = await vscode.window.showSaveDialog({
      title: 'Export Reranked Results',
      defaultUri: dir ? vscode.Uri.joinPath(dir, name) : undefined,
      filters: { [ext.toUpperCase()]: [ext] },
    });
    if (!target) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(out.text));
  svc.log.info(`Exported ${ranked.length} set(s) (${style}) to ${target.toString()}`);
  if (!destination) {
    void notify.info(`Rerank Lens: exported to ${vscode.workspace.asRelativePath(target, false)}.`, 'Open').then((x) => {
      if (x === 'Open') void vscode.window.showTextDocument(target);
    });
  }
  return target;
}
