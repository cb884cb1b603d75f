// Export Labels (issue 14): the relevance judgments saved in the workspace (`.rerank-lens/labels/`)
// written as TREC qrels (no comment lines: every trec_eval version reads it) or BEIR qrels TSV. Which
// labels: the open panel's input's, else a pick among the workspace's label files. The destination
// always comes from the save dialog (the command takes no arguments); the test API calls
// exportLabelsTo() with one.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { countJudgments } from '../core/labels/qrels';
import { notify } from '../host/notify';
import type { Services } from '../host/services';
import { LabelStore, LABELS_FOLDER } from '../node/labelStore';
import { RerankPanel } from '../panel/RerankPanel';

export type LabelsExportFormat = 'trec' | 'beir';

interface LabelsFile {
  root: string;
  name: string;
}

/** The label files of every workspace folder (name = file name without `.qrels`). */
async function workspaceLabelFiles(): Promise<LabelsFile[]> {
  const out: LabelsFile[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const dir = path.join(folder.uri.fsPath, LABELS_FOLDER);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const n of names.filter((f) => f.endsWith('.qrels')).sort()) out.push({ root: folder.uri.fsPath, name: n.slice(0, -'.qrels'.length) });
  }
  return out;
}

async function chooseFile(): Promise<LabelsFile | undefined> {
  const current = RerankPanel.current?.labels.current();
  if (current?.root && current.name && current.qrels.size > 0) return { root: current.root, name: current.name };
  const files = await workspaceLabelFiles();
  if (files.length === 0) {
    void notify.info('Rerank Lens: no labels saved in this workspace yet. Judge rows in the panel (keys 0, 1, 2) first.');
    return undefined;
  }
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: f.name, description: vscode.workspace.asRelativePath(path.join(f.root, LABELS_FOLDER), false), file: f })),
    { title: 'Export Labels: which labels?' },
  );
  return picked?.file;
}

export async function exportLabels(svc: Services): Promise<vscode.Uri | undefined> {
  const file = await chooseFile();
  if (!file) return undefined;
  const format = await vscode.window.showQuickPick(
    [
      { label: 'TREC qrels', description: 'qid 0 docno grade (trec_eval, ir_measures)', format: 'trec' as const, ext: 'qrels' },
      { label: 'BEIR qrels TSV', description: 'query-id, corpus-id, score with a header (BEIR qrels/test.tsv)', format: 'beir' as const, ext: 'tsv' },
    ],
    { title: 'Export Labels as' },
  );
  if (!format) return undefined;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(path.join(file.root, `${file.name}.${format.ext}`)),
    filters: format.format === 'trec' ? { 'TREC qrels': ['qrels', 'txt'] } : { 'BEIR qrels TSV': ['tsv'] },
    saveLabel: 'Export Labels',
  });
  if (!target) return undefined;
  return exportLabelsTo(svc, file, format.format, target);
}

/** Writes the labels file `file` to `target` in `format` (atomic) and says how much it wrote. */
export async function exportLabelsTo(svc: Services, file: LabelsFile, format: LabelsExportFormat, target: vscode.Uri): Promise<vscode.Uri> {
  const store = new LabelStore(file.root);
  const loaded = await store.load(file.name);
  for (const d of loaded.diagnostics) svc.log.warn(`Export Labels: ${d.message}`);
  await store.exportTo(file.name, target.fsPath, format);
  const { queries, pairs } = countJudgments(loaded.qrels);
  svc.log.info(`Exported ${pairs} judgments of ${queries} queries to ${target.fsPath} (${format}).`);
  void notify.info(`Rerank Lens: exported ${pairs} judgment(s) of ${queries} quer${queries === 1 ? 'y' : 'ies'} to ${vscode.workspace.asRelativePath(target, false)}.`);
  return target;
}
