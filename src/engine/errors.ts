// Errors as values: every failure the engine can report is an EngineError with a message for the user
// and a hint saying what to do. EngineFailure carries one across `throw` inside the engine and is what
// the client rejects with on the host side.

import type { EngineError, EngineErrorCode } from './protocol';

export class EngineFailure extends Error {
  readonly error: EngineError;
  constructor(error: EngineError) {
    super(error.message);
    this.name = 'EngineFailure';
    this.error = error;
  }
  get code(): EngineErrorCode {
    return this.error.code;
  }
}

export function fail(code: EngineErrorCode, message: string, hint?: string, detail?: string): EngineFailure {
  return new EngineFailure({ code, message, ...(hint ? { hint } : {}), ...(detail ? { detail } : {}) });
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.stack ?? `${e.name}: ${e.message}`;
  return String(e);
}

/** Any thrown value as an EngineError: EngineFailures keep theirs, the rest become 'internal'. */
export function toEngineError(e: unknown): EngineError {
  if (e instanceof EngineFailure) return e.error;
  const msg = e instanceof Error ? e.message : String(e);
  return {
    code: 'internal',
    message: `The engine hit an unexpected error: ${msg}`,
    hint: 'Try again; if it keeps happening, open the Rerank Lens log and report the details.',
    detail: errorText(e),
  };
}
