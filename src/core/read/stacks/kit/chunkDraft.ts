// A chunk as a stack reader finds it, before buildSet() settles ranks, ids and sources. On its own so
// that scores.ts (which settles a draft's kind) and drafts.ts (which reads scores) do not import each other.
import type { ScoreKind } from '../../../types';
import type { JsonPath } from '../../readerContract';
import type { Obj } from './fields';

/** A chunk as a reader found it, before ranks, ids and sources are settled. */
export interface ChunkDraft {
  id?: string;
  text: string;
  /** Path of the text string, for the source range. */
  textPath: JsonPath;
  itemPath?: JsonPath;
  columnPath?: JsonPath;
  columnIndex?: number;
  score?: number;
  scoreKind: ScoreKind;
  metadata: Obj;
  /** Explicit 1-based rank when the file carries one. */
  rank?: number;
  /** Graded relevance when the chunk carries a judgment. */
  relevance?: number;
}
