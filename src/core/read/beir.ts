// BEIR datasets: corpus.jsonl (`{"_id","title","text"}` per line), queries.jsonl (`{"_id","text"}`),
// qrels/<split>.tsv, and optionally a TREC run over them. One RetrievalSet per query:
//   with a run     the run's documents in run order (retriever scores are similarities, as trec_eval reads them);
//   without a run  a BM25 first stage over the corpus (core/firstStage: top 100 per query, or the whole
//                  corpus when smaller), the standard BEIR protocol; only without queries.jsonl the
//                  judged documents of each query (with a warning that this flatters reranking).
// Chunk text is `title + " " + text`, trimmed: what BEIR's own reranking feeds a cross-encoder.
import type { Chunk, Diagnostic, RetrievalSet } from '../types';
import { parseJson } from './json';
import { mergeQrels, parseQrels } from './labels';
import { parseTrecRun } from './trec';
import { makeIdsUnique } from './sets';
import { bm25Sets } from '../firstStage/sets';
import { DEFAULT_DEPTH, describeBm25 } from '../firstStage/bm25';

export interface NamedText {
  name: string;
  text: string;
}

export interface BeirFiles {
  corpus?: NamedText;
  queries?: NamedText;
  qrels?: NamedText[];
  run?: NamedText;
  /** BM25 candidates per query when there is no run (default DEFAULT_DEPTH, 100). */
  depth?: number;
}

export interface BeirRead {
  sets: RetrievalSet[];
  diagnostics: Diagnostic[];
  format?: string;
}

interface CorpusDoc {
  title: string;
  text: string;
  metadata: Record<string, unknown>;
}

const MAX_REPORTS = 10;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSONL rows by `_id`. JSON.parse per line keeps big corpora fast; only a broken line is re-parsed
 *  with locations to say where it breaks. */
function readIdRows(file: NamedText, sink: Diagnostic[], what: string): Map<string, Record<string, unknown>> {
  const rows = new Map<string, Record<string, unknown>>();
  let problems = 0;
  const report = (d: Diagnostic) => {
    if (problems++ < MAX_REPORTS) sink.push(d);
  };
  file.text.split(/\r\n|\r|\n/).forEach((line, l) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      const p = parseJson(line, { file: file.name });
      const col = p.ok ? 1 : (p.diagnostics[0].column ?? 1);
      report({ severity: 'warning', message: `Skipped line ${l + 1} of ${file.name}: ${p.ok ? 'invalid JSON' : p.diagnostics[0].message.replace(/ at line \d+, column \d+/, ` at column ${col}`)}`, file: file.name, line: l + 1, column: col });
      return;
    }
    const id = isRecord(v) ? v._id : undefined;
    if (!isRecord(v) || (typeof id !== 'string' && typeof id !== 'number')) {
      report({ severity: 'warning', message: `Skipped line ${l + 1} of ${file.name}: expected a ${what} object with "_id".`, file: file.name, line: l + 1, column: 1 });
      return;
    }
    rows.set(String(id), v);
  });
  if (problems > MAX_REPORTS) sink.push({ severity: 'warning', message: `${problems} lines of ${file.name} were skipped in all.`, file: file.name });
  return rows;
}

function corpusDoc(row: Record<string, unknown>): CorpusDoc {
  const title = typeof row.title === 'string' ? row.title : '';
  const text = typeof row.text === 'string' ? row.text : '';
  const metadata = isRecord(row.metadata) ? { ...row.metadata } : {};
  return { title, text, metadata };
}

function chunkText(doc: CorpusDoc): string {
  return `${doc.title} ${doc.text}`.trim();
}

export const CORPUS_NEEDED_HINT =
  'Put corpus.jsonl ({"_id","title","text"} per line) and queries.jsonl ({"_id","text"}) next to the run file (or in its parent folder), or open the BEIR folder that holds them.';

export function readBeir(files: BeirFiles): BeirRead {
  const diagnostics: Diagnostic[] = [];
  if (!files.corpus) {
    const what = files.run ? `The TREC run ${files.run.name} lists document ids but no texts` : 'No corpus.jsonl found';
    return { sets: [], diagnostics: [{ severity: 'error', message: `${what}: a BEIR corpus is needed to rerank.`, hint: CORPUS_NEEDED_HINT, file: files.run?.name }] };
  }
  const corpusRows = readIdRows(files.corpus, diagnostics, 'corpus document');
  const queries = new Map<string, string>();
  if (files.queries) {
    for (const [id, row] of readIdRows(files.queries, diagnostics, 'query')) {
      if (typeof row.text === 'string') queries.set(id, row.text);
    }
  } else {
    diagnostics.push({ severity: 'warning', message: 'No queries.jsonl found: the sets have query ids but no query texts.', hint: 'Add queries.jsonl ({"_id","text"} per line) or give the query yourself (CLI: --query).' });
  }
  const qrelsParsed = (files.qrels ?? []).map((q) => parseQrels(q.text, q.name));
  for (const q of qrelsParsed) diagnostics.push(...q.diagnostics);
  if (files.qrels && files.qrels.length > 0) diagnostics.push({ severity: 'info', message: `Labels from ${files.qrels.map((q) => q.name).join(', ')}.` });
  const qrels = mergeQrels(qrelsParsed);
  const sets: RetrievalSet[] = [];
  const docFor = (id: string): CorpusDoc | undefined => {
    const row = corpusRows.get(id);
    return row ? corpusDoc(row) : undefined;
  };
  const labelsFor = (qid: string) => {
    const judged = qrels.get(qid);
    return judged ? { byChunkId: Object.fromEntries(judged) } : undefined;
  };
  const querySet = (qid: string, format: string): RetrievalSet => {
    const set: RetrievalSet = { queryId: qid, chunks: [], format };
    const q = queries.get(qid);
    if (q !== undefined) set.query = q;
    else if (files.queries) diagnostics.push({ severity: 'warning', message: `Query "${qid}" is not in ${files.queries.name}: its set has no query text.`, file: files.queries.name });
    const labels = labelsFor(qid);
    if (labels) set.labels = labels;
    return set;
  };
  let missing = 0;
  if (files.run) {
    const run = parseTrecRun(files.run.text, files.run.name);
    diagnostics.push(...run.diagnostics);
    for (const [qid, entries] of run.byQuery) {
      const set = querySet(qid, 'trec-run');
      for (const e of entries) {
        const doc = docFor(e.docno);
        if (!doc) {
          if (missing++ < MAX_REPORTS) {
            diagnostics.push({ severity: 'warning', message: `Document "${e.docno}" (line ${e.line + 1} of ${files.run.name}) is not in ${files.corpus.name}; skipped.`, file: files.run.name, line: e.line + 1, column: 1 });
          }
          continue;
        }
        const chunk: Chunk = {
          id: e.docno, text: chunkText(doc), originalRank: set.chunks.length + 1, retrieverScore: e.score, scoreKind: 'similarity',
          metadata: { ...doc.metadata, ...(doc.title ? { title: doc.title } : {}), runRank: e.rank, runTag: e.tag },
          origin: { line: e.line },
        };
        set.chunks.push(chunk);
      }
      sets.push(set);
    }
    if (run.byQuery.size === 0) diagnostics.push({ severity: 'error', message: `No run lines read from ${files.run.name}.`, hint: 'A TREC run line is "qid Q0 docno rank score tag".', file: files.run.name });
  } else if (files.queries && queries.size > 0) {
    // No run: a real first stage, as the BEIR and sentence-transformers evaluations do it. Reranking
    // only the judged documents would make almost every candidate relevant and reranking look trivially
    // good. Queries with labels are the ones evaluated (trec_eval skips the rest); without any labels,
    // every query.
    const asked = (qrels.size > 0 ? [...qrels.keys()] : [...queries.keys()]).filter((qid) => {
      if (queries.has(qid)) return true;
      diagnostics.push({ severity: 'warning', message: `Query "${qid}" has labels but no text in ${files.queries!.name}: left out (BM25 needs the query text).`, file: files.queries!.name });
      return false;
    });
    const corpus = [...corpusRows].map(([id, row]) => ({ id, ...corpusDoc(row) }));
    const firstStage = bm25Sets(corpus, asked.map((id) => ({ id, text: queries.get(id)! })), qrels, { depth: files.depth ?? DEFAULT_DEPTH });
    diagnostics.push({
      severity: 'info',
      message: `No run file: candidates from a BM25 ${describeBm25(firstStage.settings)}; unjudged candidates count as not relevant, as in trec_eval.`,
      hint: 'Put a TREC run file in the folder to rerank your own retriever\'s results instead.',
    });
    if (firstStage.emptyQueries.length > 0) diagnostics.push({ severity: 'warning', message: `BM25 found nothing for ${firstStage.emptyQueries.length} quer${firstStage.emptyQueries.length === 1 ? 'y' : 'ies'} (${firstStage.emptyQueries.slice(0, 5).join(', ')}${firstStage.emptyQueries.length > 5 ? ', ...' : ''}).` });
    sets.push(...firstStage.sets);
  } else {
    // No run and no query texts: only the judged documents are known. Say what that means.
    diagnostics.push({ severity: 'warning', message: 'No run file and no queries.jsonl: each query is reranked over its judged documents only, which makes reranking look better than it is (almost every candidate is relevant).', hint: 'Add queries.jsonl so a BM25 first stage can find candidates, or a TREC run of your retriever.' });
    if (qrels.size === 0) {
      return {
        sets: [],
        diagnostics: [...diagnostics, { severity: 'error', message: `No run file and no qrels found beside ${files.corpus.name}: nothing says which documents belong to which query.`, hint: 'Add qrels/test.tsv (query-id, corpus-id, score) or a TREC run file.', file: files.corpus.name }],
      };
    }
    for (const [qid, judged] of qrels) {
      const set = querySet(qid, 'beir');
      for (const docId of judged.keys()) {
        const doc = docFor(docId);
        if (!doc) {
          if (missing++ < MAX_REPORTS) diagnostics.push({ severity: 'warning', message: `Judged document "${docId}" (query "${qid}") is not in ${files.corpus.name}; skipped.`, file: files.corpus.name });
          continue;
        }
        set.chunks.push({
          id: docId, text: chunkText(doc), originalRank: set.chunks.length + 1, scoreKind: 'unknown',
          metadata: { ...doc.metadata, ...(doc.title ? { title: doc.title } : {}) },
        });
      }
      sets.push(set);
    }
  }
  if (missing > MAX_REPORTS) diagnostics.push({ severity: 'warning', message: `${missing} documents were missing from ${files.corpus.name} in all.`, file: files.corpus.name });
  const nonEmpty = sets.filter((s) => s.chunks.length > 0);
  if (nonEmpty.length < sets.length) diagnostics.push({ severity: 'warning', message: `${sets.length - nonEmpty.length} quer${sets.length - nonEmpty.length === 1 ? 'y has' : 'ies have'} no documents with text; left out.` });
  makeIdsUnique(nonEmpty, diagnostics);
  return { sets: nonEmpty, diagnostics, format: files.run ? 'trec-run' : nonEmpty[0]?.format === 'beir-bm25' ? 'beir-bm25' : 'beir' };
}

/** Sorts extra files (name -> text) into BEIR roles by name: corpus.jsonl, queries.jsonl, qrels. */
export function beirFilesFrom(extra: Record<string, string>): BeirFiles {
  const files: BeirFiles = { qrels: [] };
  const base = (n: string) => n.split(/[\\/]/).pop() ?? n;
  for (const [name, text] of Object.entries(extra)) {
    const b = base(name).toLowerCase();
    if (b === 'corpus.jsonl') files.corpus = { name, text };
    else if (b === 'queries.jsonl') files.queries = { name, text };
    else if (/(^|[\\/])qrels[\\/]/i.test(name) || /qrels/i.test(b)) files.qrels!.push({ name, text });
  }
  // Several splits: judge with the test split (what BEIR evaluates), else dev, else all of them.
  for (const split of [/test/i, /dev|valid/i]) {
    const chosen = files.qrels!.filter((q) => split.test(base(q.name)));
    if (chosen.length > 0) {
      files.qrels = chosen;
      break;
    }
  }
  return files;
}
