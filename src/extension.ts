// Activation is wiring only: the log, the status bar, the (lazy) engine, the panel serializer and the
// commands. Nothing here forks the engine or reads files; the first rerank does.
import * as vscode from 'vscode';
import { registerCommands } from './commands/index';
import { createServices, type Services } from './host/services';
import { createLog } from './host/log';
import { PANEL_VIEW_TYPE, RerankPanel, RerankPanelSerializer } from './panel/RerankPanel';
import { createTestApi, type RerankLensTestApi } from './testApi';
import { modelKey, readSettings, SECTION } from './host/settings';
import { ModelStatusBar } from './host/statusBar';

let services: (Services & vscode.Disposable) | undefined;

export type { RerankLensTestApi };

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
      // The engine reads the proxy when it starts (host/proxyEnv.ts): the next run starts a new one.
      if (['http.proxy', 'http.noProxy', 'http.proxySupport'].some((k) => e.affectsConfiguration(k))) {
        log.info('Proxy settings changed: the engine restarts with them (after the run in progress, if any).');
        svc.restartEngineWhenIdle();
      }
      // Any settings write may change which model applies (a remote window reloads its machine
      // settings), so the status bar follows every change; the rest only rerankLens ones.
      const s = readSettings();
      statusBar.setModel(modelKey(s));
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.scoreDisplay`)) RerankPanel.current?.setDisplay(s.scoreDisplay);
      if (s.ignoredUntrusted.length > 0) log.warn(`Untrusted workspace: ignoring workspace values of ${s.ignoredUntrusted.join(', ')}`);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => statusBar.setModel(modelKey(readSettings()))),
    { dispose: () => RerankPanel.current?.dispose() },
  );

  // TEST-ONLY: the integration suites read the panel through this (see src/testApi.ts).
  return createTestApi(svc);
}

export function deactivate(): void {
  services?.disposeEngine();
  services = undefined;
}
