// VS Code's proxy settings as the variables src/node/proxy.ts reads. People behind a company proxy
// set `http.proxy` once for VS Code; the engine (model downloads) and rerank servers then go through
// it too. The setting wins over the environment, as it does for VS Code itself; `http.noProxy` adds
// to NO_PROXY. `http.proxySupport: off` means "no proxy from VS Code": the environment alone decides.
import * as vscode from 'vscode';

export function vscodeProxyEnv(): Record<string, string> {
  const http = vscode.workspace.getConfiguration('http');
  if (http.get<string>('proxySupport') === 'off') return {};
  const proxy = (http.get<string>('proxy') ?? '').trim();
  const noProxy = (http.get<string[]>('noProxy') ?? []).filter((x) => typeof x === 'string' && x.trim() !== '');
  const out: Record<string, string> = {};
  if (proxy) {
    out.HTTPS_PROXY = out.https_proxy = proxy;
    out.HTTP_PROXY = out.http_proxy = proxy;
  }
  if (noProxy.length) {
    const existing = process.env.NO_PROXY ?? process.env.no_proxy ?? '';
    out.NO_PROXY = out.no_proxy = [existing, ...noProxy].filter(Boolean).join(',');
  }
  return out;
}

/** This process's environment with VS Code's proxy settings over it (for scorers built here). */
export function envWithVscodeProxy(): Record<string, string | undefined> {
  return { ...process.env, ...vscodeProxyEnv() };
}
