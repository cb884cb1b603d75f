// From a BM25 first stage to the RetrievalSets every later stage reads: one set per query, candidates in
// BM25 order with their BM25 score (a similarity), chunk text `title + " " + text` trimmed (as
// core/read/beir.ts builds BEIR chunks), and the query's judgments as labels (unjudged candidates are
// simply absent: not relevant, as in trec_eval). Also a forgiving reader of BEIR corpus/queries JSONL
// for callers that only have the files' text. Pure.
import type { Diagnostic, RetrievalSet } from '../types';
import { bm25FirstStage, type Bm25Options, type Bm25Settings, type CorpusDoc, type FirstStageQuery } from './bm25';

export interface FirstStageSets {
  sets: RetrievalSet[];
  settings: Bm25Settings;
  /** Queries that matched no document (their sets have no chunks). */
  emptyQueries: string[];
}

export function bm25Sets(
  corpus: readonly (CorpusDoc & { metadata?: Record<string, unknown> })[],
  queries: readonly FirstStageQuery[],
  qrels: ReadonlyMap<string, ReadonlyMap<string, number>> | undefined,
  opts: Bm25Options = {},
): FirstStageSets {
  const { byQuery, settings } = bm25FirstStage(corpus, queries, opts);
  const docs = new Map(corpus.map((d) => [d.id, d]));
  const emptyQueries: string[] = [];
  const sets = queries.map((q): RetrievalSet => {
    const hits = byQuery.get(q.id) ?? [];
    if (hits.length === 0) emptyQueries.push(q.id);
    const judged = qrels?.get(q.id);
    return {
      queryId: q.id,
      query: q.text,
      format: 'beir-bm25',
      chunks: hits.map((h, i) => {
        const d = docs.get(h.id)!;
        return {
          id: h.id,
          text: `${d.title ?? ''} ${d.text}`.trim(),
          originalRank: i + 1,
          retrieverScore: h.score,
          scoreKind: 'similarity' as const,
          metadata: { ...(d.metadata ?? {}), ...(d.title ? { title: d.title } : {}), bm25: h.score },
        };
      }),
      ...(judged && judged.size > 0 ? { labels: { byChunkId: Object.fromEntries(judged) } } : {}),
    };
  });
  return { sets, settings, emptyQueries };
}

/** BEIR corpus.jsonl / queries.jsonl rows ({"_id", "title"?, "text"}); bad lines become diagnostics. */
export function parseBeirJsonl(text: string, file: string): { rows: { id: string; title: string; text: string; metadata: Record<string, unknown> }[]; diagnostics: Diagnostic[] } {
  const rows: { id: string; title: string; text: string; metadata: Record<string, unknown> }[] = [];
  const diagnostics: Diagnostic[] = [];
  let bad = 0;
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      v = undefined;
    }
    const r = v as Record<string, unknown> | undefined;
    const id = r && typeof r === 'object' ? r._id : undefined;
    if (!r || typeof r !== 'object' || (typeof id !== 'string' && typeof id !== 'number')) {
      if (bad++ < 10) diagnostics.push({ severity: 'warning', message: `Skipped line ${i + 1} of ${file}: expected a JSON object with "_id".`, file, line: i + 1, column: 1 });
      return;
    }
    const metadata = r.metadata && typeof r.metadata === 'object' && !Array.isArray(r.metadata) ? (r.metadata as Record<string, unknown>) : {};
    rows.push({ id: String(id), title: typeof r.title === 'string' ? r.title : '', text: typeof r.text === 'string' ? r.text : '', metadata });
  });
  if (bad > 10) diagnostics.push({ severity: 'warning', message: `${bad} lines of ${file} were skipped in all.`, file });
  return { rows, diagnostics };
}
