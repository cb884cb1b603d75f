// Reading from disk (Node fs; no vscode): files, and BEIR folders. Only regular files are read (devices,
// FIFOs and sockets are refused before they are opened, through symlinks too) and never more than the
// size limit, whatever stat says (./regularFile.ts). A TREC run (or qrels) finds its corpus.jsonl,
// queries.jsonl and qrels in its own folder or the folder above; corpus.jsonl / queries.jsonl / a qrels
// file inside a BEIR folder read the whole folder. Never throws: failures are diagnostics.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, ReadResult } from '../../core/types';
import { DEFAULT_MAX_BYTES } from '../../core/read/bytes';
import { readBeirFiles, readText, type ReadOptions } from '../../core/read/index';
import { looksLikeQrels } from '../../core/read/labels';
import { looksLikeTrecRun } from '../../core/read/trec';
import { errorResult } from '../../core/read/result';
import { errorText, loadRegularBytes, loadRegularText, notRegular, type Loaded } from './regularFile';

const RUN_EXTENSIONS = new Set(['.txt', '.trec', '.run', '.tsv', '.res']);


async function loadText(file: string, maxBytes: number, label = file): Promise<Loaded> {
  return loadRegularText(file, maxBytes, label);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).sort();
  } catch {
    return [];
  }
}

/** corpus.jsonl, queries.jsonl and qrels/* of a BEIR folder (absolute path -> text). */
async function beirSiblings(dir: string, maxBytes: number, sink: Diagnostic[]): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const add = async (p: string) => {
    const t = await loadText(p, maxBytes);
    if (t.ok) files[p] = t.text;
    else sink.push(...t.diagnostics);
  };
  for (const name of ['corpus.jsonl', 'queries.jsonl']) {
    const p = path.join(dir, name);
    if (await exists(p)) await add(p);
  }
  const qrelsDir = path.join(dir, 'qrels');
  for (const name of await listDir(qrelsDir)) if (/\.(tsv|txt|qrels)$/i.test(name)) await add(path.join(qrelsDir, name));
  return files;
}

async function firstBytes(p: string, n = 4096): Promise<string> {
  // Through the regular-file loader: a run file that is a FIFO or device must not block or flood.
  const loaded = await loadRegularBytes(p, n, p, true).catch(() => undefined);
  if (!loaded?.ok) return '';
  const text = new TextDecoder('utf-8').decode(loaded.bytes);
  // Cut at the last line break: a half line would not look like a run line.
  const cut = text.lastIndexOf('\n');
  return cut > 0 ? text.slice(0, cut) : text;
}

async function readBeirFolder(dir: string, opts: ReadOptions, maxBytes: number): Promise<ReadResult> {
  const label = opts.file ?? dir;
  const entries = await listDir(dir);
  if (!entries.includes('corpus.jsonl')) {
    const gz = entries.includes('corpus.jsonl.gz') ? ' (corpus.jsonl.gz is compressed: gunzip it first)' : '';
    return errorResult(
      `${label} is a folder without corpus.jsonl${gz}: found ${entries.slice(0, 15).join(', ') || 'nothing'}${entries.length > 15 ? ', ...' : ''}.`,
      'Rerank Lens reads folders in BEIR layout: corpus.jsonl, queries.jsonl, qrels/test.tsv and optionally a TREC run file; or open a results file directly.',
      label,
    );
  }
  const sink: Diagnostic[] = [];
  const files = await beirSiblings(dir, maxBytes, sink);
  const runs: string[] = [];
  for (const name of entries) {
    if (!RUN_EXTENSIONS.has(path.extname(name).toLowerCase())) continue;
    const p = path.join(dir, name);
    if (looksLikeTrecRun(await firstBytes(p))) runs.push(p);
  }
  let runName: string | undefined;
  if (runs.length > 0) {
    const t = await loadText(runs[0], maxBytes);
    if (t.ok) {
      files[runs[0]] = t.text;
      runName = runs[0];
    } else sink.push(...t.diagnostics);
    if (runs.length > 1) {
      sink.push({ severity: 'info', message: `${label} holds ${runs.length} run files; read ${path.basename(runs[0])}.`, hint: `Open another run file directly to read it (${runs.slice(1).map((r) => path.basename(r)).join(', ')}).`, file: label });
    }
  }
  const r = readBeirFiles(files, { runName });
  r.diagnostics.unshift(...sink);
  return r;
}

export async function readPath(fsPath: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const label = opts.file ?? fsPath;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  try {
    let st;
    try {
      st = await fs.stat(fsPath);
    } catch (e) {
      return errorResult(`Cannot read ${label}: ${errorText(e)}.`, 'Check the path.', label);
    }
    if (st.isDirectory()) return await readBeirFolder(fsPath, opts, maxBytes);
    if (notRegular(st)) return await loadText(fsPath, maxBytes, label).then((l) => ({ sets: [], diagnostics: l.diagnostics }));
    const dir = path.dirname(fsPath);
    const base = path.basename(fsPath).toLowerCase();
    const inQrels = path.basename(dir).toLowerCase() === 'qrels';
    if ((base === 'corpus.jsonl' || base === 'queries.jsonl') && (await exists(path.join(dir, 'queries.jsonl'))) && (await exists(path.join(dir, 'corpus.jsonl')))) {
      return await readBeirFolder(dir, { ...opts, file: undefined }, maxBytes);
    }
    if (inQrels && (await exists(path.join(dir, '..', 'corpus.jsonl')))) return await readBeirFolder(path.dirname(dir), { ...opts, file: undefined }, maxBytes);
    const loaded = await loadText(fsPath, maxBytes, label);
    if (!loaded.ok) return { sets: [], diagnostics: loaded.diagnostics };
    const extra: Record<string, string> = { ...(opts.extraFiles ?? {}) };
    const sink: Diagnostic[] = [];
    if (looksLikeTrecRun(loaded.text) || looksLikeQrels(loaded.text)) {
      for (const d of [dir, path.dirname(dir)]) {
        if (await exists(path.join(d, 'corpus.jsonl'))) {
          Object.assign(extra, await beirSiblings(d, maxBytes, sink));
          break;
        }
      }
    }
    const r = readText(loaded.text, { ...opts, file: label, maxBytes, extraFiles: extra });
    r.diagnostics.unshift(...loaded.diagnostics, ...sink);
    return r;
  } catch (e) {
    return errorResult(`Internal error while reading ${label}: ${e instanceof Error ? e.message : String(e)}`, 'Please report this with the input that caused it.', label);
  }
}
