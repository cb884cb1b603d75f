// Activation is wiring only: the log, the status bar, the (lazy) engine, the panel serializer and the
// commands. Nothing here forks the engine or reads files; the first rerank does.
import * as vscode from 'vscode';
import { registerCommands } from './commands/index';
import { createServices, type Services } from './commands/services';
import { createLog } from './log';
import { PANEL_VIEW_TYPE, RerankPanel, RerankPanelSerializer } from './panel/RerankPanel';
import type { PanelState } from './panel/protocol';
import { modelKey, readSettings, SECTION, type Settings } from './settings';
import { ModelStatusBar } from './statusBar';

/**
 * TEST-ONLY API returned from activate(), for the integration suites (test/integration/*.test.ts)
 * to look inside the running extension. Not a public API: it may change at any time.
 */
export interface RerankLensTestApi {
  /** The open panel's state (rows, status, query, model...), or undefined when no panel is open. */
  panelState(): PanelState | undefined;
  /** Resolves when the panel's current scoring run (if any) has finished. */
  whenIdle(): Promise<void>;
  /** The settings as the extension resolved them (workspace trust applied). */
  settings(): Settings;
  /** The folder downloaded models are cached in (under globalStorageUri). */
  modelCacheDir(): string;
  /** The status bar's model state. */
  modelState(): ReturnType<ModelStatusBar['current']>;
}

let services: (Services & vscode.Disposable) | undefined;

export function activate(context: vscode.ExtensionContext): RerankLensTestApi {
  const log = createLog();
  context.subscriptions.push(log);
  log.info(`Rerank Lens ${String((context.extension.packageJSON as { version?: unknown }).version)} activating (VS Code ${vscode.version}, trusted: ${vscode.workspace.isTrusted})`);

  const statusBar = new ModelStatusBar(modelKey(readSettings()));
  context.subscriptions.push(statusBar);
  const svc = createServices(context, log, statusBar);
  services = svc;
  context.subscriptions.push(svc);

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, new RerankPanelSerializer(svc)),
    ...registerCommands(svc),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      const s = readSettings();
      statusBar.setModel(modelKey(s));
      if (s.ignoredUntrusted.length > 0) log.warn(`Untrusted workspace: ignoring workspace values of ${s.ignoredUntrusted.join(', ')}`);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => statusBar.setModel(modelKey(readSettings()))),
    { dispose: () => RerankPanel.current?.dispose() },
  );

  return {
    panelState: () => RerankPanel.current?.getState(),
    whenIdle: async () => RerankPanel.current?.whenIdle(),
    settings: readSettings,
    modelCacheDir: () => svc.modelCacheDir,
    modelState: () => statusBar.current(),
  };
}

export function deactivate(): void {
  services?.disposeEngine();
  services = undefined;
}
