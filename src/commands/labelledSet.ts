// Open as Labelled Set: every query of a multi-query input (BEIR folder, TREC run, multi-query JSONL,
// Ragas/DeepEval datasets, trace exports) in the threshold lab, scored as one stream. Attach Relevance
// Labels: a qrels file (TREC, BEIR TSV or {query: {doc: grade}} JSON) for the open set.
import * as vscode from 'vscode';
import { notifyError } from '../host/errors';
import { notify } from '../host/notify';
import { goToDiagnostic, readInputFile } from '../host/readInput';
import type { Services } from '../host/services';
import { RerankPanel } from '../panel/RerankPanel';
import type { ReadResult } from '../core/types';
import { FALLBACK_PAIRS_PER_SECOND, formatDuration } from '../core/runEstimate';
import { narrowToSubset, SUBSET_OFFER_ABOVE, SUBSET_SEED, SUBSET_SIZE, type SubsetChoice } from './setSubset';

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
  let input = outcome;
  let note: string | undefined;
  if (outcome.result.sets.length > SUBSET_OFFER_ABOVE) {
    const choice = await pickSubset(svc, outcome.result);
    if (!choice) return;
    const narrowed = narrowToSubset(outcome.result, choice);
    input = { ...outcome, result: narrowed.result };
    note = narrowed.note;
  }
  await RerankPanel.showLab(svc, input, { ...(firstStage ? { firstStage } : {}), ...(note ? { note } : {}) });
}

/** A big set: all queries (with the estimated time), the first N, or a seeded sample of N. */
async function pickSubset(svc: Services, result: ReadResult): Promise<SubsetChoice | undefined> {
  const pairs = (sets: readonly { chunks: unknown[] }[]) => sets.reduce((n, s) => n + s.chunks.length, 0);
  const rate = svc.throughput() ?? FALLBACK_PAIRS_PER_SECOND;
  const about = (p: number) => `${p.toLocaleString('en-US')} pairs, about ${formatDuration((p / rate) * 1000)}`;
  const n = result.sets.length;
  const items: (vscode.QuickPickItem & { choice: SubsetChoice })[] = [
    { label: `All ${n} queries`, description: about(pairs(result.sets)), choice: { kind: 'all' } },
    { label: `The first ${SUBSET_SIZE} queries`, description: about(pairs(result.sets.slice(0, SUBSET_SIZE))), choice: { kind: 'first', n: SUBSET_SIZE } },
    { label: `A seeded sample of ${SUBSET_SIZE} queries`, description: `seed ${SUBSET_SEED}, the same queries every time`, choice: { kind: 'sample', n: SUBSET_SIZE, seed: SUBSET_SEED } },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Open as Labelled Set: ${n} queries`, placeHolder: 'Score all of them, or part of the set first' });
  return picked?.choice;
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
