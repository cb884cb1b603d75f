// Reading the CLI's input with the shared reader (src/core/read): a file or BEIR folder through
// readPath, standard input through readText. Diagnostics are printed here (errors end the run with exit
// code 2, warnings and notes do not); an unrecognised shape prints ready-to-paste --text-path options.
// Then the query sets to score are chosen: all of them, or --query-index N, with --query applied to each.

import { decodeBytes } from '../core/read/bytes';
import { DEFAULT_MAX_BYTES, readText, type ReadOptions } from '../core/read/index';
import { readPath } from '../node/read/readPath';
import { loadRegularText } from '../node/read/regularFile';
import type { Diagnostic, ReadResult, RetrievalSet, TextPathCandidate } from '../core/types';
import { describeDiagnostic } from '../core/diagnostics';
import type { CliIo } from './io';
import { UsageError, type CliOptions } from './options';

export interface LoadedInput {
  /** The input as named in messages: the path as typed, or <stdin>. */
  label: string;
  /** The input's text for export in its own shape ('' for folders, or when not needed). */
  text: string;
  result: ReadResult;
}

/** A set to score: its position in the input and the set with the query that will be used. */
export interface ChosenSet {
  index: number;
  original: RetrievalSet;
  set: RetrievalSet & { query: string };
}

export const STDIN_LABEL = '<stdin>';

function mb(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 100) / 100} MB`;
}

export { describeDiagnostic } from '../core/diagnostics';

/** The reader's size-limit hint names the VS Code setting; on the command line the option is the fix. */
function cliHint(d: Diagnostic, opts: CliOptions): string | undefined {
  if (/size limit/.test(d.message)) return `Pass --max-file-size-mb N to raise the limit (now ${mb(opts.maxBytes ?? DEFAULT_MAX_BYTES)}).`;
  return d.hint;
}

const LABELS: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning', info: 'note' };

export function printDiagnostics(io: CliIo, diagnostics: readonly Diagnostic[], opts: CliOptions, label: string): void {
  for (const d of diagnostics) {
    const hint = cliHint(d, opts);
    io.stderr.write(`rerank-lens: ${LABELS[d.severity]}: ${describeDiagnostic(d, label)}\n${hint ? `  ${hint}\n` : ''}`);
  }
}

/** A shell-safe single-quoted word. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function candidateSuggestions(candidates: readonly TextPathCandidate[]): string {
  const lines = ['Chunk texts may be at one of these paths; rerun with the one that holds them:'];
  for (const c of candidates.slice(0, 8)) {
    // eslint-disable-next-line no-control-regex
    const example = c.example.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').slice(0, 60);
    lines.push(`  --text-path ${shellQuote(c.path)}    # ${c.count} text${c.count === 1 ? '' : 's'}, ~${c.averageLength} chars, e.g. "${example}${c.example.length > 60 ? '…' : ''}"`);
  }
  lines.push('  (add --query-path, --id-path and --score-path the same way; see --help)');
  return `${lines.join('\n')}\n`;
}

/** The reader options the command line sets: path overrides and the TSV backslash rule. */
export function readOptionsOf(opts: Pick<CliOptions, 'overrides' | 'backslashes'>): Pick<ReadOptions, 'overrides' | 'backslashes'> {
  return { ...(opts.overrides ? { overrides: opts.overrides } : {}), ...(opts.backslashes ? { backslashes: opts.backslashes } : {}) };
}

async function readStdinInput(opts: CliOptions, io: CliIo): Promise<LoadedInput> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const bytes = await io.readStdin(maxBytes);
  if (bytes.byteLength > maxBytes) {
    const d: Diagnostic = { severity: 'error', message: `${STDIN_LABEL} is over the ${mb(maxBytes)} size limit; not read.`, file: STDIN_LABEL };
    return { label: STDIN_LABEL, text: '', result: { sets: [], diagnostics: [d] } };
  }
  const decoded = decodeBytes(bytes, { file: STDIN_LABEL, maxBytes });
  if (!decoded.ok) return { label: STDIN_LABEL, text: '', result: { sets: [], diagnostics: decoded.diagnostics } };
  const result = readText(decoded.text, { file: STDIN_LABEL, maxBytes, ...readOptionsOf(opts) });
  result.diagnostics.unshift(...decoded.diagnostics);
  return { label: STDIN_LABEL, text: decoded.text, result };
}

/** The file's text as the reader saw it (BOM dropped, UTF-16 decoded), for export in the same shape.
 *  Through the regular-file loader, like the read itself: capped, never a device or FIFO. */
async function textOf(file: string, maxBytes: number): Promise<string> {
  const loaded = await loadRegularText(file, maxBytes).catch(() => undefined);
  return loaded?.ok ? loaded.text : '';
}

export async function loadInput(opts: CliOptions, io: CliIo): Promise<LoadedInput> {
  if (opts.file === '-') return readStdinInput(opts, io);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const result = await readPath(opts.file, { file: opts.file, maxBytes, ...readOptionsOf(opts) });
  const usable = result.sets.length > 0 && !result.diagnostics.some((d) => d.severity === 'error');
  const text = usable && opts.export?.style === 'same' ? await textOf(opts.file, maxBytes) : '';
  return { label: opts.file, text, result };
}

/**
 * Prints the diagnostics; false when the input cannot be reranked (an error, or no chunks at all). An
 * unrecognised shape also gets the candidate text paths as ready-to-paste options.
 */
export function reportInput(loaded: LoadedInput, opts: CliOptions, io: CliIo): boolean {
  const { result, label } = loaded;
  printDiagnostics(io, result.diagnostics, opts, label);
  const failed = result.diagnostics.some((d) => d.severity === 'error');
  if (failed && result.candidates && result.candidates.length > 0) io.stderr.write(candidateSuggestions(result.candidates));
  if (failed) return false;
  if (!result.sets.some((s) => s.chunks.length > 0)) {
    io.stderr.write(
      `rerank-lens: error: No retrieved chunks found in ${label}.\n  Give a results file (JSON, JSONL, TSV, TREC run), a BEIR folder, or name the texts with --text-path '$...'.\n`,
    );
    return false;
  }
  return true;
}

function describeSet(set: RetrievalSet, index: number): string {
  const tags = [set.queryId ? `id ${set.queryId}` : '', set.name ?? ''].filter(Boolean).join(', ');
  return `${index}${tags ? ` (${tags})` : ''}`;
}

function missingQueryMessage(label: string, n: number, picked: number, missing: { original: RetrievalSet; index: number }[]): string {
  if (n === 1) return `${label} holds no query text.`;
  if (picked === 1) return `Query set ${describeSet(missing[0].original, missing[0].index)} of ${label} has no query text.`;
  if (missing.length === picked) return `The ${n} query sets of ${label} hold no query text.`;
  const list = missing.slice(0, 5).map((m) => describeSet(m.original, m.index)).join('; ');
  return `${missing.length} of the ${n} query sets of ${label} have no query text (index ${list}${missing.length > 5 ? '; ...' : ''}).`;
}

/** The sets to score, in file order; throws UsageError for --query-index out of range or a missing query. */
export function chooseSets(loaded: LoadedInput, opts: CliOptions): ChosenSet[] {
  const all = loaded.result.sets;
  const n = all.length;
  let picked = all.map((original, index) => ({ original, index }));
  if (opts.queryIndex !== undefined) {
    if (opts.queryIndex >= n) {
      throw new UsageError(
        `--query-index ${opts.queryIndex} is out of range: ${loaded.label} holds ${n} quer${n === 1 ? 'y' : 'ies'}${n > 0 ? ` (indexes 0 to ${n - 1})` : ''}.`,
        n > 1 ? 'Leave --query-index out to rerank every query, or pick an index in range.' : 'Leave --query-index out.',
      );
    }
    picked = [picked[opts.queryIndex]];
  }
  const missing = picked.filter((p) => !(opts.query ?? p.original.query)?.trim());
  if (missing.length > 0) {
    const which = missingQueryMessage(`${loaded.label}${loaded.result.format ? ` (${loaded.result.format})` : ''}`, n, picked.length, missing);
    const hint = `Pass --query "..." (it is used for every query set${n > 1 ? '; pick one set with --query-index N' : ''}), or --query-path '$...' to say where the file keeps it.`;
    throw new UsageError(which, hint);
  }
  return picked.map(({ original, index }) => ({ index, original, set: { ...original, query: (opts.query ?? original.query)! } }));
}
