// The contract between the format-detection/reading infrastructure (src/core/read/index.ts, json.ts,
// jsonl.ts, ...) and the per-stack readers in src/core/read/stacks/*.ts.
//
// A stack reader sees an already-parsed JSON value (for JSONL: the array of all line values, so a
// reader of "an array of rows" handles both `[...]` files and JSONL). It never throws: on a shape it
// half-recognises it pushes a Diagnostic and returns what it could read.
import type { Diagnostic, JsonPathSegments, RetrievalSet, SourceRange } from '../types';

export type JsonPath = JsonPathSegments;

export interface JsonContext {
  /** File name for messages (absolute or workspace-relative), if any. */
  file?: string;
  /** Source range of the value at `path` (for a string: its content without quotes), when known. */
  rangeAt(path: JsonPath): SourceRange | undefined;
  /** Human form of a path for messages: `$.hits.hits[3]._source`, or `line 4: $.query` for JSONL. */
  describe(path: JsonPath): string;
  /** Push warnings/errors here; line/column are filled from the path by the infrastructure. */
  report(d: Diagnostic & { at?: JsonPath }): void;
}

export interface JsonStackReader {
  /** Stable id, also RetrievalSet.format: 'langchain-documents', 'chroma-query', ... */
  id: string;
  /** For messages and the UI: 'LangChain Document list'. */
  label: string;
  /** Confidence 0..1 that `root` is this format. 0 = certainly not. Must be cheap and never throw. */
  detect(root: unknown): number;
  read(root: unknown, ctx: JsonContext): RetrievalSet[];
}
