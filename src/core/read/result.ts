import type { ReadResult } from '../types';

/** A read that produced nothing, with the one error that says why and what to do. */
export function errorResult(message: string, hint: string | undefined, file: string): ReadResult {
  return { sets: [], diagnostics: [{ severity: 'error', message, hint, file }] };
}
