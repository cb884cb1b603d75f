// Mounts the labelled-set view beside the per-query view in the same panel: the lab's messages go
// to it, 'labMode' switches which view shows, and in the per-query view a bar leads back to the set.
import type { LabWebviewMessage } from '../../src/panel/lab/protocol';
import { parseLabHostMessage } from '../../src/panel/lab/protocol';
import { h } from '../dom';
import { LabView } from './labView';

export class LabMount {
  view?: LabView;
  mode: 'query' | 'lab' = 'query';
  private readonly bar: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    /** The per-query view's top-level elements, hidden while the lab shows. */
    private readonly queryView: () => HTMLElement[],
    private readonly post: (m: LabWebviewMessage) => void,
  ) {
    const doc = root.ownerDocument;
    const back = h(doc, 'button', { type: 'button', class: 'secondary lab-back' }, '← Labelled set: all queries');
    back.addEventListener('click', () => this.post({ type: 'labShow' }));
    this.bar = h(doc, 'div', { class: 'lab-bar', hidden: true }, back);
    root.prepend(this.bar);
  }

  /** Handles a lab message; false when `raw` is not one (the per-query view handles it). */
  handle(raw: unknown): boolean {
    const msg = parseLabHostMessage(raw);
    if (!msg) return false;
    if (!this.view) {
      this.view = new LabView(this.root.ownerDocument, this.post);
      this.view.el.hidden = true;
      this.root.append(this.view.el);
    }
    if (msg.type === 'labMode') {
      // Another input took the panel: no way back to a set that is gone (it led to the old lab).
      if (msg.closed) this.view.data = undefined;
      this.setMode(msg.mode);
    }
    else {
      // Another set in this panel starts at the top, not at the previous set's scroll offset.
      if (msg.type === 'lab' && this.view.data && this.view.data.sourceLabel !== msg.data.sourceLabel) {
        this.labScroll = 0;
        this.root.ownerDocument.defaultView?.scrollTo(0, 0);
      }
      this.view.handle(msg);
      if (msg.type === 'lab') this.setMode('lab');
    }
    return true;
  }

  /** Where the lab was scrolled to when a query was opened from it, restored on the way back. */
  private labScroll = 0;

  setMode(mode: 'query' | 'lab'): void {
    const from = this.mode;
    const win = this.root.ownerDocument.defaultView;
    // The panel scrolls as one document: without this the per-query view opened at the lab's scroll
    // offset (its controls, the way back and the first rows under the sticky header) and the way back
    // landed at the top of the lab, far from the query table. Only on a real switch (after the click
    // that caused it has ended), never on focus or a mouse press.
    if (from === 'lab' && mode === 'query' && this.view && !this.view.el.hidden) this.labScroll = win?.scrollY ?? 0;
    this.mode = mode;
    const lab = mode === 'lab' && this.view !== undefined;
    if (this.view) this.view.el.hidden = !lab;
    for (const el of this.queryView()) el.classList.toggle('lab-hidden', lab);
    this.bar.hidden = lab || this.view?.data === undefined;
    if (mode === 'query' && this.view && this.view.data === undefined) this.bar.hidden = true;
    if (from !== mode && win) {
      if (mode === 'query') win.scrollTo(0, 0);
      else if (lab) {
        win.scrollTo(0, this.labScroll);
        this.view?.focusOpened();
      }
    }
  }
}
