// rerank-lens eval: scoring every unique (query, chunk) pair once, through the disk score store, with
// the engine (several queries per request) or a rerank server (a few queries at a time).
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { PairScore, RetrievalSet } from '../../core/types';
import type { ModelInfo, ModelSpec } from '../../engine/protocol';
import { ScoreStore, scoreStoreKey, type StoredScore } from '../../node/scoreStore';
import type { CliIo } from '../io';
import type { CliEngine } from '../score';
import { mapLimited, parallelFor } from '../../scorers/pool';
import { ScorerFailure, type Scorer } from '../../session/scorer';
import { GROUP_PAIRS, groupSets } from '../../session/session';
import type { EvalOptions } from './evalOptions';

/** A stable identity of the model for the score store: id or folder, dtype file size and mtime. */
function scorerIdentity(spec: ModelSpec): string {
  const folder = isAbsolute(spec.model) ? spec.model : join(spec.cacheDir, spec.model);
  // q8 runs the int8 file that fits this CPU (engine/int8Files.ts): stamp every int8 file present.
  const files = spec.dtype === 'q8' ? int8Files(join(folder, 'onnx')) : ['model.onnx'];
  const stamps: string[] = [];
  for (const f of files) {
    try {
      const st = statSync(join(folder, 'onnx', f));
      stamps.push(`${f}:${st.size}:${Math.round(st.mtimeMs)}`);
    } catch {
      /* not downloaded yet */
    }
  }
  return `local|${spec.model}|${spec.revision ?? 'main'}|${spec.hubUrl ?? ''}|${stamps.join(',') || 'unstamped'}`;
}

function int8Files(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => /^model_(quantized|q(u)?int8\w*)\.onnx$/.test(f)).sort();
  } catch {
    return [];
  }
}

export interface ScoredPairs {
  /** Per set, per chunk. */
  scores: PairScore[][];
  info?: ModelInfo;
  unique: number;
  fromCache: number;
  scored: number;
}

function progress(io: CliIo): (doneQ: number, totalQ: number, doneP: number, totalP: number, startMs: number) => void {
  let lastLine = 0;
  return (dq, tq, dp, tp, start) => {
    const now = Date.now();
    const finished = dq >= tq && dp >= tp;
    if (!io.stderr.isTTY && !finished && now - lastLine < 2000) return;
    lastLine = now;
    const left = dp > 0 && !finished ? ` ~${Math.ceil(((now - start) / dp) * (tp - dp) / 1000)} s left` : '';
    io.stderr.write(`${io.stderr.isTTY ? '\r' : ''}scoring: ${dq}/${tq} queries, ${dp}/${tp} pairs${left}${io.stderr.isTTY ? (finished ? '\n' : '   ') : '\n'}`);
  };
}

/** Who scores the missing pairs: the engine with --model/--dtype, or a Scorer from --scorer SPEC. */
export interface PairSource {
  /** Score-store identity; read again after scoring (a model downloaded meanwhile changes its stamp). */
  identity(): string;
  /** Requests in flight at once (a rerank server takes a few; the engine one). */
  parallel: number;
  /** Chunk i pairs with queries[queryOf[i]]: one request for several queries (the engine batches
   *  across them); a source whose server takes one query per call gets one query per job. */
  score(queries: string[], queryOf: number[], chunks: string[], onDone: (n: number) => void): Promise<PairScore[]>;
  /** Whether a job may hold several queries. */
  multiQuery: boolean;
  info(): ModelInfo | undefined;
}

export function engineSource(engine: CliEngine, opts: EvalOptions): PairSource {
  let info: ModelInfo | undefined;
  return {
    identity: () => scorerIdentity(opts.spec),
    parallel: 1,
    multiQuery: true,
    async score(queries, queryOf, chunks, onDone) {
      const outcome = await engine.score({
        spec: opts.spec,
        run: { batchSize: opts.batchSize, threads: opts.threads },
        query: queries[0] ?? '',
        ...(queries.length > 1 ? { queries, queryOf } : {}),
        chunks,
        onBatch: (_s, d) => onDone(d),
      });
      info = outcome.info;
      return outcome.scores;
    },
    info: () => info,
  };
}

export function scorerSource(scorer: Scorer, opts: EvalOptions): PairSource {
  let activation: ModelInfo['activation'];
  return {
    // The scorer's identity names the server URL, model and meaning (never a key); dtype and max length
    // are in the store key too, so a local SPEC keeps its dtype apart.
    identity: () => `scorer|${scorer.info().identity}`,
    parallel: parallelFor(scorer, opts.concurrency ?? 4),
    multiQuery: false,
    async score(queries, _queryOf, chunks, onDone) {
      let done = 0;
      const r = await scorer.score({ query: queries[0], chunks, onBatch: (batch) => onDone((done += batch.length)) });
      // A local SPEC's details carry the engine's ModelInfo (its activation, issue 15).
      const a = r.details?.activation as ModelInfo['activation'] | undefined;
      if (a && typeof a.fn === 'string' && typeof a.reason === 'string') activation ??= { fn: a.fn, reason: a.reason };
      return r.scores;
    },
    info: () => {
      const m = scorer.info().maxLength;
      return m !== undefined || activation ? ({ ...(m !== undefined ? { maxLength: m } : {}), ...(activation ? { activation } : {}) } as ModelInfo) : undefined;
    },
  };
}

/** Scores every unique (query, chunk text) pair once: the disk store first, then the source, one
 *  request per query text with that query's missing chunks. Scores received before a failure are
 *  saved to the store, so a rerun after a server error asks only for what is still missing. */
export async function scoreAll(sets: RetrievalSet[], source: PairSource, opts: EvalOptions, io: CliIo): Promise<ScoredPairs> {
  const store = opts.scoreCache ? await ScoreStore.open(join(opts.spec.cacheDir, '.score-store')).catch(() => undefined) : undefined;
  const keyOf = (identity: string, query: string, chunk: string) =>
    scoreStoreKey({ scorer: identity, dtype: opts.scorer ? 'scorer' : opts.spec.dtype, maxLength: opts.spec.maxLength ?? 'model', query, chunk });
  const readIdentity = source.identity();
  const unique = new Map<string, StoredScore | undefined>();
  const pairKey = (q: string, c: string) => `${q.length}\0${q}\0${c}`;
  let fromCache = 0;
  const missing = new Map<string, Set<string>>();
  for (const s of sets) {
    for (const c of s.chunks) {
      const k = pairKey(s.query!, c.text);
      if (unique.has(k)) continue;
      const hit = store?.get(keyOf(readIdentity, s.query!, c.text));
      unique.set(k, hit);
      if (hit) fromCache++;
      else {
        if (!missing.has(s.query!)) missing.set(s.query!, new Set());
        missing.get(s.query!)!.add(c.text);
      }
    }
  }
  const totalPairs = [...missing.values()].reduce((n, m) => n + m.size, 0);
  const show = progress(io);
  const start = Date.now();
  let done = 0;
  let doneQ = 0;
  const fresh: [string, string, StoredScore][] = [];
  const keep = (query: string, text: string, s: PairScore) => {
    const { index: _i, cached: _c, ...value } = s;
    unique.set(pairKey(query, text), value);
    fresh.push([query, text, value]);
  };
  // The engine gets ~GROUP_PAIRS pairs of several queries per request (batches fill across queries);
  // a rerank server one query per request.
  const entries = [...missing].map(([query, texts]) => ({ query, texts: [...texts] }));
  const jobs = source.multiQuery ? groupSets(entries.map((_, i) => i), (i) => entries[i].texts.length, GROUP_PAIRS).map((g) => g.map((i) => entries[i])) : entries.map((e) => [e]);
  try {
    await mapLimited(jobs, source.parallel, async (job) => {
      const queries = job.map((e) => e.query);
      const queryOf = job.flatMap((e, q) => e.texts.map(() => q));
      const chunks = job.flatMap((e) => e.texts);
      let counted = 0;
      const onDone = (n: number) => {
        done += n - counted;
        counted = n;
        show(doneQ, missing.size, done, totalPairs, start);
      };
      let scores: PairScore[];
      try {
        scores = await source.score(queries, queryOf, chunks, onDone);
      } catch (e) {
        // Scores that arrived before the failure are kept (saved below), never guessed.
        if (e instanceof ScorerFailure && e.partial) e.partial.forEach((p, i) => p && keep(queries[queryOf[i]], chunks[i], p));
        throw e;
      }
      chunks.forEach((text, i) => {
        const s = scores[i];
        if (!s) throw new Error(`The scorer returned no score for a chunk of query "${queries[queryOf[i]].slice(0, 40)}".`);
        keep(queries[queryOf[i]], text, s);
      });
      onDone(chunks.length);
      doneQ += job.length;
      show(doneQ, missing.size, done, totalPairs, start);
    });
  } finally {
    if (store && fresh.length > 0) {
      // A model downloaded during this run has its weights file now: key the new scores by it.
      const writeIdentity = source.identity();
      for (const [q, t, v] of fresh) store.set(keyOf(writeIdentity, q, t), v);
      await store.flush().catch((e) => io.stderr.write(`rerank-lens: warning: could not save scores to the score cache: ${(e as Error).message}\n`));
    }
  }
  const scores = sets.map((s) => s.chunks.map((c, index) => ({ ...unique.get(pairKey(s.query!, c.text))!, index, cached: false })));
  return { scores, info: source.info(), unique: unique.size, fromCache, scored: totalPairs };
}
