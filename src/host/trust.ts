// Workspace trust, as the user hears of it: once per session, say that workspace values of restricted
// settings (model, localModelPath, hubUrl) were ignored because the workspace is not trusted.
import * as vscode from 'vscode';
import { notify } from './notify';

let warned = false;

export function warnIgnoredUntrusted(keys: readonly string[]): void {
  if (keys.length === 0 || warned) return;
  warned = true;
  void notify
    .warn(
      `Rerank Lens: this workspace is not trusted, so its ${keys.join(', ')} setting${keys.length > 1 ? 's are' : ' is'} ignored; your user settings are used instead.`,
      'Manage Workspace Trust',
    )
    .then((a) => (a ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
}
