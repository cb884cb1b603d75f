// Webview entry (bundled by esbuild to dist/webview.js, loaded by the HTML the host builds in
// src/panel/html.ts).
//
// What the page must provide:
//   <div id="app"></div>                         the root this script renders into (created if missing)
//   dist/panel.css and dist/codicons/codicon.css linked as stylesheets
//   a CSP allowing this script by nonce, styles and fonts from webview.cspSource (no inline styles:
//   the script sets sizes through CSSOM, which CSP allows).
//
// Order does not matter: the message listener is attached before `ready` is posted, a state saved
// with vscode.setState (window reload) is shown at once and replaced by the host's fresh `state`,
// and scores arriving before any state are held until one arrives.
import { App } from './app';
import type { VsCodeApi } from './dom';

declare function acquireVsCodeApi(): VsCodeApi;

function start() {
  const api = acquireVsCodeApi();
  let root = document.getElementById('app');
  if (!root) {
    root = document.createElement('div');
    root.id = 'app';
    document.body.appendChild(root);
  }
  const app = new App(root, api);
  window.addEventListener('message', (e: MessageEvent) => app.handleMessage(e.data));
  window.addEventListener('pagehide', () => app.flush());
  app.restore(api.getState());
  api.postMessage({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
