// Which query each pair of a score request belongs to. A request names one `query` for all its chunks,
// or several `queries` with `queryOf[i]` for chunk i (a labelled set scored as one stream, so batches
// are formed across queries: protocol.ts ScoreParams). Checked here, at the boundary, so the scoring
// loop can index without guards.

export interface PairQueries {
  /** The distinct query texts, by query index. */
  texts: string[];
  /** Query index of chunk i. */
  of: (chunk: number) => number;
}

/** The pairs' queries, or the reason the request is malformed (a message for a 'bad-request' error). */
export function pairQueries(params: { query?: unknown; chunks: readonly unknown[]; queries?: unknown; queryOf?: unknown }): PairQueries | string {
  const { queries, queryOf, chunks } = params;
  if (queries === undefined && queryOf === undefined) {
    if (typeof params.query !== 'string') return 'The query must be text.';
    return { texts: [params.query], of: () => 0 };
  }
  if (!Array.isArray(queries) || queries.length === 0 || queries.some((q) => typeof q !== 'string')) return '`queries` must be a non-empty list of texts.';
  if (!Array.isArray(queryOf) || queryOf.length !== chunks.length) return `\`queryOf\` must give a query index for each of the ${chunks.length} chunks.`;
  const bad = queryOf.findIndex((q) => !Number.isInteger(q) || q < 0 || q >= queries.length);
  if (bad >= 0) return `\`queryOf[${bad}]\` is not an index into the ${queries.length} queries.`;
  const of = queryOf as number[];
  return { texts: queries as string[], of: (i) => of[i] };
}

/** Chunk indexes grouped by query index (for per-query checks such as equal scores). */
export function chunksByQuery(q: PairQueries, count: number): number[][] {
  const groups: number[][] = q.texts.map(() => []);
  for (let i = 0; i < count; i++) groups[q.of(i)].push(i);
  return groups;
}
