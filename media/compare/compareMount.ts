// Mounts the compare view in the panel: compare messages go to it; while it shows, every other
// top-level element of the panel (the per-query view, the labelled-set view) is hidden, and 'Back'
// restores exactly what was visible before.
import { parseCompareHostMessage, type CompareWebviewMessage } from '../../src/panel/compare/protocol';
import { CompareView } from './compareView';

export class CompareMount {
  view?: CompareView;
  private hiddenByUs: HTMLElement[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly post: (m: CompareWebviewMessage) => void,
  ) {}

  get open(): boolean {
    return this.view !== undefined && !this.view.el.hidden;
  }

  /** Handles a compare message; false when `raw` is not one. */
  handle(raw: unknown): boolean {
    const msg = parseCompareHostMessage(raw);
    if (!msg) return false;
    if (!this.view) {
      this.view = new CompareView(this.root.ownerDocument, this.post);
      this.view.el.hidden = true;
      this.root.append(this.view.el);
    }
    if (msg.type === 'compareMode') this.show(msg.mode === 'compare');
    else {
      this.view.handle(msg);
      if (msg.type === 'compare') this.show(true);
    }
    return true;
  }

  private show(on: boolean): void {
    const view = this.view!;
    if (on === !view.el.hidden) return;
    if (on) {
      this.hiddenByUs = [...this.root.children].filter((e): e is HTMLElement => e !== view.el && !(e as HTMLElement).hidden) as HTMLElement[];
      for (const e of this.hiddenByUs) e.hidden = true;
      view.el.hidden = false;
    } else {
      view.el.hidden = true;
      for (const e of this.hiddenByUs) e.hidden = false;
      this.hiddenByUs = [];
    }
  }
}
