// Select Model: the known cross-encoders with size and notes, a local folder, or any hub id.
// Writes the setting (model, or localModelPath for a folder). The command takes no arguments: a
// command link in a notification or a hover must not be able to switch the model or write settings.
// The test API sets a model through useModel().
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { KNOWN_MODELS } from '../engine/defaults';
import { modelKey, SECTION, writeTarget } from '../host/settings';
import type { Services } from '../host/services';
import { notify } from '../host/notify';

export const HUB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface ModelItem extends vscode.QuickPickItem {
  action: 'known' | 'folder' | 'hub';
  id?: string;
}

/** Sets the model without a picker (test API). */
export async function useModel(svc: Services, choice: { model?: string; localModelPath?: string }): Promise<void> {
  if (typeof choice.localModelPath === 'string') return useLocalFolder(svc, choice.localModelPath);
  if (typeof choice.model === 'string') return useHubModel(svc, choice.model);
}

export async function selectModel(svc: Services): Promise<void> {

  const settings = svc.settings();
  const current = modelKey(settings);
  const items: ModelItem[] = KNOWN_MODELS.map((m) => ({
    label: m.id === current ? `$(check) ${m.id}` : m.id,
    description: `${m.sizeMb} MB${m.hasQ8 ? ' (q8 available)' : ''}`,
    detail: m.notes,
    action: 'known' as const,
    id: m.id,
  }));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'known' },
    { label: '$(folder) Local folder...', detail: 'A folder in Hugging Face hub layout (config.json, tokenizer.json, onnx/model.onnx)', action: 'folder' },
    { label: '$(globe) Other hub id...', detail: 'Any cross-encoder on the hub with ONNX weights, e.g. BAAI/bge-reranker-base', action: 'hub' },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Rerank Lens: Select Model',
    placeHolder: `Current: ${current}`,
    matchOnDetail: true,
  });
  if (!picked) return;
  if (picked.action === 'known' && picked.id) return useHubModel(svc, picked.id);
  if (picked.action === 'folder') {
    const folder = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Use This Model' });
    if (!folder?.[0]) return;
    const missing = missingModelFiles(folder[0].fsPath);
    if (missing.length > 0) {
      const answer = await notify.ask(
        `${folder[0].fsPath} does not look like a model folder in hub layout: ${missing.join(', ')} not found.`,
        'A cross-encoder folder holds config.json, tokenizer.json and onnx/model.onnx (or onnx/model_quantized.onnx for q8).',
        'Use Anyway',
      );
      if (answer !== 'Use Anyway') return;
    }
    return useLocalFolder(svc, folder[0].fsPath);
  }
  const id = await vscode.window.showInputBox({
    title: 'Rerank Lens: Hugging Face hub id',
    placeHolder: 'owner/name, e.g. cross-encoder/ms-marco-MiniLM-L-12-v2',
    value: settings.localModelPath ? '' : settings.model,
    validateInput: (v) => (HUB_ID.test(v.trim()) ? undefined : 'Enter a hub id in the form owner/name'),
  });
  if (id) return useHubModel(svc, id.trim());
}

async function useHubModel(svc: Services, id: string): Promise<void> {
  if (!HUB_ID.test(id)) {
    void notify.error(`Rerank Lens: "${id}" is not a hub id (owner/name).`);
    return;
  }
  const cfg = vscode.workspace.getConfiguration(SECTION);
  await cfg.update('model', id, writeTarget('model'));
  await clearLocalModelPath();
  svc.log.info(`Model set to ${id}`);
  svc.statusBar.setModel(modelKey(svc.settings()));
}

async function useLocalFolder(svc: Services, folder: string): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  await cfg.update('localModelPath', folder, writeTarget('localModelPath'));
  svc.log.info(`Model set to local folder ${folder}`);
  svc.statusBar.setModel(modelKey(svc.settings()));
}

/** A local folder wins over the hub id: clear it wherever it is set so the chosen hub model applies. */
async function clearLocalModelPath(): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const info = cfg.inspect<string>('localModelPath');
  if (info?.globalValue) await cfg.update('localModelPath', undefined, vscode.ConfigurationTarget.Global);
  if (info?.workspaceValue && vscode.workspace.isTrusted) await cfg.update('localModelPath', undefined, vscode.ConfigurationTarget.Workspace);
}

/** Files a hub-layout model folder needs that `folder` lacks (empty when it looks right). */
export function missingModelFiles(folder: string): string[] {
  const has = (...p: string[]) => fs.existsSync(path.join(folder, ...p));
  const missing: string[] = [];
  if (!has('config.json')) missing.push('config.json');
  if (!has('tokenizer.json')) missing.push('tokenizer.json');
  if (!has('onnx', 'model.onnx') && !has('onnx', 'model_quantized.onnx')) missing.push('onnx/model.onnx');
  return missing;
}
