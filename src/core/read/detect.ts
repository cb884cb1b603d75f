// Picks the stack reader for a parsed JSON value and runs it. The reader list is a parameter so tests
// (and callers that know better) can pass their own; by default every reader in ./stacks competes.
// Rules: the highest detect() confidence wins (ties keep list order, with a note); a reader that finds
// no chunks yields to the next; below MIN_CONFIDENCE nothing is recognised and the user gets candidate
// text paths instead of a guess. User paths (--text-path) bypass detection altogether.
import type { Diagnostic, PathOverrides, RetrievalSet, TextPathCandidate } from '../types';
import type { JsonStackReader } from './readerContract';
import { stackReaders } from './stacks';
import { makeContext, type Locator } from './json';
import { applyQueryOverride, candidatesDiagnostic, CUSTOM_PATHS_FORMAT, findTextCandidates, readWithOverrides } from './candidates';
import { makeIdsUnique } from './sets';
import { describeLayout, inferLayout, inferredReader } from './infer';

/** Every stack reader, then the inference fallback for shapes none of them knows. */
export const defaultReaders: readonly JsonStackReader[] = [...stackReaders, inferredReader];

/** Confidence below which a reader's guess is not trusted (generic readers report 0.3). */
export const MIN_CONFIDENCE = 0.2;
/** From this confidence a reader knows the shape (specific readers score 0.8-0.98). */
const RECOGNISED = 0.6;

export interface JsonReadOutcome {
  sets: RetrievalSet[];
  diagnostics: Diagnostic[];
  format?: string;
  candidates?: TextPathCandidate[];
}

export interface DetectOptions {
  file?: string;
  overrides?: PathOverrides;
  readers?: readonly JsonStackReader[];
}

function chunkCount(sets: RetrievalSet[]): number {
  return sets.reduce((n, s) => n + s.chunks.length, 0);
}

/** Confidence of each reader, best first; readers that throw count as 0. */
export function rankReaders(root: unknown, readers: readonly JsonStackReader[]): { reader: JsonStackReader; confidence: number }[] {
  return readers
    .map((reader, order) => {
      let confidence = 0;
      try {
        const c = reader.detect(root);
        confidence = Number.isFinite(c) ? Math.max(0, Math.min(1, c)) : 0;
      } catch {
        confidence = 0;
      }
      return { reader, confidence, order };
    })
    .sort((a, b) => b.confidence - a.confidence || a.order - b.order)
    .map(({ reader, confidence }) => ({ reader, confidence }));
}

export function readJsonValue(root: unknown, locator: Locator, opts: DetectOptions = {}): JsonReadOutcome {
  const file = opts.file;
  const overrides = opts.overrides ?? {};
  if (overrides.textPath && overrides.textPath.trim() !== '') {
    const sink: Diagnostic[] = [];
    const ctx = makeContext(file, locator, sink);
    const sets = readWithOverrides(root, overrides, ctx, sink);
    makeIdsUnique(sets, sink, file);
    return { sets, diagnostics: sink, format: sets.length > 0 ? CUSTOM_PATHS_FORMAT : undefined };
  }
  const ranked = rankReaders(root, opts.readers ?? defaultReaders).filter((r) => r.confidence >= MIN_CONFIDENCE);
  let recognised = false;
  /** Warnings from readers that failed on the way to the one that read the input. */
  const carried: Diagnostic[] = [];
  for (let i = 0; i < ranked.length; i++) {
    const { reader, confidence } = ranked[i];
    // Inference is for shapes nobody knows: a recognised response that held nothing (an error body,
    // an empty result) must not be read as chunks by guessing.
    if (reader === inferredReader && recognised) continue;
    if (confidence >= RECOGNISED) recognised = true;
    const sink: Diagnostic[] = [];
    const ctx = makeContext(file, locator, sink);
    let sets: RetrievalSet[];
    try {
      sets = reader.read(root, ctx);
    } catch (e) {
      // A reader bug must not take the reader down: say so (kept for the final result) and let the next reader try.
      carried.push({ severity: 'warning', message: `The ${reader.label} reader failed (${e instanceof Error ? e.message : String(e)}); tried the next format.`, file });
      continue;
    }
    const more = ranked.slice(i + 1).some((r) => !(r.reader === inferredReader && recognised));
    if (chunkCount(sets) === 0 && more) continue;
    if (chunkCount(sets) === 0) {
      // The best guess found nothing: say what it thought, then offer text paths.
      const candidates = findTextCandidates(root);
      const diag = candidatesDiagnostic(file, candidates, root);
      diag.message = `Looked like ${reader.label}, but no chunks were read. ${diag.message}`;
      return { sets: [], diagnostics: [...carried, ...sink, diag], candidates: candidates.length > 0 ? candidates : undefined };
    }
    for (const s of sets) if (!s.format) s.format = reader.id;
    sink.unshift(...carried);
    const out: JsonReadOutcome = { sets, diagnostics: sink, format: reader.id };
    const runnerUp = ranked[i + 1];
    if (runnerUp && runnerUp.confidence === confidence && runnerUp.reader.id !== reader.id) {
      out.candidates = findTextCandidates(root);
      sink.push({
        severity: 'info',
        message: `Read as ${reader.label}; the input also fits ${runnerUp.reader.label}.`,
        hint: 'If chunks look wrong, pick a text path (CLI: --text-path).',
        file,
      });
    }
    if (overrides.queryPath) applyQueryOverride(root, overrides.queryPath, sets, ctx, sink);
    makeIdsUnique(sets, sink, file);
    return out;
  }
  const candidates = findTextCandidates(root);
  const diag = candidatesDiagnostic(file, candidates, root);
  const inferred = opts.readers ? { kind: 'none' as const } : inferLayout(root);
  if (inferred.kind === 'ambiguous') {
    // Several lists could hold the chunks, none clearly: say which, rather than guess.
    diag.message = `Several lists could hold the chunks${file ? ` of ${file}` : ''}, none clearly: ${inferred.layouts.map((l) => describeLayout(l)).join('; ')}. Pick a text path.`;
  } else if (inferred.kind === 'unclear') {
    diag.message = `${file ? `${file}: ` : ''}${inferred.message}`;
  }
  return { sets: [], diagnostics: [...carried, diag], candidates: candidates.length > 0 ? candidates : undefined };
}
