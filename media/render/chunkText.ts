// A chunk's text as DOM: text nodes only, query terms wrapped in <mark>, and the part the model never
// saw (after truncation) in a dimmed span. The chunk is untrusted: nothing here parses it as HTML.
import type { HighlightRange } from '../../src/core/highlight';
import { h } from '../dom';

/** Appends text[from, to) to `parent`, with the parts inside `ranges` as <mark>. */
function appendHighlighted(parent: HTMLElement, text: string, from: number, to: number, ranges: readonly HighlightRange[]) {
  const doc = parent.ownerDocument;
  let at = from;
  for (const [rs, re] of ranges) {
    const s = Math.max(rs, from);
    const e = Math.min(re, to);
    if (e <= s) continue;
    if (s > at) parent.appendChild(doc.createTextNode(text.slice(at, s)));
    parent.appendChild(h(doc, 'mark', undefined, text.slice(s, e)));
    at = e;
  }
  if (at < to) parent.appendChild(doc.createTextNode(text.slice(at, to)));
}

/**
 * Fills `target` with the chunk text. `truncatedAtChar` (UTF-16 offset, from the engine) starts the
 * part the model never saw; it goes in `<span class="unseen">`, highlighted like the rest.
 */
export function fillChunkText(target: HTMLElement, text: string, ranges: readonly HighlightRange[], truncatedAtChar: number | null | undefined, titleLength = 0) {
  while (target.firstChild) target.removeChild(target.firstChild);
  const cut = truncatedAtChar === null || truncatedAtChar === undefined ? text.length : Math.max(0, Math.min(text.length, truncatedAtChar));
  let from = 0;
  // A title (BEIR `title + " " + text`) on a line of its own: the joining space becomes the line break.
  if (titleLength > 0 && titleLength < cut && text.charAt(titleLength) === ' ') {
    const title = h(target.ownerDocument, 'span', { class: 'chunk-title' });
    appendHighlighted(title, text, 0, titleLength, ranges);
    target.appendChild(title);
    target.appendChild(target.ownerDocument.createTextNode('\n'));
    from = titleLength + 1;
  }
  appendHighlighted(target, text, from, cut, ranges);
  if (cut < text.length) {
    const unseen = h(target.ownerDocument, 'span', { class: 'unseen', title: 'Not seen by the model: cut by truncation at the max length' });
    appendHighlighted(unseen, text, cut, text.length, ranges);
    target.appendChild(unseen);
  }
}

export function renderChunkText(doc: Document, text: string, ranges: readonly HighlightRange[], truncatedAtChar: number | null | undefined): HTMLElement {
  const el = h(doc, 'div', { class: 'chunk-text' });
  fillChunkText(el, text, ranges, truncatedAtChar);
  return el;
}
