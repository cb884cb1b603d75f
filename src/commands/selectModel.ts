// Select Model: the known cross-encoders with size and notes, a local folder, or any hub id. The
// current model is the highlighted entry (one Enter keeps it). In a workspace it asks where to save:
// this workspace (.vscode/settings.json, shared) or the user settings; only that scope is written
// (src/commands/modelWrite.ts), and a workspace's local folder is never removed silently. The command
// takes no arguments: a command link in a notification or a hover must not be able to switch the
// model or write settings. The test API sets a model through useModel().
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cpuInt8FromFlags, readCpuFlags } from '../engine/int8Files';
import { KNOWN_MODELS, q8Hint } from '../engine/defaults';
import { modelKey, SECTION } from '../host/settings';
import type { Services } from '../host/services';
import { notify, safeLabel } from '../host/notify';
import { RerankPanel } from '../panel/RerankPanel';
import { planModelWrite, type ModelChoice, type ModelSettingsNow, type Scope } from './modelWrite';

export const HUB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface ModelItem extends vscode.QuickPickItem {
  action: 'known' | 'folder' | 'hub' | 'current';
  id?: string;
}

/** Sets the model without a picker (test API). `scope` defaults to where the key is set now, else user. */
export async function useModel(svc: Services, choice: { model?: string; localModelPath?: string; scope?: Scope }): Promise<void> {
  if (typeof choice.localModelPath === 'string') return applyChoice(svc, { kind: 'folder', path: choice.localModelPath }, choice.scope ?? defaultScope('localModelPath'));
  if (typeof choice.model === 'string') {
    if (!HUB_ID.test(choice.model)) {
      void notify.error(`Rerank Lens: "${choice.model}" is not a hub id (owner/name).`);
      return;
    }
    return applyChoice(svc, { kind: 'hub', id: choice.model }, choice.scope ?? defaultScope('model'));
  }
}

export async function selectModel(svc: Services): Promise<void> {

  const settings = svc.settings();
  const current = modelKey(settings);
  const items: ModelItem[] = [];
  // A local folder in use is listed first, so it is what one Enter keeps (the default hub model was
  // pre-highlighted before, and one Enter replaced the workspace's folder).
  if (settings.localModelPath) {
    items.push({ label: `$(folder) ${safeLabel(path.basename(settings.localModelPath))}`, description: 'local folder, current', detail: safeLabel(settings.localModelPath), action: 'current' });
  } else if (!KNOWN_MODELS.some((m) => m.id === current)) {
    // A hub id of the user's own: listed too, so it (not the default) is what one Enter keeps.
    items.push({ label: `$(check) ${safeLabel(current)}`, description: 'current', action: 'current' });
  }
  items.push(...KNOWN_MODELS.map((m) => ({
    label: m.id === current ? `$(check) ${m.id}` : m.id,
    // Which int8 file q8 would run on this CPU, from its flags (the engine also probes onnxruntime).
    description: `${m.sizeMb} MB · ${q8Hint(m, cpuInt8FromFlags(process.arch, readCpuFlags()))}`,
    detail: m.notes,
    action: 'known' as const,
    id: m.id,
  })));
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'known' },
    { label: '$(folder) Local folder...', detail: 'A folder in Hugging Face hub layout (config.json, tokenizer.json, onnx/model.onnx)', action: 'folder' },
    { label: '$(globe) Other hub id...', detail: 'Any cross-encoder on the hub with ONNX weights, e.g. BAAI/bge-reranker-base', action: 'hub' },
  );
  const picked = await pickWithActive(items, (i) => (i.action === 'current' || (i.action === 'known' && i.id === current)), {
    title: 'Rerank Lens: Select Model',
    placeholder: `Current: ${safeLabel(current)}`,
  });
  if (!picked || picked.action === 'current') return;
  if (picked.action === 'known' && picked.id) {
    if (picked.id === current && !settings.localModelPath) return;
    return chooseScopeAndApply(svc, { kind: 'hub', id: picked.id });
  }
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
    return chooseScopeAndApply(svc, { kind: 'folder', path: folder[0].fsPath });
  }
  const id = await vscode.window.showInputBox({
    title: 'Rerank Lens: Hugging Face hub id',
    placeHolder: 'owner/name, e.g. cross-encoder/ms-marco-MiniLM-L-12-v2',
    value: settings.localModelPath ? '' : settings.model,
    validateInput: (v) => (HUB_ID.test(v.trim()) ? undefined : 'Enter a hub id in the form owner/name'),
  });
  if (id) return chooseScopeAndApply(svc, { kind: 'hub', id: id.trim() });
}

/** A quick pick with one item highlighted (showQuickPick always highlights the first). */
function pickWithActive<T extends vscode.QuickPickItem>(items: T[], isActive: (item: T) => boolean, opts: { title: string; placeholder: string }): Promise<T | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  qp.title = opts.title;
  qp.placeholder = opts.placeholder;
  qp.matchOnDetail = true;
  qp.items = items;
  const active = items.find(isActive);
  if (active) qp.activeItems = [active];
  return new Promise((resolve) => {
    let result: T | undefined;
    qp.onDidAccept(() => {
      result = qp.selectedItems[0] ?? qp.activeItems[0];
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(result);
    });
    qp.show();
  });
}

/** Where the key is set now: the workspace when it overrides it there, else the user settings. */
function defaultScope(key: 'model' | 'localModelPath'): Scope {
  const info = vscode.workspace.getConfiguration(SECTION).inspect(key);
  return info?.workspaceValue !== undefined && vscode.workspace.isTrusted ? 'workspace' : 'user';
}

function settingsNow(): ModelSettingsNow {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const m = cfg.inspect<string>('model');
  const l = cfg.inspect<string>('localModelPath');
  return {
    workspace: { model: m?.workspaceValue || undefined, localModelPath: l?.workspaceValue || undefined },
    user: { model: m?.globalValue || undefined, localModelPath: l?.globalValue || undefined },
  };
}

/** Asks where to save (only with a trusted workspace folder open), then writes. */
async function chooseScopeAndApply(svc: Services, choice: ModelChoice): Promise<void> {
  if (choice.kind === 'hub' && !HUB_ID.test(choice.id)) {
    void notify.error(`Rerank Lens: "${choice.id}" is not a hub id (owner/name).`);
    return;
  }
  let scope: Scope = 'user';
  if (vscode.workspace.workspaceFolders?.length && vscode.workspace.isTrusted) {
    const now = settingsNow();
    const forUser = planModelWrite(choice, 'user', now);
    const forWs = planModelWrite(choice, 'workspace', now);
    const items: (vscode.QuickPickItem & { scope: Scope })[] = [
      {
        label: '$(account) User settings',
        description: 'all your workspaces',
        detail: [
          forUser.writes.some((w) => w.value === undefined) ? `Also removes your user localModelPath (${safeLabel(now.user.localModelPath ?? '')}), which would win over the hub model.` : '',
          forUser.stillWins ? `This workspace's own ${forUser.stillWins.key} (${safeLabel(forUser.stillWins.value)}) stays and still applies here.` : 'The workspace settings are not changed.',
        ].filter(Boolean).join(' '),
        scope: 'user',
      },
      {
        label: '$(folder) This workspace',
        description: '.vscode/settings.json, shared with everyone who opens this folder',
        detail: forWs.writes.some((w) => w.value === undefined) ? `Also removes this workspace's localModelPath (${safeLabel(now.workspace.localModelPath ?? '')}), which would win over the hub model.` : 'Your user settings are not changed.',
        scope: 'workspace',
      },
    ];
    const where = await pickWithActive(items, (i) => i.scope === defaultScope(choice.kind === 'hub' ? 'model' : 'localModelPath'), {
      title: `Rerank Lens: save ${choice.kind === 'hub' ? choice.id : path.basename(choice.path)} where?`,
      placeholder: 'Where should the model setting be saved?',
    });
    if (!where) return;
    scope = where.scope;
  }
  return applyChoice(svc, choice, scope);
}

async function applyChoice(svc: Services, choice: ModelChoice, scope: Scope): Promise<void> {
  const plan = planModelWrite(choice, scope, settingsNow());
  const cfg = vscode.workspace.getConfiguration(SECTION);
  for (const w of plan.writes) {
    await cfg.update(w.key, w.value, w.scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }
  svc.log.info(`Model set to ${choice.kind === 'hub' ? choice.id : `local folder ${choice.path}`} in the ${scope} settings`);
  if (plan.stillWins) {
    void notify.warn(`Rerank Lens: saved in your user settings, but this workspace sets ${plan.stillWins.key} to ${plan.stillWins.value}, which still applies here. Choose "This workspace" to change it for this folder.`);
  }
  svc.statusBar.setModel(modelKey(svc.settings()));
  // A panel showing an error (or the previous model's scores) reruns with the model now configured.
  await RerankPanel.current?.modelChanged();
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
