// The host side of judging in the per-query view (issue 14): saves each judgment through the workspace
// label store (src/node/labelStore.ts: `.rerank-lens/labels/<input>-<hash>.qrels` + sidecar, atomic,
// locked), answers the webview with the saved judgments of the rows on screen, follows the file (an
// edit from another window or by hand is picked up and re-posted), reports malformed lines with their
// line numbers (the rest still loads), and hands the file's judgments to the open labelled-set view so
// its metrics, sweep and recommended cutoffs follow. RerankPanel calls stateChanged() after each state
// it posts and handle() for each `labelSet`; everything runs one step at a time (a queue), so two quick
// keys on one row are saved in the order they were pressed.
import * as vscode from 'vscode';
import { chunkIdentity } from '../../core/labels/identity';
import { countJudgments, type QrelsMap } from '../../core/labels/qrels';
import type { Log } from '../../host/log';
import { notify } from '../../host/notify';
import { labelFileName, LabelStore, type LoadedLabels } from '../../node/labelStore';
import type { PanelState } from '../protocol';
import { panelQueryId, savedByRow } from './merge';
import { labelsKey, type LabelsHostMessage, type LabelsWebviewMessage } from './protocol';

export interface LabelsPanel {
  post(msg: LabelsHostMessage): void;
  state(): PanelState;
  /** The input's set on screen (its query id), rebuilt after a reload when needed. */
  activeSet(): Promise<{ queryId?: string; query?: string } | undefined>;
  /** The open labelled-set view, if any. */
  lab(): { refreshLabels(saved: QrelsMap): void } | undefined;
  log: Log;
}

interface Target {
  id: string;
  root?: string;
  name?: string;
  /** Workspace-relative path of the input (recorded in the sidecar). */
  input?: string;
  unavailable?: string;
}

/** Where the labels of the panel's input live: the input's workspace folder (else the first one). */
function targetOf(state: PanelState): Target {
  const uri = state.sourceUri ? vscode.Uri.parse(state.sourceUri) : undefined;
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return { id: 'none', unavailable: 'open a folder to save judgments (they apply to this view only)' };
  const input = uri && uri.scheme !== 'untitled' ? vscode.workspace.asRelativePath(uri, false) : 'selection';
  const name = labelFileName(input);
  return { id: `${folder.uri.fsPath}\u0000${name}`, root: folder.uri.fsPath, name, input };
}

export class LabelsHost implements vscode.Disposable {
  private target: Target | undefined;
  private store: LabelStore | undefined;
  private loaded: LoadedLabels | undefined;
  private watcher: { dispose(): void } | undefined;
  private queue: Promise<void> = Promise.resolve();
  private reported = '';
  private disposed = false;
  /** Session-only judgments when no folder is open (nothing to save into). */
  private readonly memory: QrelsMap = new Map();

  constructor(private readonly panel: LabelsPanel) {}

  /** The file's judgments as last loaded (test API, export). */
  current(): { file?: string; root?: string; name?: string; qrels: QrelsMap } {
    return { file: this.loaded?.file, root: this.target?.root, name: this.target?.name, qrels: this.loaded?.qrels ?? this.memory };
  }

  /** Resolves when every queued load and save has finished (tests). */
  whenSettled(): Promise<void> {
    return this.queue;
  }

  /** The panel posted a state: follow its input's labels file and post the rows' judgments. */
  stateChanged(): void {
    this.enqueue(async () => {
      const t = targetOf(this.panel.state());
      if (t.id !== this.target?.id) await this.switchTo(t);
      await this.publish();
    });
  }

  /** A judgment from the webview (validated by the protocol). */
  handle(msg: LabelsWebviewMessage): Promise<void> {
    const ack = msg.seq;
    return this.enqueue(async () => {
      const st = this.panel.state();
      // An ignored judgment is answered too: the webview stops showing it as on its way.
      if (msg.key !== labelsKey(st.activeQuery, st.query)) {
        this.panel.log.warn('Ignored a judgment for a query no longer on screen.');
        return this.publish(ack);
      }
      const row = st.rows.find((r) => r.index === msg.index);
      if (!row) return this.publish(ack);
      const t = targetOf(st);
      if (t.id !== this.target?.id) await this.switchTo(t);
      const queryId = panelQueryId(await this.panel.activeSet(), st.query);
      const docId = chunkIdentity(row);
      if (this.store && this.target?.name) {
        this.loaded = await this.store.judge(this.target.name, [{ queryId, docId, grade: msg.grade, queryText: st.query, ...(this.target.input ? { input: this.target.input } : {}) }]);
      } else {
        let docs = this.memory.get(queryId);
        if (msg.grade === null) docs?.delete(docId);
        else {
          if (!docs) this.memory.set(queryId, (docs = new Map()));
          docs.set(docId, msg.grade);
        }
      }
      await this.publish(ack);
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      if (!this.disposed) await step();
    });
    this.queue = next.catch((e: unknown) => this.panel.log.error('Relevance labels: a load or save failed', e));
    return this.queue;
  }

  private async switchTo(t: Target): Promise<void> {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.target = t;
    this.loaded = undefined;
    this.store = t.root ? new LabelStore(t.root) : undefined;
    if (!this.store || !t.name) return;
    this.loaded = await this.store.load(t.name);
    const name = t.name;
    // Another window's save or a hand edit: reload happened in the store; re-post it here.
    this.watcher = this.store.watch(name, (fresh) => {
      if (this.disposed || this.target?.name !== name) return;
      this.loaded = fresh;
      this.enqueue(() => this.publish());
    });
  }

  /** Posts the rows' saved judgments; `ack`: the seq of the judgment this answers. */
  private async publish(ack?: number): Promise<void> {
    const st = this.panel.state();
    const qrels = this.loaded?.qrels ?? this.memory;
    const queryId = panelQueryId(await this.panel.activeSet(), st.query);
    const counts = countJudgments(qrels);
    const problems = (this.loaded?.diagnostics ?? []).map((d) => ({ message: d.message, ...(d.line ? { line: d.line } : {}) }));
    const msg: LabelsHostMessage = { type: 'labels', key: labelsKey(st.activeQuery, st.query), byRow: savedByRow(st.rows, qrels, queryId), queries: counts.queries, pairs: counts.pairs };
    if (this.loaded && this.target?.root) msg.file = vscode.workspace.asRelativePath(vscode.Uri.file(this.loaded.file), false);
    if (this.target?.unavailable) msg.unavailable = this.target.unavailable;
    if (problems.length) msg.problems = problems;
    if (ack !== undefined) msg.ack = ack;
    this.panel.post(msg);
    this.panel.lab()?.refreshLabels(qrels);
    this.report(problems);
  }

  /** Malformed lines go to the log and, once per new set of problems, to a notification. */
  private report(problems: { message: string; line?: number }[]): void {
    const text = problems.map((p) => p.message).join('\n');
    if (text === this.reported) return;
    this.reported = text;
    if (!text) return;
    for (const p of problems) this.panel.log.warn(`Relevance labels: ${p.message}`);
    void notify.warn(`Rerank Lens: ${problems.length} line(s) of the labels file are not judgments and were skipped; the rest loaded. ${problems[0].message}`);
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
  }
}
