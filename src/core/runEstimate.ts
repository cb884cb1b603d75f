// How long a scoring run will take, said in words a person plans with. Pure.

/** Pairs/s assumed before any run was measured: MiniLM-L6 fp32 on two cores (bench: 34/s). */
export const FALLBACK_PAIRS_PER_SECOND = 30;

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${Math.max(1, s)} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  return `${(m / 60).toFixed(1)} h`;
}
