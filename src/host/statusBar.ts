// The status bar item: which model is configured and what state it is in (not loaded, loading,
// downloading %, ready, error). Clicking it opens Select Model.
import * as vscode from 'vscode';
import { neutralize } from '../core/safeText';
import { COMMANDS, STATUS_BAR_ID } from './commandIds';
import { modelNoteFor } from './modelNote';
import { shortModelName } from './settings';

export type ModelState =
  | { kind: 'not-loaded' }
  | { kind: 'loading' }
  | { kind: 'downloading'; percent?: number; file?: string }
  | { kind: 'scoring'; done: number; total: number }
  | { kind: 'ready'; detail?: string }
  | { kind: 'error'; message: string };

export class ModelStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private model = '';
  /** "test model, scores are meaningless" for a generated test model folder. */
  private note: string | undefined;
  private state: ModelState = { kind: 'not-loaded' };

  constructor(model: string) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Rerank Lens Model';
    this.item.command = COMMANDS.selectModel;
    this.model = model;
    this.note = modelNoteFor(model);
    this.render();
    this.item.show();
  }

  current(): ModelState {
    return this.state;
  }

  /** The item's text and tooltip as shown (tests). */
  shown(): { text: string; tooltip: string } {
    return { text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

  /** A different model was configured: it is not loaded until the next run. */
  setModel(model: string): void {
    if (model === this.model) return;
    this.model = model;
    this.note = modelNoteFor(model);
    this.state = { kind: 'not-loaded' };
    this.render();
  }

  set(state: ModelState): void {
    this.state = state;
    this.render();
  }

  private render(): void {
    // The model id and error messages come from settings, model folders and servers: no `$(icon)`.
    const name = neutralize(shortModelName(this.model));
    const s = this.state;
    this.item.backgroundColor = undefined;
    switch (s.kind) {
      case 'not-loaded':
        this.item.text = `$(symbol-ruler) ${name}`;
        this.item.tooltip = `Rerank Lens: ${this.model} (not loaded). Click to select a model.`;
        break;
      case 'loading':
        this.item.text = `$(loading~spin) ${name}`;
        this.item.tooltip = `Rerank Lens: loading ${this.model}`;
        break;
      case 'downloading':
        this.item.text = `$(cloud-download) ${name} ${s.percent === undefined ? '' : `${Math.floor(s.percent)}%`}`.trimEnd();
        this.item.tooltip = `Rerank Lens: downloading ${this.model}${s.file ? ` (${s.file})` : ''}`;
        break;
      case 'scoring':
        this.item.text = `$(loading~spin) ${name} ${s.done}/${s.total}`;
        this.item.tooltip = `Rerank Lens: scoring with ${this.model}`;
        break;
      case 'ready':
        this.item.text = `$(check) ${name}`;
        this.item.tooltip = `Rerank Lens: ${this.model} ready${s.detail ? ` (${s.detail})` : ''}. Click to select a model.`;
        break;
      case 'error':
        this.item.text = `$(error) ${name}`;
        this.item.tooltip = `Rerank Lens: ${s.message}. Click to select a model.`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    if (this.note) {
      this.item.text += ` (${this.note})`;
      this.item.tooltip = `${String(this.item.tooltip)} This is a ${this.note}.`;
    }
    if (typeof this.item.tooltip === 'string') this.item.tooltip = neutralize(this.item.tooltip);
    this.item.accessibilityInformation = { label: typeof this.item.tooltip === 'string' ? this.item.tooltip : name };
  }

  dispose(): void {
    this.item.dispose();
  }
}
