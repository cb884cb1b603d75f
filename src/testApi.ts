// TEST-ONLY: what activate() returns so the integration suites (test/integration/*.test.ts) can look
// inside the running extension and play the webview's part. Not a public API; it may change any time.
import * as vscode from 'vscode';
import { deleteModelCache } from './commands/clearModelCache';
import { exportLabelsTo } from './commands/exportLabels';
import { exportResultsTo, lastExportCoverage, type ExportCoverage, type ExportStyle } from './commands/exportResults';
import { recentQueries } from './host/queryInput';
import { pathPicksShown } from './commands/rerank';
import { useModel } from './commands/selectModel';
import type { Services } from './host/services';
import { readSettings, type Settings } from './host/settings';
import type { ModelState } from './host/statusBar';
import { webviewOptions } from './panel/html';
import type { PanelState } from './panel/protocol';
import type { LabData } from './panel/lab/protocol';
import type { CompareData, CompareStatus } from './panel/compare/protocol';
import { PANEL_VIEW_TYPE, RerankPanel, RerankPanelSerializer } from './panel/RerankPanel';

export interface RerankLensTestApi {
  /** The open panel's state (rows, status, query, model...), or undefined when no panel is open. */
  panelState(): PanelState | undefined;
  /** Resolves when the panel's current scoring run (if any) has finished. */
  whenIdle(): Promise<void>;
  /** Hands `raw` to the panel host exactly as if the webview had posted it (validation included). */
  sendFromWebview(raw: unknown): Promise<void>;
  /** What the "Why?" host (src/panel/explain/) posted to the webview, newest last (at most 50). */
  explainPosted(): readonly unknown[];
  /** A window reload in miniature: disposes the panel and restores a new one from `saved` (default:
   *  a copy of the current state) through the registered serializer's code path. */
  simulateReload(saved?: unknown): Promise<void>;
  /** The settings as the extension resolved them (workspace trust applied). */
  settings(): Settings;
  /** The folder downloaded models are cached in (under globalStorageUri). */
  modelCacheDir(): string;
  /** The status bar's model state. */
  modelState(): ModelState;
  /** Process id of the engine child process, if one runs. */
  enginePid(): number | undefined;
  /** The labelled set's data as the lab view last got it (queries with their scores and labels). */
  labSnapshot(): LabData | undefined;
  /** Issue 10: the compare view's data and last status (undefined when none is open). */
  compareSnapshot(): { data: CompareData; status?: CompareStatus } | undefined;
  /** Attaches a qrels text to the open labelled set (what Attach Relevance Labels does after its dialog). */
  attachLabels(text: string, source: string): Promise<boolean | undefined>;
  /** Export without dialogs (the command itself always asks where to write). */
  exportTo(style: ExportStyle, destination: vscode.Uri, opts?: { scoreMissing?: boolean }): Promise<vscode.Uri | undefined>;
  /** What the last export covered (sets with scores of sets with chunks). */
  exportCoverage(): ExportCoverage | undefined;
  /** The recent queries the query box offers (workspace state). */
  recentQueries(): string[];
  /** The model status bar item's text and tooltip. */
  statusBarText(): { text: string; tooltip: string };
  /** How many path pickers (unrecognised shapes) have opened so far. */
  pathPicksShown(): number;
  /** Clear Model Cache without its confirmation (the command itself always asks). */
  clearModelCache(): Promise<boolean>;
  /** Issue 14: the panel's saved judgments (qrels file and its judgments) once pending saves are done. */
  savedLabels(): Promise<{ file?: string; qrels: Record<string, Record<string, number>> } | undefined>;
  /** Export Labels of the panel's input without dialogs. */
  exportLabelsTo(format: 'trec' | 'beir', destination: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** Select Model without the picker (the command itself takes no arguments). */
  useModel(choice: { model?: string; localModelPath?: string; scope?: 'workspace' | 'user' }): Promise<void>;
}

export function createTestApi(svc: Services): RerankLensTestApi {
  return {
    panelState: () => RerankPanel.current?.getState(),
    whenIdle: async () => RerankPanel.current?.whenIdle(),
    sendFromWebview: async (raw) => RerankPanel.current?.receive(raw),
    explainPosted: () => [...(RerankPanel.current?.explainer.posted ?? [])],
    simulateReload: async (saved) => {
      const state = saved ?? JSON.parse(JSON.stringify(RerankPanel.current?.getState() ?? null));
      RerankPanel.current?.dispose();
      const webviewPanel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Rerank Lens', vscode.ViewColumn.Beside, webviewOptions(svc.context.extensionUri));
      await new RerankPanelSerializer(svc).deserializeWebviewPanel(webviewPanel, state);
    },
    settings: readSettings,
    modelCacheDir: () => svc.modelCacheDir,
    modelState: () => svc.statusBar.current(),
    enginePid: () => svc.enginePid(),
    labSnapshot: () => RerankPanel.current?.labController?.snapshot(),
    compareSnapshot: () => {
      const c = RerankPanel.current?.comparer;
      return c ? { data: c.snapshot(), ...(c.lastStatusSent ? { status: c.lastStatusSent } : {}) } : undefined;
    },
    attachLabels: async (text, source) => RerankPanel.current?.labController?.attachLabelsText(text, source),
    exportTo: (style, destination, opts) => exportResultsTo(svc, style, destination, opts),
    exportCoverage: () => lastExportCoverage(),
    recentQueries: () => recentQueries(svc.context),
    statusBarText: () => svc.statusBar.shown(),
    pathPicksShown: () => pathPicksShown(),
    clearModelCache: () => deleteModelCache(svc),
    useModel: (choice) => useModel(svc, choice),
    savedLabels: async () => {
      const host = RerankPanel.current?.labels;
      if (!host) return undefined;
      await host.whenSettled();
      const c = host.current();
      return { file: c.file, qrels: Object.fromEntries([...c.qrels].map(([q, d]) => [q, Object.fromEntries(d)])) };
    },
    exportLabelsTo: async (format, destination) => {
      const c = RerankPanel.current?.labels.current();
      return c?.root && c.name ? exportLabelsTo(svc, { root: c.root, name: c.name }, format, destination) : undefined;
    },
  };
}
