// The panel's HTML shell. Everything the webview runs comes from dist/ (the only local resource
// root) and a strict Content-Security-Policy allows only our own script, by a nonce that is fresh on
// every load; no inline styles or handlers. Chunk text never goes through here: the webview receives
// it as data in messages and inserts it as text.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function newNonce(): string {
  // 128 random bits; base64 characters are all valid in a CSP nonce source.
  return randomBytes(16).toString('base64');
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string = newNonce()): string {
  const dist = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', ...p)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${dist('codicons', 'codicon.css')}">
<link rel="stylesheet" href="${dist('panel.css')}">
<title>Rerank Lens</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${dist('webview.js')}"></script>
</body>
</html>`;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    enableFindWidget: true,
  };
}
