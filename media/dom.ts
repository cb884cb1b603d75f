// Tiny DOM helpers for the webview. Everything that comes from data goes in as text (textContent /
// text nodes); attributes are set with setAttribute on our own names only. There is no innerHTML here.
import type { WebviewMessage } from '../src/panel/protocol';

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** What VS Code's acquireVsCodeApi() gives the webview (a stand-in in tests and the harness). */
export interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | null | undefined | false;

function setAttrs(e: Element, attrs?: Attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(e: Node, children: Child[]) {
  const doc = e.ownerDocument!;
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
  }
}

/** An HTML element with attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

/** An SVG element in the SVG namespace. */
export function s<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attrs?: Attrs, ...children: Child[]): SVGElementTagNameMap[K] {
  const e = doc.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

/** A codicon glyph; decorative, so hidden from screen readers (the text beside it says the same). */
export function icon(doc: Document, name: string): HTMLElement {
  return h(doc, 'span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

export function clear(e: Element) {
  while (e.firstChild) e.removeChild(e.firstChild);
}

/** Replace an element's text only when it changed (cheap updates on every batch and slider move). */
export function setText(e: Element, text: string) {
  if (e.textContent !== text) e.textContent = text;
}

export function toggleClass(e: Element, name: string, on: boolean) {
  if (e.classList.contains(name) !== on) e.classList.toggle(name, on);
}

/** Calls `fn` at most once per `ms`, with the latest arguments (trailing edge). */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): ((...a: A) => void) & { flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: A | undefined;
  const run = () => {
    timer = undefined;
    if (last) {
      const a = last;
      last = undefined;
      fn(...a);
    }
  };
  const wrapped = (...a: A) => {
    last = a;
    if (timer === undefined) timer = setTimeout(run, ms);
  };
  wrapped.flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    run();
  };
  return wrapped;
}
