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
    const column = revealColumn(uri, columns);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (e) {
    svc.log.error(`Could not reveal chunk ${row.id} in ${uri.toString()}`, e);
    void notify.warn(`Rerank Lens: could not open ${uri.fsPath || uri.toString()} to reveal the chunk.`);
  }
}

/** The group to open the source in: where it is already visible, else where the chunks came from, else
 *  a group that is not the panel's. The panel's group is read from the tab groups when the panel does
 *  not report it (a panel that has not been shown yet, or is being moved), so the document never lands
 *  on top of the panel. */
function revealColumn(uri: vscode.Uri, columns: { panel?: vscode.ViewColumn; input?: vscode.ViewColumn }): vscode.ViewColumn {
  // Where the document is visible, the user is looking at it (a panel in that group is behind it).
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  if (visible?.viewColumn) return visible.viewColumn;
  if (columns.input !== undefined && columns.input !== columns.panel) return columns.input;
  // Nothing to go by: any group that is not the panel's (when the panel does not report its group, the
  // active group if the panel is its active tab), else a new one beside it.
  const active = vscode.window.tabGroups.activeTabGroup;
  const panel = columns.panel ?? (active.activeTab?.input instanceof vscode.TabInputWebview ? active.viewColumn : undefined);
  const other = vscode.window.tabGroups.all.find((g) => g.viewColumn !== panel);
  if (other) return other.viewColumn;
  if (panel === undefined) return vscode.ViewColumn.Beside;
  return panel === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
}
