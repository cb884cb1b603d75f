import type { Diagnostic, ReadResult } from '../types';

/** A read that produced nothing, with the one error that says why and what to do. */
export function errorResult(message: string, hint: string | undefined, file: string | undefined): ReadResult {
  const d: Diagnostic = { severity: 'error', message, file };
  if (hint !== undefined) d.hint = hint;
  return { sets: [], diagnostics: [d] };
}

/** A read that produced nothing, with the diagnostics that say why. */
export function failedResult(diagnostics: Diagnostic[]): ReadResult {
  return { sets: [], diagnostics };
}

const REPORT_HINT = 'Please report this with the input that caused it.';

/** The last line of defence around each entry point: a bug in a reader becomes a message, never a crash. */
export function internalErrorResult(doing: string, e: unknown, file?: string): ReadResult {
  return errorResult(`Internal error while ${doing}: ${e instanceof Error ? e.message : String(e)}`, REPORT_HINT, file);
}
