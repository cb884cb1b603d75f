// Small helpers for reading tokenizer.json.
export type Json = Record<string, unknown>;

export function asObj(x: unknown): Json | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : null;
}

/** A tokenizer.json component this implementation does not reproduce; the caller falls back. */
export class Unsupported extends Error {
  constructor(
    readonly component: string,
    readonly kind: string,
  ) {
    super(`unsupported ${component}: ${kind}`);
  }
}
