// Asking for the query: a quick pick where typing gives a new query and the list offers the recent
// queries of this workspace (workspaceState), most recent first.
import { safeLabel } from './notify';
import * as vscode from 'vscode';

const RECENT_KEY = 'rerankLens.recentQueries';
const MAX_RECENT = 20;

export function recentQueries(ctx: vscode.ExtensionContext): string[] {
  const v = ctx.workspaceState.get<unknown>(RECENT_KEY);
  return Array.isArray(v) ? v.filter((q): q is string => typeof q === 'string') : [];
}

export async function rememberQuery(ctx: vscode.ExtensionContext, query: string): Promise<void> {
  const q = query.trim();
  if (!q) return;
  const list = [q, ...recentQueries(ctx).filter((x) => x !== q)].slice(0, MAX_RECENT);
  await ctx.workspaceState.update(RECENT_KEY, list);
}

interface QueryItem extends vscode.QuickPickItem {
  query: string;
}

/** Resolves with the trimmed query, or undefined when the user dismissed the picker. */
export function askQuery(ctx: vscode.ExtensionContext, opts: { title: string; value?: string }): Promise<string | undefined> {
  const recent = recentQueries(ctx);
  const qp = vscode.window.createQuickPick<QueryItem>();
  qp.title = opts.title;
  qp.placeholder = recent.length > 0 ? 'Type the query the chunks were retrieved for, or pick a recent one' : 'Type the query the chunks were retrieved for';
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = false;
  const recentItems: QueryItem[] = recent.map((q) => ({ label: safeLabel(q), query: q, description: 'recent' }));
  const itemsFor = (typed: string): QueryItem[] => {
    const t = typed.trim();
    if (!t) return recentItems;
    const typedItem: QueryItem = { label: safeLabel(t), query: t, description: 'press Enter to use this query', alwaysShow: true };
    return [typedItem, ...recentItems.filter((i) => i.query !== t)];
  };
  qp.value = opts.value ?? '';
  qp.items = itemsFor(qp.value);
  return new Promise((resolve) => {
    let result: string | undefined;
    qp.onDidChangeValue((v) => (qp.items = itemsFor(v)));
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0] ?? qp.activeItems[0];
      const q = (picked?.query ?? qp.value).trim();
      if (!q) return;
      result = q;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      if (result) void rememberQuery(ctx, result);
      resolve(result);
    });
    qp.show();
  });
}
