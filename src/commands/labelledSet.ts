// Open as Labelled Set: every query of a multi-query input (BEIR folder, TREC run, multi-query JSONL,
// Ragas/DeepEval datasets, trace exports) in the threshold lab, scored as one stream. Attach Relevance
// Labels: a qrels file (TREC, BEIR TSV or {query: {doc: grade}} JSON) for the open set.
import * as vscode from 'vscode';
import { notifyError } from '../host/errors';
import { notify } from '../host/notify';
import { goToDiagnostic, readInputFile } from '../host/readInput';
import type { Services } from '../host/services';
import { RerankPanel } from '../panel/RerankPanel';

export async function openLabelledSet(svc: Services, uriArg?: unknown): Promise<void> {
  let uri = uriArg instanceof vscode.Uri ? uriArg : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, canSelectFiles: true, canSelectFolders: true, openLabel: 'Open as Labelled Set' });
    uri = picked?.[0];
  }
  if (!uri) return;
  const target = uri;
  const outcome = await readInputFile(svc, target);
  if ('error' in outcome) {
    RerankPanel.showInputError(svc, { label: vscode.workspace.asRelativePath(target, false), kind: 'file', uri: target }, outcome.error);
    void notifyError(svc.log, outcome.error, { goTo: () => goToDiagnostic(target, outcome.diagnostic) });
    return;
  }
  const usable = outcome.result.sets.filter((s) => s.chunks.length > 0).length;
  if (usable < 2) {
    void notify.info(`Rerank Lens: ${outcome.sourceLabel} holds ${usable} query set; the labelled-set view still works, but nothing is averaged over one query. Rerank File shows it query by query.`);
  }
  const firstStage = outcome.result.diagnostics.find((d) => d.severity === 'info' && /BM25/.test(d.message))?.message;
  await RerankPanel.showLab(svc, outcome, firstStage ? { firstStage } : {});
}

export async function attachLabels(svc: Services, uriArg?: unknown): Promise<void> {
  const lab = RerankPanel.current?.labController;
  if (!lab) {
    void notify.info('Rerank Lens: open a labelled set first (Open as Labelled Set on a results file or a BEIR folder).');
    return;
  }
  let uri = uriArg instanceof vscode.Uri ? uriArg : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Attach Labels', filters: { 'Relevance labels': ['qrels', 'txt', 'tsv', 'json', 'trec'], 'All files': ['*'] } });
    uri = picked?.[0];
  }
  if (!uri) return;
  const bytes = await vscode.workspace.fs.readFile(uri);
  await lab.attachLabelsText(new TextDecoder().decode(bytes), vscode.workspace.asRelativePath(uri, false));
}
