// A DOM for webview tests: happy-dom (a browser DOM implementation in Node), so the real rendering
// code runs unchanged. VS Code's webview API (acquireVsCodeApi) cannot run outside a webview, so a
// recording stand-in captures postMessage/setState: it only records, it decides nothing.
import { Window } from 'happy-dom';
import type { VsCodeApi } from '../../../media/dom';
import type { WebviewMessage } from '../../../src/panel/protocol';
import { App } from '../../../media/app';

export interface Harness {
  window: Window;
  document: Document;
  root: HTMLElement;
  app: App;
  posted: WebviewMessage[];
  saved: unknown[];
  close(): Promise<void>;
}

export function newDocument(opts: { width?: number; height?: number } = {}): { window: Window; document: Document } {
  const window = new Window({ url: 'https://webview.test/', ...(opts.width ? { width: opts.width } : {}), ...(opts.height ? { height: opts.height } : {}) });
  return { window, document: window.document as unknown as Document };
}

export function mountApp(opts: { width?: number; height?: number } = {}): Harness {
  const { window, document } = newDocument(opts);
  const root = document.createElement('div');
  root.id = 'app';
  document.body.appendChild(root);
  const posted: WebviewMessage[] = [];
  const saved: unknown[] = [];
  const api: VsCodeApi = {
    postMessage: (m) => posted.push(m),
    getState: () => saved[saved.length - 1],
    setState: (s) => saved.push(JSON.parse(JSON.stringify(s))),
  };
  const app = new App(root, api);
  return { window, document, root, app, posted, saved, close: () => window.happyDOM.close() };
}

/** Fires an input/change event the way a user's slider move or typing would. */
export function setInput(el: HTMLInputElement, value: string, type: 'input' | 'change' = 'input') {
  el.value = value;
  el.dispatchEvent(new (el.ownerDocument.defaultView as unknown as typeof globalThis).Event(type, { bubbles: true }));
}
