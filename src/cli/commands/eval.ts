// `rerank-lens eval INPUT [--qrels FILE] ...`: rerank every query of a set and measure what reranking
// changed: before/after metrics (trec_eval's definitions), wins/ties/losses with a bootstrap interval,
// the ceiling of the candidate pool, and recommended thresholds. Exit codes as for `rerank`: 0 done,
// 1 scoring or writing failed, 2 bad usage or input.
//
// Flow: read INPUT (core/read; a BEIR folder without a run gets a BM25 first stage, core/firstStage)
// -> labels (--qrels FILE via core/labels, else the input's own) -> choose queries (--max-queries,
// --sample/--seed) -> score every unique (query, chunk) pair once, through the disk score store
// (src/node/scoreStore.ts, <cache dir>/.score-store) and the engine -> core/eval analyzeSet -> table or
// JSON (core/eval/report.ts) -> --run-out: TREC runs of both orders and the labels used.
// `--scorer SPEC` (src/scorers/fromSpec.ts) scores with a rerank server or a local model given as a SPEC
// instead of --model/--dtype: the same evaluation, its pairs cached under the scorer's identity, and the
// report's model/dtype say which server and what its number means (thresholds are on that number).
// Thresholds (cutoffs, sweep) are on the raw logit of a local model, each given with its probability;
// modelActivation says which of the two is what CrossEncoder.predict returns (issue 15).
import { existsSync, promises as fs, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { analyzeSet, evalQueryFromSet, formatTrecRun, hasJudgment, rerankedRun, retrieverRun, sampleIndexes, type EvalQuery } from '../../core/eval/index';
import { formatReportTable, labReport, type EvalReport, type LabelsSummary } from '../../core/eval/report';
import { bm25Sets, parseBeirJsonl } from '../../core/firstStage/sets';
import { type Bm25Settings } from '../../core/firstStage/bm25';
import { attachQrels, inputQrels } from '../../core/labels/attach';
import { chunkIdentity, queryIdentity } from '../../core/labels/identity';
import { countJudgments, formatTrecQrels, parseQrelsText, type QrelsMap } from '../../core/labels/qrels';
import { beirFilesFrom } from '../../core/read/beir';
import { readPath } from '../../node/read/readPath';
import type { Diagnostic, RetrievalSet } from '../../core/types';
import { EngineClient, EngineFailure } from '../../engine/client';
import type { EngineError } from '../../engine/protocol';
import type { CliIo } from '../io';
import { describeDiagnostic } from '../load';
import { UsageError } from '../options';
import type { CliEngine } from '../score';
import type { Subcommand, SubcommandDeps } from './subcommand';
import { scorerFromSpec } from '../../scorers/fromSpec';
import { ScorerSpecError } from '../../scorers/spec';
import { ScorerFailure, type Scorer, type ScorerInfo } from '../../session/scorer';
import { EVAL_USAGE, parseEvalOptions, type EvalOptions } from './evalOptions';
import { engineSource, scoreAll, scorerSource, type PairSource, type ScoredPairs } from './evalScoring';

function printDiagnostic(io: CliIo, d: Diagnostic, label: string): void {
  const kind = d.severity === 'info' ? 'note' : d.severity;
  io.stderr.write(`rerank-lens: ${kind}: ${describeDiagnostic(d, label)}\n${d.hint ? `  ${d.hint}\n` : ''}`);
}

interface LoadedSets {
  sets: RetrievalSet[];
  format: string | null;
  firstStage: Bm25Settings | null;
  ok: boolean;
}

/** The folder of a BEIR input (INPUT itself, or the folder of its corpus/queries/qrels file). */
function beirDir(input: string): string {
  if (statSync(input).isDirectory()) return input;
  const dir = dirname(input);
  return basename(dir).toLowerCase() === 'qrels' ? dirname(dir) : dir;
}

async function readCapped(file: string, maxBytes: number): Promise<string> {
  const st = await fs.stat(file);
  if (st.size > maxBytes) throw new UsageError(`${file} is ${(st.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit.`, 'Pass --max-file-size-mb N to raise it.');
  return fs.readFile(file, 'utf8');
}

/** A BEIR folder without a run: BM25 over corpus.jsonl for every query of queries.jsonl. */
async function bm25Input(dir: string, opts: EvalOptions, io: CliIo): Promise<LoadedSets> {
  const corpusText = await readCapped(join(dir, 'corpus.jsonl'), opts.maxBytes);
  const queriesFile = join(dir, 'queries.jsonl');
  if (!existsSync(queriesFile)) throw new UsageError(`${dir} has no queries.jsonl: BM25 needs the query texts.`, 'Add queries.jsonl ({"_id","text"} per line).');
  const corpus = parseBeirJsonl(corpusText, 'corpus.jsonl');
  const queries = parseBeirJsonl(await readCapped(queriesFile, opts.maxBytes), 'queries.jsonl');
  for (const d of [...corpus.diagnostics, ...queries.diagnostics]) printDiagnostic(io, d, dir);
  let qrels: QrelsMap | undefined;
  const qrelsDir = join(dir, 'qrels');
  if (existsSync(qrelsDir)) {
    const texts: Record<string, string> = {};
    for (const name of await fs.readdir(qrelsDir)) if (/\.(tsv|txt|qrels)$/i.test(name)) texts[join(qrelsDir, name)] = await readCapped(join(qrelsDir, name), opts.maxBytes);
    const chosen = beirFilesFrom(texts).qrels ?? [];
    qrels = new Map();
    for (const f of chosen) {
      const p = parseQrelsText(f.text, f.name);
      for (const d of p.diagnostics) printDiagnostic(io, d, f.name);
      for (const [q, m] of p.qrels) qrels.set(q, new Map([...(qrels.get(q) ?? new Map()), ...m]));
    }
  }
  // Queries without judgments are not evaluated anyway: with labels, BM25 runs only for judged queries
  // (BEIR's own evaluation does the same).
  const judgedQueries = qrels && qrels.size > 0 && !opts.qrels ? queries.rows.filter((q) => qrels!.has(q.id)) : queries.rows;
  const out = bm25Sets(corpus.rows, judgedQueries, qrels, { depth: opts.depth });
  return { sets: out.sets, format: 'beir-bm25', firstStage: out.settings, ok: true };
}

async function loadSets(opts: EvalOptions, io: CliIo): Promise<LoadedSets> {
  const result = await readPath(opts.input, { file: opts.input, maxBytes: opts.maxBytes });
  if ((result.format === 'beir' || result.format === 'beir-bm25') && existsSync(opts.input)) {
    const dir = beirDir(opts.input);
    if (existsSync(join(dir, 'corpus.jsonl'))) return bm25Input(dir, opts, io);
  }
  for (const d of result.diagnostics) printDiagnostic(io, d, opts.input);
  const ok = !result.diagnostics.some((d) => d.severity === 'error') && result.sets.length > 0;
  return { sets: result.sets, format: result.format ?? null, firstStage: null, ok };
}


/** Drops later candidates whose label identity repeats within a query (identical texts without ids):
 *  a run file may name a document once per query, and the metrics count it once anyway. */
function dedupeCandidates(q: EvalQuery): number {
  const seen = new Set<string>();
  const before = q.candidates.length;
  q.candidates = q.candidates.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
  return before - q.candidates.length;
}

async function run(argv: string[], deps: SubcommandDeps): Promise<number> {
  const { io } = deps;
  const fail = (message: string, hint?: string, code = 2) => {
    io.stderr.write(`rerank-lens: error: ${message}\n${hint ? `  ${hint}\n` : ''}`);
    return code;
  };
  let opts: EvalOptions | 'help';
  try {
    opts = parseEvalOptions(argv);
  } catch (e) {
    return fail((e as Error).message, e instanceof UsageError ? (e.hint ?? 'See rerank-lens eval --help.') : undefined);
  }
  if (opts === 'help') {
    io.stdout.write(EVAL_USAGE);
    return 0;
  }
  const messages: string[] = [];
  let loaded: LoadedSets;
  try {
    loaded = await loadSets(opts, io);
  } catch (e) {
    return fail((e as Error).message, e instanceof UsageError ? e.hint : undefined);
  }
  if (!loaded.ok) return fail(`Nothing to evaluate in ${opts.input}.`, 'Give a multi-query results file or a BEIR folder (see rerank-lens eval --help).');

  // Labels: --qrels, else the input's own.
  let labels: LabelsSummary | null = null;
  let perSet: (Record<string, number> | undefined)[];
  let qrelsUsed: QrelsMap = new Map();
  if (opts.qrels) {
    const parsed = parseQrelsText(await fs.readFile(opts.qrels, 'utf8'), opts.qrels);
    for (const d of parsed.diagnostics) printDiagnostic(io, d, opts.qrels);
    if (!parsed.ok) return fail(`${opts.qrels} holds no relevance labels.`, 'Give TREC qrels, BEIR qrels TSV or JSON {"query_id": {"doc_id": grade}}.');
    const a = attachQrels(loaded.sets, parsed.qrels);
    perSet = a.perSet;
    const c = countJudgments(parsed.qrels);
    labels = { source: opts.qrels, format: parsed.format, queries: c.queries, judgments: c.pairs, unknownQueries: a.unknownQueries.length, unknownQueryJudgments: a.unknownQueryJudgments, unknownDocuments: a.unknownDocuments, labelledQueries: a.labelledQueries, labelledPairs: a.labelledPairs };
    if (a.unknownQueries.length) messages.push(`${a.unknownQueries.length} labelled quer${a.unknownQueries.length === 1 ? 'y is' : 'ies are'} not in the input (${a.unknownQueryJudgments} judgments not used; e.g. ${a.unknownQueries.slice(0, 3).join(', ')}).`);
    if (a.unknownDocuments) messages.push(`${a.unknownDocuments} judgments name documents that are not candidates of their query: they count as relevant documents not retrieved, as in trec_eval.`);
  } else {
    perSet = loaded.sets.map((s) => inputQrels(s));
    const judged = perSet.filter(Boolean) as Record<string, number>[];
    if (judged.length) {
      const pairs = judged.reduce((n, q) => n + Object.keys(q).length, 0);
      let labelledPairs = 0;
      loaded.sets.forEach((s, i) => {
        const q = perSet[i];
        if (q) labelledPairs += s.chunks.filter((c) => Object.hasOwn(q, chunkIdentity(c))).length;
      });
      labels = { source: 'input', format: null, queries: judged.length, judgments: pairs, unknownQueries: 0, unknownQueryJudgments: 0, unknownDocuments: pairs - labelledPairs, labelledQueries: judged.length, labelledPairs };
    }
  }
  if (!labels || labels.labelledQueries === 0) messages.push('No labels for these queries: metrics and recommended cutoffs need relevance labels (--qrels FILE); the sweep below still shows what thresholds keep.');

  // Queries to score.
  const inInput = loaded.sets.length;
  let chosen = loaded.sets.map((s, i) => i);
  if (opts.sample !== undefined) chosen = sampleIndexes(inInput, opts.sample, opts.seed);
  if (opts.maxQueries !== undefined) chosen = chosen.slice(0, opts.maxQueries);
  const noText = chosen.filter((i) => !loaded.sets[i].query?.trim());
  if (noText.length) messages.push(`${noText.length} quer${noText.length === 1 ? 'y has' : 'ies have'} no query text and cannot be scored; left out.`);
  chosen = chosen.filter((i) => loaded.sets[i].query?.trim());
  const sets = chosen.map((i) => loaded.sets[i]);
  const noCandidates = sets.filter((s) => s.chunks.length === 0).length;
  if (noCandidates) messages.push(`${noCandidates} quer${noCandidates === 1 ? 'y has' : 'ies have'} no candidates${loaded.firstStage ? ' (BM25 matched no document)' : ''}; left out of the metrics.`);
  if (sets.length === 0) return fail('No query with text to score.', 'Check the input holds query texts (BEIR: queries.jsonl).');

  let engine: CliEngine | undefined;
  let scorer: Scorer | undefined;
  let scorerInfo: ScorerInfo | undefined;
  let scored: ScoredPairs;
  try {
    let source: PairSource;
    if (opts.scorer) {
      const o = opts;
      scorer = scorerFromSpec(opts.scorer, process.env, {
        ...(deps.engine ? { engine: deps.engine } : { newEngine: () => new EngineClient() }),
        cacheDir: opts.spec.cacheDir,
        offline: opts.spec.offline,
        batchSize: opts.batchSize,
        threads: opts.threads,
        ...(opts.spec.maxLength !== undefined ? { maxLength: opts.spec.maxLength } : {}),
        ...(opts.spec.hubUrl !== undefined ? { hubUrl: opts.spec.hubUrl } : {}),
        remote: {
          ...(o.timeoutMs !== undefined ? { responseTimeoutMs: o.timeoutMs } : {}),
          ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
          log: (level, m) => level !== 'info' && io.stderr.write(`rerank-lens: ${m}\n`),
        },
      });
      source = scorerSource(scorer, opts);
    } else source = engineSource((engine = deps.engine ?? new EngineClient()), opts);
    scored = await scoreAll(sets, source, opts, io);
    scorerInfo = scorer?.info();
  } catch (e) {
    if (e instanceof ScorerSpecError) return fail(e.message, e.hint, 2);
    if (e instanceof ScorerFailure) return fail(e.message, e.hint, 1);
    const error: EngineError = e instanceof EngineFailure ? e.error : { code: 'internal', message: e instanceof Error ? e.message : String(e) };
    return fail(error.message, error.hint, 1);
  } finally {
    scorer?.dispose();
    if (engine && !deps.engine) engine.dispose();
  }

  // Queries as the lab sees them; ids unique per query so run files are what trec_eval accepts.
  const usedIds = new Map<string, number>();
  let duplicates = 0;
  const queries = sets.map((s, j) => {
    const base = queryIdentity(s);
    const n = (usedIds.get(base) ?? 0) + 1;
    usedIds.set(base, n);
    const q = evalQueryFromSet(s, scored.scores[j], { queryId: n === 1 ? base : `${base}#${n}`, qrels: perSet[chosen[j]] ?? null, idOf: chunkIdentity });
    duplicates += dedupeCandidates(q);
    return q;
  });
  if (duplicates) messages.push(`${duplicates} candidates repeat the text of another candidate of their query without an id of their own; each text counts once.`);
  const lab = analyzeSet(queries, { recallTarget: opts.recallTarget, precisionTarget: opts.precisionTarget, k: opts.k, bootstrap: { seed: opts.seed } });
  const negativeOnly = lab.evaluation.perQuery.filter((e) => !hasJudgment(queries[e.index].qrels)).length;
  if (negativeOnly) messages.push(`${negativeOnly} evaluated quer${negativeOnly === 1 ? 'y is' : 'ies are'} judged only below 0: every measure 0, as trec_eval counts ${negativeOnly === 1 ? 'it' : 'them'} (trec_eval 10 stops with "Can't calculate measure" when such a query is the first it evaluates).`);
  if (lab.evaluation.counts.evaluated === 1) messages.push('Only 1 query was evaluated: no interval (a paired bootstrap needs 2 or more queries).');

  let runFiles: EvalReport['runFiles'] = null;
  if (opts.runOut) {
    try {
      await fs.mkdir(opts.runOut, { recursive: true });
      const withCandidates = queries.filter((q) => q.candidates.length > 0);
      const retriever = join(opts.runOut, 'retriever.run');
      const reranked = join(opts.runOut, 'reranked.run');
      await fs.writeFile(retriever, formatTrecRun(withCandidates.map((q) => ({ queryId: q.queryId, rows: retrieverRun(q) })), 'retriever'));
      await fs.writeFile(reranked, formatTrecRun(withCandidates.map((q) => ({ queryId: q.queryId, rows: rerankedRun(q) })), 'reranked'));
      let qrelsFile: string | null = null;
      // Only queries the runs hold: trec_eval 10 stops with an error on a qrels topic missing from the run.
      qrelsUsed = new Map(withCandidates.filter((q) => q.qrels).map((q) => [q.queryId, new Map(Object.entries(q.qrels!))]));
      if (qrelsUsed.size) {
        qrelsFile = join(opts.runOut, 'qrels.txt');
        await fs.writeFile(qrelsFile, formatTrecQrels(qrelsUsed));
      }
      runFiles = { retriever, reranked, qrels: qrelsFile };
    } catch (e) {
      return fail(`Cannot write the run files to ${opts.runOut}: ${(e as Error).message}`, 'Check the folder is writable.', 1);
    }
  }

  const c = lab.evaluation.counts;
  const report: EvalReport = {
    input: opts.input,
    format: loaded.format,
    // With --scorer: the scorer's label, and its dtype or provider and what its number means.
    model: scorerInfo ? scorerInfo.label : opts.spec.model,
    dtype: scorerInfo ? (scorerInfo.dtype ?? `${scorerInfo.provider}, ${scorerInfo.meaning}`) : opts.spec.dtype,
    maxLength: scored.info?.maxLength ?? opts.spec.maxLength ?? null,
    modelActivation: scored.info?.activation ?? null,
    firstStage: loaded.firstStage,
    queries: { ...c, inInput, chosen: chosen.length + noText.length, noQueryText: noText.length },
    pairs: { total: sets.reduce((n, s) => n + s.chunks.length, 0), unique: scored.unique, fromCache: scored.fromCache, scored: scored.scored },
    labels,
    ...labReport(lab, opts.recallTarget, opts.precisionTarget),
    runFiles,
    messages,
  };
  io.stdout.write(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatReportTable(report));
  return 0;
}

export const evalCommand: Subcommand = {
  summary: 'metrics of a labelled set before and after reranking, did reranking help, recommended thresholds',
  run,
};
