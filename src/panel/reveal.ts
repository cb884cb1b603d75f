// Reveal: a click on a row selects the chunk's text in its document, in the editor the chunks came
// from (never on top of the panel).
import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { notify } from '../host/notify';
import type { PanelRow } from './protocol';

export async function revealRow(svc: Services, row: PanelRow, sourceUri: string, columns: { panel?: vscode.ViewColumn; input?: vscode.ViewColumn }): Promise<void> {
  if (!row.source) return;
  const uri = vscode.Uri.parse(sourceUri);
  try {
    const doc = await vscode.workspace.openTextDocument(uri);
    const src = row.source;
    const range = doc.validateRange(new vscode.Range(src.startLine, src.startColumn, src.endLine, src.endColumn));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const fallback = columns.panel === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    const column = visible?.viewColumn ?? (columns.input !== columns.panel ? columns.input : undefined) ?? fallback;
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (e) {
    svc.log.error(`Could not reveal chunk ${row.id} in ${uri.toString()}`, e);
    void notify.warn(`Rerank Lens: could not open ${uri.fsPath || uri.toString()} to reveal the chunk.`);
  }
}
