// `rerank-lens compare INPUT --scorer SPEC --scorer SPEC [...]`: the same chunks scored by two or more
// scorers (local models, dtypes, rerank servers; src/scorers/fromSpec.ts), then
// - agreement of every pair: Kendall's tau-b per query set (mean) and over all chunks pooled, top-k overlap;
// - with labels, each scorer's nDCG@k, MRR and recall@k beside the retriever's order, and the paired
//   bootstrap 95% interval of each scorer's difference to the first;
// - thresholds on the first scorer translated to the others, keeping the same share of chunks and,
//   with labels, the same recall (core/compare/thresholds.ts);
// - the chunks the first two scorers rank most differently.
// Each scorer's number keeps its own meaning (logit, probability, relevance): thresholds are
// translated, never copied across meanings. A local model's number is its raw logit whatever
// CrossEncoder.predict applies (issue 15: the activation is named beside it, so a probability cut-off
// from Python code for a Sigmoid model is read as one: logit = ln(p / (1 - p))); rerank and eval print
// the logit and the probability side by side. Input options are rerank's (options.ts parses them after
// compare's own flags are taken out).
import { compareScorers, type ScorerComparison } from '../../core/compare/index';
import { EngineClient } from '../../engine/client';
import { scorerFromSpec } from '../../scorers/fromSpec';
import { mapLimited, parallelFor } from '../../scorers/pool';
import { ScorerSpecError } from '../../scorers/spec';
import type { LocalEngine } from '../../session/localScorer';
import { ScorerFailure, type Scorer, type ScorerInfo } from '../../session/scorer';
import { printError as printCliError, type CliIo } from '../io';
import { chooseSets, loadInput, reportInput, type ChosenSet } from '../load';
import { parseOptions, UsageError, type CliOptions } from '../options';
import { onceOf, splitOwnFlags } from '../ownFlags';
import { oneLine } from '../output';
import type { Subcommand, SubcommandDeps } from './subcommand';

export const COMPARE_USAGE = `Usage: rerank-lens compare INPUT --scorer SPEC --scorer SPEC [--scorer SPEC ...] [options]

Scores the same chunks with every scorer and prints how much they agree (Kendall's tau-b, top-k
overlap), each one's metrics when the input has relevance labels (nDCG@k, MRR, recall@k, with the
95% interval of the difference to the first scorer), thresholds on the first scorer translated to the
others (same share of chunks kept; with labels, same recall), and the chunks ranked most differently.

SPEC:
  local:MODEL[@fp32|@q8]   a hub id or model folder run by the local engine
  PROVIDER:URL[#MODEL]     a rerank server: cohere, jina, voyage, mixedbread, tei, infinity, vllm
                           (URL is the base URL; empty for the hosted API, e.g. cohere:#rerank-v3.5;
                           vllm:http://host:8000/score uses vLLM's score API)
  Keys: RERANK_LENS_API_KEY, or COHERE_API_KEY, JINA_API_KEY, VOYAGE_API_KEY, MXBAI_API_KEY.

Compare options:
  --scorer SPEC          a scorer (two or more; the first is the reference)
  --k K                  top-k for overlap, nDCG@K and recall@K (default 10)
  --threshold T          a threshold on the first scorer's own number to translate (repeatable;
                         default: the scores at which it keeps 25%, 50% and 75% of the chunks). A local
                         model's number is its raw logit, also when CrossEncoder.predict applies
                         Sigmoid (the scorers list names the activation); a server's is its own
  --disagreements N      how many most-disagreeing chunks to list (default 5)
  --timeout S            rerank servers: seconds to wait for one answer (default 120)
  --concurrency N        rerank servers: requests in flight (default 4)

Input and local model options are rerank's (--query, --query-index, --text-path, --max-length,
--batch-size, --threads, --offline, --hub-url, --cache-dir, ...; see rerank-lens --help).
  --format table|json    output format (default table)
  -h, --help             show this help

Exit codes: 0 done, 1 scoring failed, 2 bad usage or input.
`;

export interface CompareOptions {
  base: CliOptions;
  scorers: string[];
  k: number;
  thresholds: number[];
  disagreements: number;
  timeoutMs?: number;
  concurrency?: number;
}

const VALUE_FLAGS = ['scorer', 'k', 'threshold', 'disagreements', 'timeout', 'concurrency'];
const REFUSED: Record<string, string> = {
  model: 'give each model as --scorer local:MODEL[@q8]',
  dtype: 'give the dtype in the SPEC: --scorer local:MODEL@q8',
  activation: "each scorer keeps its own number (a local model's raw logit, a server's answer)",
  'top-k': 'use --k',
  export: 'compare writes no export',
  'export-style': 'compare writes no export',
};

function num(flag: string, v: string, opts: { min?: number; integer?: boolean } = {}): number {
  const n = Number(v);
  const ok = v.trim() !== '' && Number.isFinite(n) && (!opts.integer || Number.isInteger(n)) && (opts.min === undefined || n >= opts.min);
  if (!ok) throw new UsageError(`--${flag} must be ${opts.integer ? 'a whole number' : 'a number'}${opts.min !== undefined ? ` of at least ${opts.min}` : ''} (got "${v}").`);
  return n;
}

export function parseCompareOptions(argv: string[]): CompareOptions | 'help' {
  const own = splitOwnFlags(argv, { command: 'compare', values: VALUE_FLAGS, refused: REFUSED });
  if (own === 'help') return 'help';
  const { values, rest } = own;
  const scorers = values.scorer ?? [];
  if (scorers.length > NAMES.length) throw new UsageError(`compare takes at most ${NAMES.length} scorers (got ${scorers.length}).`);
  if (scorers.length < 2) throw new UsageError(`compare needs at least two --scorer SPECs (got ${scorers.length}).`, 'E.g. --scorer local:cross-encoder/ms-marco-MiniLM-L-6-v2 --scorer tei:http://localhost:8080');
  // Each SPEC is checked by the rerank parser's --scorer check (one at a time: it takes one).
  for (const s of scorers) parseOptions(['rerank', '-', '--scorer', s]);
  const base = parseOptions(['rerank', ...rest]);
  if (base === 'help') return 'help';
  const one = (f: string): string | undefined => onceOf(own, f);
  const timeout = one('timeout');
  const concurrency = one('concurrency');
  return {
    base,
    scorers,
    k: one('k') !== undefined ? num('k', one('k')!, { min: 1, integer: true }) : 10,
    thresholds: (values.threshold ?? []).map((t) => num('threshold', t)),
    disagreements: one('disagreements') !== undefined ? num('disagreements', one('disagreements')!, { min: 0, integer: true }) : 5,
    ...(timeout !== undefined ? { timeoutMs: Math.round(num('timeout', timeout, { min: 0.001 }) * 1000) } : {}),
    ...(concurrency !== undefined ? { concurrency: num('concurrency', concurrency, { min: 1, integer: true }) } : {}),
  };
}

// ---- the report ----

export interface CompareScorer extends Pick<ScorerInfo, 'identity' | 'label' | 'kind' | 'provider' | 'model' | 'meaning'> {
  /** A, B, C... as the tables name them. */
  name: string;
  spec: string;
  url?: string;
  /** Local models: what sentence-transformers' CrossEncoder.predict applies to the logit (the number compared is still the logit). */
  activation?: { fn: string; reason: string };
}

/** What `compare --format json` prints: the input, the scorers, and core/compare's comparison. */
export interface CompareReport extends ScorerComparison {
  input: string;
  format: string | null;
  querySets: number;
  scorers: CompareScorer[];
}

interface Scored {
  chosen: ChosenSet;
  /** Per scorer, the scorer's own number by chunk index. */
  scores: number[][];
}

const NAMES = 'ABCDEFGHIJ';

export function buildReport(scored: readonly Scored[], scorers: CompareScorer[], o: CompareOptions, input: { label: string; format?: string; querySets: number }): CompareReport {
  const sets = scored.map((s) => ({ setIndex: s.chosen.index, chunks: s.chosen.set.chunks, ...(s.chosen.set.labels ? { labels: s.chosen.set.labels } : {}), scores: s.scores }));
  const comparison = compareScorers(
    sets,
    scorers.map((s) => s.name),
    { k: o.k, thresholds: o.thresholds, disagreements: o.disagreements },
  );
  return { input: input.label, format: input.format ?? null, querySets: input.querySets, scorers, ...comparison };
}

// ---- text output ----

function fmt(n: number | undefined, digits = 3): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  const a = Math.abs(n);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? n.toExponential(2) : String(Number(n.toFixed(digits)));
}
const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 1000) / 10}%` : '-');
const MEANING: Record<string, string> = { logit: 'raw logit', probability: 'probability 0..1', relevance: 'relevance score (provider scale)' };

export function formatCompareTable(r: CompareReport, columns = 120): string {
  const L: string[] = [];
  L.push(`input ${oneLine(r.input, 200)} (${r.format ?? 'unknown format'}, ${r.sets} query set${r.sets === 1 ? '' : 's'}, ${r.chunks} chunks, ${r.labelledSets} labelled)`);
  L.push('', 'scorers');
  for (const s of r.scorers) L.push(`  ${s.name}  ${oneLine(s.label, 60)}  [${MEANING[s.meaning] ?? s.meaning}${s.activation ? `; CrossEncoder.predict: ${s.activation.fn === 'identity' ? 'this logit' : `${s.activation.fn} of it`}` : ''}]  ${oneLine(s.spec, 80)}`);
  L.push('', `agreement (k = ${r.k})`, `  ${'pair'.padEnd(12)}  tau per set   tau pooled   top-k overlap   sets`);
  const row = (pair: string, tau: number, pooled: number, overlap: number, sets: number): string =>
    `  ${pair.padEnd(12)}  ${fmt(tau).padStart(11)}   ${fmt(pooled).padStart(10)}   ${pct(overlap).padStart(13)}   ${sets}`;
  for (const g of r.agreement) L.push(row(`${g.a}-${g.b}`, g.meanTau, g.pooledTau, g.meanOverlap, g.sets));
  for (const g of r.retriever) L.push(row(`${g.scorer}-retriever`, g.meanTau, NaN, g.meanOverlap, g.sets));
  if (r.metrics.length > 0) {
    L.push('', `metrics over ${r.labelledSets} labelled set${r.labelledSets === 1 ? '' : 's'} (difference to ${r.scorers[0].name}: mean [95% interval])`, `  scorer      nDCG@${r.k}   MRR      recall@${r.k}   nDCG@${r.k} vs ${r.scorers[0].name}`);
    for (const m of r.metrics) {
      const d = m.vsFirst ? `${fmt(m.vsFirst.ndcg.diff)} [${fmt(m.vsFirst.ndcg.low)}, ${fmt(m.vsFirst.ndcg.high)}]` : '';
      L.push(`  ${m.scorer.padEnd(10)}  ${fmt(m.ndcg).padStart(7)}   ${fmt(m.mrr).padStart(6)}   ${fmt(m.recall).padStart(8)}   ${d}`);
    }
  } else L.push('', 'metrics: the input has no relevance labels');
  L.push('', `thresholds on ${r.scorers[0].name} translated (keep when score >= threshold)`);
  for (const t of r.thresholds) {
    L.push(`  ${r.scorers[0].name} >= ${fmt(t.threshold, 4)} keeps ${t.kept} (${pct(t.share)})${t.recall !== undefined ? `, recall ${pct(t.recall)}` : ''}`);
    for (const x of t.to) {
      const rec = x.byRecall ? `; same recall: >= ${fmt(x.byRecall.threshold, 4)} (keeps ${x.byRecall.kept}, precision ${pct(x.byRecall.precision)})` : '';
      L.push(`    ${x.scorer}: same share: >= ${fmt(x.byShare.threshold, 4)} (keeps ${x.byShare.kept})${rec}`);
    }
  }
  const d = r.disagreements;
  if (d.items.length > 0) {
    L.push('', `most disagreeing chunks (${d.a} vs ${d.b})`);
    for (const x of d.items) {
      const head = `  set ${x.setIndex} ${oneLine(x.id, 24)}: #${x.rankA} on ${d.a}, #${x.rankB} on ${d.b}  `;
      L.push(`${head}${oneLine(x.text, Math.max(20, columns - head.length))}`);
    }
  }
  return `${L.join('\n')}\n`;
}

// ---- the command ----

const printError = (io: CliIo, error: { message: string; hint?: string }): void => printCliError(io, error, 'compare');

export async function runCompare(argv: string[], deps: SubcommandDeps): Promise<number> {
  const io = deps.io;
  let o: CompareOptions | 'help';
  try {
    o = parseCompareOptions(argv);
  } catch (e) {
    printError(io, { message: (e as Error).message, hint: e instanceof UsageError ? (e.hint ?? 'See rerank-lens compare --help.') : 'See rerank-lens compare --help.' });
    return 2;
  }
  if (o === 'help') {
    io.stdout.write(COMPARE_USAGE);
    return 0;
  }
  const loaded = await loadInput(o.base, io);
  if (!reportInput(loaded, o.base, io)) return 2;
  let chosen: ChosenSet[];
  try {
    chosen = chooseSets(loaded, o.base).filter((c) => c.set.chunks.length > 0);
  } catch (e) {
    printError(io, { message: (e as Error).message, hint: e instanceof UsageError ? e.hint : undefined });
    return 2;
  }

  let ownEngine: LocalEngine | undefined;
  const engine = (): LocalEngine => deps.engine ?? (ownEngine ??= new EngineClient());
  const scorers: Scorer[] = [];
  const scored: Scored[] = chosen.map((c) => ({ chosen: c, scores: [] }));
  const activations: (CompareScorer['activation'] | undefined)[] = [];
  try {
    for (const spec of o.scorers) {
      scorers.push(
        scorerFromSpec(spec, process.env, {
          ...(spec.trim().toLowerCase().startsWith('local:') ? { engine: engine() } : {}),
          cacheDir: o.base.cacheDir,
          offline: o.base.offline,
          batchSize: o.base.batchSize,
          threads: o.base.threads,
          ...(o.base.maxLength !== undefined ? { maxLength: o.base.maxLength } : {}),
          ...(o.base.hubUrl !== undefined ? { hubUrl: o.base.hubUrl } : {}),
          remote: { ...(o.timeoutMs !== undefined ? { responseTimeoutMs: o.timeoutMs } : {}), ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), log: (level, m) => level !== 'info' && io.stderr.write(`rerank-lens compare: ${m}\n`) },
        }),
      );
    }
    for (const [i, scorer] of scorers.entries()) {
      io.stderr.write(`scoring ${chosen.reduce((n, c) => n + c.set.chunks.length, 0)} chunks in ${chosen.length} set${chosen.length === 1 ? '' : 's'} with ${NAMES[i]} ${oneLine(scorer.info().label, 80)}\n`);
      let setsDone = 0;
      await mapLimited(scored, parallelFor(scorer, o.concurrency ?? 4), async (s) => {
        const r = await scorer.score({
          query: s.chosen.set.query,
          chunks: s.chosen.set.chunks.map((c) => c.text),
          // Retry waits of a server, and the start and end of a model download (not every percent).
          onProgress: (p) => {
            if (p.message && (!p.download || p.download.status === 'initiate' || p.download.status === 'done')) io.stderr.write(`  ${oneLine(p.message, 100)}\n`);
          },
        });
        s.scores[i] = s.chosen.set.chunks.map((_, j) => r.scores[j]?.score ?? NaN);
        const a = r.details?.activation as { fn?: unknown; reason?: unknown } | undefined;
        if (!activations[i] && a && typeof a.fn === 'string' && typeof a.reason === 'string') activations[i] = { fn: a.fn, reason: a.reason };
        if (io.stderr.isTTY) io.stderr.write(`\r  ${++setsDone}/${scored.length} sets${setsDone === scored.length ? '\n' : ''}`);
      });
    }
  } catch (e) {
    printError(io, e instanceof ScorerFailure || e instanceof ScorerSpecError ? { message: e.message, hint: e.hint } : { message: e instanceof Error ? e.message : String(e) });
    return e instanceof ScorerSpecError ? 2 : 1;
  } finally {
    for (const s of scorers) s.dispose();
    ownEngine?.dispose();
  }

  const infos: CompareScorer[] = scorers.map((s, i) => {
    const info = s.info();
    return { name: NAMES[i], spec: o.scorers[i], identity: info.identity, label: info.label, kind: info.kind, provider: info.provider, model: info.model, meaning: info.meaning, ...(info.url ? { url: info.url } : {}), ...(activations[i] ? { activation: activations[i] } : {}) };
  });
  const report = buildReport(scored, infos, o, { label: loaded.label, format: loaded.result.format, querySets: loaded.result.sets.length });
  const columns = io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 120;
  io.stdout.write(o.base.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatCompareTable(report, columns));
  return 0;
}

export const compareCommand: Subcommand = {
  summary: 'compare scorers (local models, dtypes, rerank servers) on the same chunks: agreement, metrics, translated thresholds',
  run: runCompare,
};
