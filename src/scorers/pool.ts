// Running many score() calls with a bounded number at once. A remote scorer splits one query's chunks
// into batches already, but a query of 100 chunks is one request: a 1,000-query evaluation needs
// several queries in flight to keep a GPU server busy. The local engine runs one request at a time
// anyway, so callers pass 1 for it (parallelFor gives that number).
import type { Scorer } from '../session/scorer';

/** Queries in flight for a scorer: a few for a rerank server, one for the local engine. */
export function parallelFor(scorer: Scorer, remote = 4): number {
  return scorer.info().kind === 'remote' ? remote : 1;
}

/** fn over every item, at most `limit` at once; results in item order. The first rejection stops new starts and is rethrown. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed: { e: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i], i);
      } catch (e) {
        failed ??= { e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw failed.e;
  return out;
}
