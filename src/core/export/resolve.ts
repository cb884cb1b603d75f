// Matching the ranked sets to the sets as read, and the reranked order every writer uses.
import type { Diagnostic, ReadResult } from '../types';
import type { ExportSet, RerankField, Resolved } from './types';

export function resolveSets(result: ReadResult, ranked: readonly ExportSet[], sink: Diagnostic[]): Resolved[] {
  const out: Resolved[] = [];
  ranked.forEach((r, pos) => {
    let set = r.set ? result.sets.find((s) => s === r.set || s.chunks === r.set!.chunks) : undefined;
    if (!set && !r.set) set = result.sets[pos];
    if (!set && r.set) set = r.set;
    if (!set) {
      sink.push({ severity: 'warning', message: `Ranked set ${pos + 1} matches no set of the input; left out of the export.` });
      return;
    }
    const fields: (RerankField | undefined)[] = new Array(set.chunks.length).fill(undefined);
    r.ranked.forEach((rc, j) => {
      if (rc.index < 0 || rc.index >= set!.chunks.length) return;
      fields[rc.index] = {
        score: rc.score ? rc.score.score : null,
        probability: rc.score?.probability ?? null,
        logit: rc.score ? (rc.score.logit ?? rc.score.score) : null,
        rank: rc.rank ?? null,
        originalRank: rc.chunk?.originalRank ?? set!.chunks[rc.index].originalRank,
        kept: Boolean(r.kept[j]) && rc.score !== undefined,
      };
    });
    out.push({ set, fields });
  });
  return out;
}


/** Chunk indexes in reranked order: scored by rank, then unscored in their original order. */
export function rerankedOrder(fields: (RerankField | undefined)[], indexes: number[]): number[] {
  return [...indexes].sort((a, b) => {
    const ra = fields[a]?.rank ?? Infinity;
    const rb = fields[b]?.rank ?? Infinity;
    return ra - rb || a - b;
  });
}

/** Lines and the breaks after them, so a writer can change lines and keep \r\n or \n as they were. */
export function splitLines(text: string): { lines: string[]; breaks: string[] } {
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const breaks: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    breaks.push(parts[i + 1] ?? '');
  }
  return { lines, breaks };
}

export function joinLines(lines: string[], breaks: string[]): string {
  return lines.map((l, i) => l + breaks[i]).join('');
}

/** A rerank field's number as a table cell ('' for none). */
export const fmt = (v: number | null): string => (v === null ? '' : String(v));

/** The six columns tables gain, in order. */
export const RERANK_COLUMNS = ['rerank_score', 'rerank_probability', 'rerank_logit', 'rerank_rank', 'original_rank', 'kept'] as const;

/** The six column values for one chunk. */
export function rerankCells(f: RerankField | undefined, originalRank: number): string[] {
  return [fmt(f?.score ?? null), fmt(f?.probability ?? null), fmt(f?.logit ?? null), fmt(f?.rank ?? null), String(f?.originalRank ?? originalRank), f ? String(f.kept) : ''];
}
