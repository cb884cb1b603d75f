// Relevance judgments saved in the workspace: `.rerank-lens/labels/<input name>-<hash>.qrels` (TREC
// qrels, readable by `rerank-lens eval --qrels` and by trec_eval 10, which skips `#` lines; exportTo
// writes a copy without them for older versions) and a sidecar
// `<same>.json` recording which input file and query text each query id came from.
//
//   const store = new LabelStore(workspaceRoot);
//   const name = labelFileName('data/runs.jsonl');        // stable per input path
//   let labels = await store.load(name);                  // { qrels, sidecar, diagnostics, ... }
//   labels = await store.judge(name, [{ queryId, queryText, docId, grade: 2, input }]);  // grade null clears
//   const w = store.watch(name, (fresh) => ...);          // another window or a hand edit; w.dispose()
//   await store.exportTo(name, '/tmp/labels.tsv', 'beir');
//
// Ids follow core/labels/identity.ts (input ids, else `text:` + hash of the text; the file's header
// says so). Saving is atomic: each file is written to a temp file in the same folder, fsynced, then
// renamed over the old one, so a reader sees the old or the new file, never half of one. judge() takes
// a lock file (`.lock`, created exclusively; one older than 10 s is stale and removed), re-reads the
// latest file under it and applies only its own changes, so two windows judging at once both keep
// their judgments. A malformed line (a hand edit gone wrong) is reported with its line number and the
// rest loads; the next save rewrites the file canonically (sorted, the bad line dropped).
import { watch as fsWatch, promises as fs, type FSWatcher } from 'node:fs';
import { basename, join } from 'node:path';
import { IDENTITY_NOTE, textHash } from '../core/labels/identity';
import { formatBeirQrels, formatTrecQrels, parseQrelsText, type QrelsMap } from '../core/labels/qrels';
import type { Diagnostic } from '../core/types';

export const LABELS_FOLDER = join('.rerank-lens', 'labels');

export interface QueryOrigin {
  text?: string;
  /** Workspace-relative path of the input the query was judged in. */
  input?: string;
}

export interface LabelSidecar {
  version: 1;
  identity: string;
  queries: Record<string, QueryOrigin>;
  updated?: string;
}

export interface LoadedLabels {
  name: string;
  file: string;
  qrels: QrelsMap;
  sidecar: LabelSidecar;
  diagnostics: Diagnostic[];
  /** Of the qrels file when loaded (0 when it does not exist): what changed() compares. */
  mtimeMs: number;
  size: number;
}

export interface Judgment {
  queryId: string;
  docId: string;
  /** 0 not relevant, 1 relevant, 2 highly relevant; null removes the judgment. */
  grade: number | null;
  queryText?: string;
  input?: string;
}

/** `<base name>-<8 hex of the path's hash>`: readable, and distinct for equal names in two folders. */
export function labelFileName(inputPath: string): string {
  const norm = inputPath.replace(/\\/g, '/');
  const base = basename(norm).replace(/[^\w.-]+/g, '_').slice(0, 60) || 'labels';
  return `${base}-${textHash(norm).slice(0, 8)}`;
}

const emptySidecar = (): LabelSidecar => ({ version: 1, identity: IDENTITY_NOTE, queries: {} });

async function atomicWrite(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LabelStore {
  readonly folder: string;

  constructor(
    readonly workspaceRoot: string,
    private readonly opts: { lockTimeoutMs?: number; staleLockMs?: number } = {},
  ) {
    this.folder = join(workspaceRoot, LABELS_FOLDER);
  }

  qrelsPath(name: string): string {
    return join(this.folder, `${name}.qrels`);
  }

  sidecarPath(name: string): string {
    return join(this.folder, `${name}.json`);
  }

  async load(name: string): Promise<LoadedLabels> {
    const file = this.qrelsPath(name);
    const diagnostics: Diagnostic[] = [];
    let text = '';
    let mtimeMs = 0;
    let size = 0;
    try {
      const st = await fs.stat(file);
      text = await fs.readFile(file, 'utf8');
      mtimeMs = st.mtimeMs;
      size = st.size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') diagnostics.push({ severity: 'error', message: `Cannot read ${file}: ${(e as Error).message}`, file });
    }
    let qrels: QrelsMap = new Map();
    if (text.trim() !== '') {
      const parsed = parseQrelsText(text, file);
      diagnostics.push(...parsed.diagnostics);
      // A label file whose lines are mostly broken still gives what it can: keep the good lines.
      qrels = parsed.ok ? parsed.qrels : parseLenient(text);
    }
    let sidecar = emptySidecar();
    try {
      const raw = JSON.parse(await fs.readFile(this.sidecarPath(name), 'utf8')) as Partial<LabelSidecar>;
      if (raw && typeof raw === 'object' && raw.queries && typeof raw.queries === 'object') sidecar = { ...emptySidecar(), ...raw, version: 1 };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        diagnostics.push({ severity: 'warning', message: `The labels sidecar ${this.sidecarPath(name)} is unreadable (${(e as Error).message}); query texts are unknown until the next save.`, file: this.sidecarPath(name) });
      }
    }
    return { name, file, qrels, sidecar, diagnostics, mtimeMs, size };
  }

  /** True when the file on disk is not the one `loaded` came from (another writer, a hand edit). */
  async changed(loaded: LoadedLabels): Promise<boolean> {
    try {
      const st = await fs.stat(loaded.file);
      return st.mtimeMs !== loaded.mtimeMs || st.size !== loaded.size;
    } catch {
      return loaded.size !== 0 || loaded.mtimeMs !== 0;
    }
  }

  /** Applies judgments to the latest file under the lock and saves atomically. */
  async judge(name: string, judgments: readonly Judgment[]): Promise<LoadedLabels> {
    await fs.mkdir(this.folder, { recursive: true });
    const release = await this.lock(name);
    try {
      const latest = await this.load(name);
      for (const j of judgments) {
        let docs = latest.qrels.get(j.queryId);
        if (j.grade === null) {
          docs?.delete(j.docId);
          if (docs && docs.size === 0) latest.qrels.delete(j.queryId);
        } else {
          if (!docs) latest.qrels.set(j.queryId, (docs = new Map()));
          docs.set(j.docId, j.grade);
        }
        if (j.queryText !== undefined || j.input !== undefined) {
          latest.sidecar.queries[j.queryId] = { ...latest.sidecar.queries[j.queryId], ...(j.queryText !== undefined ? { text: j.queryText } : {}), ...(j.input !== undefined ? { input: j.input } : {}) };
        }
      }
      await this.write(name, latest.qrels, latest.sidecar);
      return await this.load(name);
    } finally {
      await release();
    }
  }

  /** Replaces the whole label set (import, undo). */
  async save(name: string, qrels: QrelsMap, sidecar: LabelSidecar = emptySidecar()): Promise<LoadedLabels> {
    await fs.mkdir(this.folder, { recursive: true });
    const release = await this.lock(name);
    try {
      await this.write(name, qrels, sidecar);
      return await this.load(name);
    } finally {
      await release();
    }
  }

  private async write(name: string, qrels: QrelsMap, sidecar: LabelSidecar): Promise<void> {
    const inputs = [...new Set(Object.values(sidecar.queries).map((q) => q.input).filter((x): x is string => !!x))];
    const header = [
      `Rerank Lens relevance labels${inputs.length ? ` for ${inputs.join(', ')}` : ''}: qid 0 docno grade (0 not relevant, 1 relevant, 2 highly relevant)`,
      IDENTITY_NOTE,
      `query texts and inputs: ${name}.json beside this file; trec_eval 10 skips # lines, for older versions export the labels`,
    ];
    await atomicWrite(this.qrelsPath(name), formatTrecQrels(qrels, header));
    await atomicWrite(this.sidecarPath(name), `${JSON.stringify({ ...sidecar, identity: IDENTITY_NOTE, updated: new Date().toISOString() }, null, 2)}\n`);
  }

  private async lock(name: string): Promise<() => Promise<void>> {
    const lockFile = `${this.qrelsPath(name)}.lock`;
    const deadline = Date.now() + (this.opts.lockTimeoutMs ?? 5000);
    const stale = this.opts.staleLockMs ?? 10_000;
    for (;;) {
      try {
        const fh = await fs.open(lockFile, 'wx');
        await fh.close();
        return async () => {
          await fs.rm(lockFile, { force: true });
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const st = await fs.stat(lockFile).catch(() => undefined);
        if (st && Date.now() - st.mtimeMs > stale) await fs.rm(lockFile, { force: true });
        else if (Date.now() > deadline) throw new Error(`The labels file ${this.qrelsPath(name)} is locked by another writer (${lockFile}). If no other window is saving, delete the lock file.`);
        else await sleep(15 + Math.random() * 20);
      }
    }
  }

  /**
   * Calls `onChange` with the fresh labels whenever the qrels file changes on disk (another window, a
   * hand edit, a git checkout). Watches the folder (an atomic save replaces the file's inode) and
   * compares mtime and size, so our own unchanged reloads do not fire.
   */
  watch(name: string, onChange: (labels: LoadedLabels) => void, opts: { debounceMs?: number } = {}): { dispose(): void } {
    let last: Pick<LoadedLabels, 'mtimeMs' | 'size'> = { mtimeMs: -1, size: -1 };
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher | undefined;
    let disposed = false;
    const check = async () => {
      const fresh = await this.load(name);
      if (disposed || (fresh.mtimeMs === last.mtimeMs && fresh.size === last.size)) return;
      last = fresh;
      onChange(fresh);
    };
    void this.load(name).then((l) => {
      if (last.mtimeMs === -1) last = l;
    });
    void fs.mkdir(this.folder, { recursive: true }).then(() => {
      if (disposed) return;
      watcher = fsWatch(this.folder, (_event, file) => {
        if (file && !String(file).startsWith(`${name}.qrels`)) return;
        clearTimeout(timer);
        timer = setTimeout(() => void check(), opts.debounceMs ?? 50);
      });
      watcher.on('error', () => undefined);
    });
    return {
      dispose: () => {
        disposed = true;
        clearTimeout(timer);
        watcher?.close();
      },
    };
  }

  /** Writes the labels as plain TREC qrels (no comments: trec_eval reads it) or BEIR qrels TSV. */
  async exportTo(name: string, target: string, format: 'trec' | 'beir'): Promise<void> {
    const { qrels } = await this.load(name);
    await atomicWrite(target, format === 'trec' ? formatTrecQrels(qrels) : formatBeirQrels(qrels));
  }
}

/** Good TREC lines of a file that as a whole did not look like qrels. */
function parseLenient(text: string): QrelsMap {
  const good = text.split(/\r\n|\r|\n/).filter((l) => /^\s*\S+\s+\S+\s+\S+\s+-?\d+(\.\d+)?\s*$/.test(l)).join('\n');
  return good ? parseQrelsText(good).qrels : new Map();
}
