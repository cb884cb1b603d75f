// BM25 first stage: for a BEIR folder without a run, find each query's candidates in the corpus the
// way the BEIR and sentence-transformers papers do before a cross-encoder reranks them. Pure (the wink
// packages are plain JavaScript, no I/O).
//
//   const fs = bm25FirstStage(corpusDocs, queries, { depth: 100 });
//   fs.byQuery.get(qid)  -> [{ id, score }] best first (score descending, ties by id descending, the
//                           order trec_eval would read them in)
//   fs.settings          -> library, k1, b, analyzer, depth, corpus size: print them beside the metrics
//
// Scoring: wink-bm25-text-search (Okapi BM25 with Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5))),
// k1 = 1.2, b = 0.75, one field holding title + " " + text (BEIR's "title text" document), term
// weights kept to 9 decimals. Analyzer (documents and queries alike): lowercase, split on anything that
// is not a Unicode letter or digit, English stop words removed (wink-nlp-utils' list), Porter2 stem
// (wink-nlp-utils). Unlike wink's own tokenize0, the split keeps non-ASCII words whole.
// Depth: the top `depth` documents that share a term with the query (a document matching nothing is
// not retrieved, as in Lucene); when the corpus has no more than `depth` documents, every document is a
// candidate (the unmatched ones with score 0). wink needs 3 documents to build an index: a smaller corpus
// is returned whole with score 0, in id order descending, and the settings say so.
import bm25 from 'wink-bm25-text-search';
import nlp from 'wink-nlp-utils';

export interface CorpusDoc {
  id: string;
  title?: string;
  text: string;
}

export interface FirstStageQuery {
  id: string;
  text: string;
}

export interface Bm25Options {
  /** Candidates per query. Default 100. */
  depth?: number;
  k1?: number;
  b?: number;
}

export interface Bm25Settings {
  library: string;
  k1: number;
  b: number;
  analyzer: string;
  depth: number;
  corpusSize: number;
  /** True when every document is a candidate (corpus no larger than the depth). */
  wholeCorpus: boolean;
  /** True when the corpus was too small for BM25 (fewer than 3 documents): no scores. */
  unscored: boolean;
}

export interface Bm25Result {
  byQuery: Map<string, { id: string; score: number }[]>;
  settings: Bm25Settings;
}

export const BM25_LIBRARY = 'wink-bm25-text-search 3';
export const BM25_ANALYZER = 'lowercase; split on non-letters/digits (Unicode); English stop words removed (wink-nlp-utils); Porter2 stem (wink-nlp-utils)';
export const DEFAULT_DEPTH = 100;

const NON_WORD = /[^\p{L}\p{N}]+/u;

/** The analyzer as a function (exported so tests and docs can show what a text becomes). */
export function analyze(text: string): string[] {
  const tokens = nlp.string.lowerCase(text).split(NON_WORD).filter((t) => t !== '');
  return nlp.tokens.stem(nlp.tokens.removeWords(tokens));
}

const byScoreThenIdDesc = (a: { id: string; score: number }, b: { id: string; score: number }) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function bm25FirstStage(docs: readonly CorpusDoc[], queries: readonly FirstStageQuery[], opts: Bm25Options = {}): Bm25Result {
  const depth = Math.max(1, Math.floor(opts.depth ?? DEFAULT_DEPTH));
  const k1 = opts.k1 ?? 1.2;
  const b = opts.b ?? 0.75;
  const unique = new Map<string, CorpusDoc>();
  for (const d of docs) if (!unique.has(d.id)) unique.set(d.id, d);
  const corpus = [...unique.values()];
  const wholeCorpus = corpus.length <= depth;
  const settings: Bm25Settings = { library: BM25_LIBRARY, k1, b, analyzer: BM25_ANALYZER, depth, corpusSize: corpus.length, wholeCorpus, unscored: corpus.length < 3 };
  const byQuery = new Map<string, { id: string; score: number }[]>();
  if (settings.unscored) {
    const all = corpus.map((d) => ({ id: d.id, score: 0 })).sort(byScoreThenIdDesc);
    for (const q of queries) byQuery.set(q.id, all.map((r) => ({ ...r })));
    return { byQuery, settings };
  }
  const engine = bm25();
  engine.defineConfig({ fldWeights: { body: 1 }, bm25Params: { k1, b, k: 1 } });
  engine.definePrepTasks([analyze]);
  for (const d of corpus) engine.addDoc({ body: `${d.title ?? ''} ${d.text}`.trim() }, d.id);
  engine.consolidate(9);
  for (const q of queries) {
    // Ask for every match: wink's own tie order is not trec_eval's, so the cut happens after our sort.
    const hits = engine.search(q.text, corpus.length).map(([id, score]) => ({ id, score }));
    hits.sort(byScoreThenIdDesc);
    let out = hits.slice(0, depth);
    if (wholeCorpus) {
      const matched = new Set(hits.map((h) => h.id));
      out = [...hits, ...corpus.filter((d) => !matched.has(d.id)).map((d) => ({ id: d.id, score: 0 })).sort(byScoreThenIdDesc)];
    }
    byQuery.set(q.id, out);
  }
  return { byQuery, settings };
}

/** One line for the CLI and the view: what retrieved the candidates. */
export function describeBm25(s: Bm25Settings): string {
  if (s.unscored) return `first stage: the whole corpus (${s.corpusSize} document${s.corpusSize === 1 ? '' : 's'}, too few for BM25), unscored`;
  return `first stage: BM25 (${s.library}, k1=${s.k1}, b=${s.b}; analyzer: ${s.analyzer}), ${s.wholeCorpus ? `the whole corpus (${s.corpusSize} documents <= depth ${s.depth})` : `top ${s.depth} of ${s.corpusSize} documents`}`;
}
