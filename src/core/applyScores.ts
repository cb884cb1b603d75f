// Merging a batch of streamed scores into rows that carry their input index. One function for the
// panel host (its PanelState) and the webview (its copy), so both sides agree on which row a score
// belongs to. Pure.
import type { PairScore } from './types';

/** Writes each score into the row of its `index`; returns the indexes that changed. */
export function applyScores<R extends { index: number; score?: PairScore }>(rows: R[], scores: readonly PairScore[]): number[] {
  const changed: number[] = [];
  for (const sc of scores) {
    // Rows are normally stored at their own index; look further only if they were ever reordered.
    const row = rows[sc.index]?.index === sc.index ? rows[sc.index] : rows.find((r) => r.index === sc.index);
    if (!row) continue;
    row.score = sc;
    changed.push(sc.index);
  }
  return changed;
}
