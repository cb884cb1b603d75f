// Shared by the eval tests: the trec_eval fixture (test/fixtures/trec-eval, copied from
// usnistgov/trec_eval with its README and NIST license) read into EvalQueries, and trec_eval's outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvalQuery } from '../../../src/core/eval/queries';
import { parseQrelsText, type QrelsMap } from '../../../src/core/labels/qrels';
import { parseTrecRun } from '../../../src/core/read/trec';
import { FIXTURES_DIR } from '../../support/paths';

export const TREC_FIXTURE = join(FIXTURES_DIR, 'trec-eval');
export const readFixture = (name: string): string => readFileSync(join(TREC_FIXTURE, name), 'utf8');

/** trec_eval -q output: measure -> query ('301'.. or 'all') -> value. */
export function parseExpected(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 3) continue;
    if (!out.has(f[0])) out.set(f[0], new Map());
    out.get(f[0])!.set(f[1], Number(f[2]));
  }
  return out;
}

/**
 * The fixture run as EvalQueries: the run's scores are both the retriever's scores and the "cross-encoder"
 * scores, so before and after must each equal trec_eval on the run.
 */
export function fixtureQueries(qrels: QrelsMap): EvalQuery[] {
  const run = parseTrecRun(readFixture('results.test'), 'results.test');
  return [...run.byQuery].map(([qid, entries]) => ({
    queryId: qid,
    candidates: entries.map((e) => ({ id: e.docno, retrieverScore: e.score, score: e.score, probability: 1 / (1 + Math.exp(-e.score)) })),
    retrieverKind: 'similarity' as const,
    ...(qrels.has(qid) ? { qrels: Object.fromEntries(qrels.get(qid)!) } : {}),
  }));
}

export const fixtureQrels = (name: string): QrelsMap => parseQrelsText(readFixture(name), name).qrels;

/** trec_eval prints 4 decimals. */
export function near(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) <= 0.00005 + 1e-12)) throw new Error(`${what}: got ${actual.toFixed(6)}, trec_eval says ${expected}`);
}
