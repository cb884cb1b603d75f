// Checks every reader's output passes through before it leaves the reader: unique chunk ids
// (duplicates renamed `id#2` so nothing is lost, with a warning naming both positions).
import type { Diagnostic, RetrievalSet } from '../types';

function where(set: RetrievalSet, index: number): string {
  const c = set.chunks[index];
  return c.source ? `chunk ${index + 1} (line ${c.source.startLine + 1})` : `chunk ${index + 1}`;
}

function setName(set: RetrievalSet, i: number, count: number): string {
  if (count <= 1) return '';
  const q = set.query ? ` "${set.query.length > 40 ? `${set.query.slice(0, 37)}...` : set.query}"` : '';
  return ` in set ${i + 1}${q}`;
}

export function makeIdsUnique(sets: RetrievalSet[], sink: Diagnostic[], file?: string): void {
  sets.forEach((set, si) => {
    const firstAt = new Map<string, number>();
    const used = new Set(set.chunks.map((c) => c.id));
    set.chunks.forEach((chunk, ci) => {
      const first = firstAt.get(chunk.id);
      if (first === undefined) {
        firstAt.set(chunk.id, ci);
        return;
      }
      let n = 2;
      while (used.has(`${chunk.id}#${n}`)) n++;
      const renamed = `${chunk.id}#${n}`;
      used.add(renamed);
      sink.push({
        severity: 'warning',
        message: `Duplicate chunk id "${chunk.id}"${setName(set, si, sets.length)}: ${where(set, first)} and ${where(set, ci)}; the second is now "${renamed}".`,
        hint: 'Ids should be unique within a result list; both chunks are kept and scored.',
        file,
        line: chunk.source ? chunk.source.startLine + 1 : undefined,
        column: chunk.source ? chunk.source.startColumn + 1 : undefined,
      });
      chunk.id = renamed;
    });
  });
}
