// Threshold translation: "our cutoff was -9.25 on MiniLM; what is it on bge?". Pure.
// Scores are pooled over the whole set of queries (a threshold is one number for every query).
// - By share: the threshold on B that keeps as many chunks as the threshold on A keeps.
// - By recall (with labels): the threshold on B that keeps as many of the relevant chunks as A keeps,
//   i.e. the same recall; the price (how many chunks B keeps for it, its precision) comes with it.
// Thresholds are "keep when score >= threshold", on each scorer's own number (its ScoreMeaning), so
// translation works between any two scorers, logit to probability included.

export interface Kept {
  /** The threshold ("keep when score >= threshold"). */
  threshold: number;
  kept: number;
  /** kept / chunks scored. */
  share: number;
}

export interface ShareTranslation {
  source: Kept;
  target: Kept;
  /** Chunks both scorers scored. */
  total: number;
}

export interface RecallTranslation {
  source: Kept & { recall: number; precision: number };
  target: Kept & { recall: number; precision: number };
  /** Relevant chunks among those both scored. */
  relevant: number;
  total: number;
}

function finitePairs(a: readonly number[], b: readonly number[], extra?: readonly boolean[]): { a: number[]; b: number[]; rel: boolean[] } {
  const out = { a: [] as number[], b: [] as number[], rel: [] as boolean[] };
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) {
      out.a.push(a[i]);
      out.b.push(b[i]);
      out.rel.push(extra?.[i] ?? false);
    }
  }
  return out;
}

/** A threshold keeping the top `k` of `desc` (sorted descending): the k-th score; above the maximum for 0. */
function thresholdKeeping(desc: readonly number[], k: number): number {
  if (desc.length === 0) return NaN;
  if (k <= 0) {
    const top = desc[0];
    return top + Math.max(Math.abs(top) * 1e-6, 1e-9);
  }
  return desc[Math.min(k, desc.length) - 1];
}

const countAtLeast = (xs: readonly number[], t: number): number => xs.reduce((n, x) => n + (x >= t ? 1 : 0), 0);
const desc = (xs: readonly number[]): number[] => [...xs].sort((x, y) => y - x);

/** The threshold on B keeping the same share of chunks as `thresholdA` keeps on A. */
export function translateByShare(a: readonly number[], b: readonly number[], thresholdA: number): ShareTranslation {
  const p = finitePairs(a, b);
  const n = p.a.length;
  const keptA = countAtLeast(p.a, thresholdA);
  const tB = thresholdKeeping(desc(p.b), keptA);
  const keptB = countAtLeast(p.b, tB);
  return { source: { threshold: thresholdA, kept: keptA, share: n ? keptA / n : NaN }, target: { threshold: tB, kept: keptB, share: n ? keptB / n : NaN }, total: n };
}

/** The threshold on B keeping as many relevant chunks (the same recall) as `thresholdA` keeps on A. */
export function translateByRecall(a: readonly number[], b: readonly number[], relevant: readonly boolean[], thresholdA: number): RecallTranslation {
  const p = finitePairs(a, b, relevant);
  const n = p.a.length;
  const R = p.rel.filter(Boolean).length;
  const stats = (scores: number[], t: number): Kept & { recall: number; precision: number } => {
    let kept = 0;
    let hits = 0;
    scores.forEach((s, i) => {
      if (s >= t) {
        kept++;
        if (p.rel[i]) hits++;
      }
    });
    return { threshold: t, kept, share: n ? kept / n : NaN, recall: R ? hits / R : NaN, precision: kept ? hits / kept : NaN };
  };
  const source = stats(p.a, thresholdA);
  const hitsA = p.a.reduce((h, s, i) => h + (s >= thresholdA && p.rel[i] ? 1 : 0), 0);
  const relB = desc(p.b.filter((_, i) => p.rel[i]));
  const tB = R === 0 ? NaN : thresholdKeeping(relB, hitsA);
  return { source, target: Number.isNaN(tB) ? { threshold: NaN, kept: 0, share: NaN, recall: NaN, precision: NaN } : stats(p.b, tB), relevant: R, total: n };
}

/** The score at which a scorer keeps `share` of the chunks (for default thresholds to translate). */
export function thresholdForShare(scores: readonly number[], share: number): number {
  const d = desc(scores.filter(Number.isFinite));
  return thresholdKeeping(d, Math.round(Math.min(1, Math.max(0, share)) * d.length));
}
