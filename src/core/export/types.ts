// What an export is given and gives back. The ranked input is a structural type, so core/rank.ts's
// RankedSet fits without the writers depending on it.
import type { Diagnostic, RetrievalSet } from '../types';

export interface ExportRankedChunk {
  /** Position of the chunk in its set (0-based). */
  index: number;
  /** `score` as the caller shows it (the CLI: the activation's number); `logit` the raw logit when
   *  that differs (undefined: `score` is the logit). */
  score?: { score: number; probability?: number; logit?: number };
  /** 1-based reranked position; undefined when unscored. */
  rank?: number;
  chunk?: { originalRank: number };
}

export interface ExportSet {
  /** The set as read (matched by identity or by its chunks array); position in `ranked` otherwise. */
  set?: RetrievalSet;
  /** Ranked chunks (any order); `kept[i]` belongs to `ranked[i]`. */
  ranked: ExportRankedChunk[];
  kept: boolean[];
}

export type ExportStyle = 'same' | 'cohere';

export interface ExportOutput {
  text: string;
  fileExtension: string;
  diagnostics: Diagnostic[];
}

export interface RerankField {
  score: number | null;
  probability: number | null;
  /** The raw logit, whatever `score` is. */
  logit: number | null;
  rank: number | null;
  originalRank: number;
  kept: boolean;
}

/** A set matched to its ranking: the rerank field per chunk index (undefined for chunks not ranked). */
export interface Resolved {
  set: RetrievalSet;
  fields: (RerankField | undefined)[];
}
