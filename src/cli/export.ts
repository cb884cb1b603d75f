// --export PATH: the reranked sets written back through the reader's exportReranked, in the input's own
// shape ('same') or as a Cohere rerank response ('cohere'). The sets carry the query actually used, so
// an overriding --query shows up where the export writes queries. The rerank field's `score` is the
// number the output printed (the activation's: the logit or the probability), with `logit` and
// `probability` beside it.
// The file is written atomically (src/node/atomicWrite.ts): a failed export leaves the previous file as
// it was. Overwriting the input is refused by file identity, not by path text (a symlink or hard link to
// the input, or a file inside an input folder, is the input too).

import { extname } from 'node:path';
import { writeFileAtomic } from '../node/atomicWrite';
import { exportWouldOverwriteInput } from '../node/fileIdentity';
import { exportReranked } from '../core/export/index';
import type { Activation } from '../engine/protocol';
import { withShownScores } from '../core/export/shown';
import type { CliIo } from './io';
import { describeDiagnostic, STDIN_LABEL, type LoadedInput } from './load';
import type { ScoredSet } from './score';

/** Writes the export; returns false (after saying why on stderr) when nothing could be written. */
export async function writeExport(target: { path: string; style: 'same' | 'cohere' }, loaded: LoadedInput, scored: readonly ScoredSet[], activation: Activation, io: CliIo): Promise<boolean> {
  const used = new Map(scored.map((s) => [s.original, s.set]));
  const result = { ...loaded.result, sets: loaded.result.sets.map((s) => used.get(s) ?? s) };
  const shown = withShownScores(scored, activation === 'sigmoid' ? 'probability' : 'logit');
  const out = exportReranked({ text: loaded.text, result }, shown, target.style);
  for (const d of out.diagnostics) {
    io.stderr.write(`rerank-lens: ${d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'note'}: export: ${describeDiagnostic(d)}\n${d.hint ? `  ${d.hint}\n` : ''}`);
  }
  if (out.diagnostics.some((d) => d.severity === 'error') || out.text === '') {
    if (!out.diagnostics.some((d) => d.severity === 'error')) io.stderr.write('rerank-lens: error: the export came out empty; nothing written.\n');
    return false;
  }
  // Checked again now: a link to the input may have appeared while the model was scoring.
  if (loaded.label !== STDIN_LABEL && exportWouldOverwriteInput(target.path, loaded.label)) {
    io.stderr.write(`rerank-lens: error: --export ${target.path} would overwrite the input ${loaded.label} (it is the same file).\n  Write the reranked results to a new file.\n`);
    return false;
  }
  try {
    await writeFileAtomic(target.path, out.text);
  } catch (e) {
    io.stderr.write(`rerank-lens: error: cannot write ${target.path}: ${(e as Error).message}\n  Nothing was changed there. Check that the folder is writable and the disk has room, or pick another --export path.\n`);
    return false;
  }
  const what = target.style === 'cohere' ? 'Cohere rerank response' : `same shape as the input, ${out.fileExtension.toUpperCase()}`;
  io.stderr.write(`rerank-lens: wrote ${scored.length} reranked query set${scored.length === 1 ? '' : 's'} (${what}) to ${target.path}\n`);
  if (extname(target.path).toLowerCase() !== `.${out.fileExtension}`) {
    io.stderr.write(`rerank-lens: note: the export is ${out.fileExtension.toUpperCase()} content; a .${out.fileExtension} name would say so.\n`);
  }
  return true;
}
