// Runs the CLI's main() in-process with captured stdout/stderr and a shared engine (one engine process
// and one model load for the whole file instead of one per run), and checks the JSON output's shape.
// The engine is the real one: dist/engine.js, forked by EngineClient (NEEDS BUILD; ensureBuilt()).
import { strict as assert } from 'node:assert';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import type { QueryResults, ResultRow } from '../../../src/cli/output';
import { EngineClient } from '../../../src/engine/client';
import { ENGINE_JS } from '../engine/support';

export const RESULT_KEYS = ['index', 'id', 'text', 'score', 'probability', 'logit', 'rank', 'originalRank', 'queryTokens', 'chunkTokens', 'truncated', 'truncatedAtChar', 'kept'] as const;

// The rows and query sets as the JSON carries them are the source's own types: a compile-time cast of
// JSON.parse, nothing more. What the output must hold is checked at run time by checkShape against
// RESULT_KEYS above, the test's own list of issue 2's keys (not derived from the source, so a key the
// CLI drops fails here).
export type CliResult = ResultRow;
export type CliQuery = QueryResults;
export interface CliJson {
  model: string;
  format: string | null;
  querySets: number;
  queries: CliQuery[];
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** One engine for every in-process run of a test file. */
export class InProcessCli {
  private engine: EngineClient | undefined;

  /** `stdin`: text (sent as UTF-8) or the bytes as they are (a UTF-16 file piped in). */
  async run(args: string[], stdin: string | Uint8Array = ''): Promise<Run> {
    this.engine ??= new EngineClient({ enginePath: ENGINE_JS });
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      readStdin: async (limit) => {
        const b = typeof stdin === 'string' ? Buffer.from(stdin, 'utf8') : Buffer.from(stdin);
        return new Uint8Array(b.buffer, b.byteOffset, Math.min(b.byteLength, limit + 1));
      },
    };
    const code = await main(args, { io, engine: this.engine });
    return { code, stdout, stderr };
  }

  dispose(): void {
    this.engine?.dispose();
    this.engine = undefined;
  }
}

/** Every result has every key of issue 2's shape, ranks are 1..n, results sorted by score descending. */
export function checkShape(out: CliJson, what: string): void {
  assert.ok(Array.isArray(out.queries) && out.queries.length > 0, `${what}: queries`);
  assert.equal(typeof out.model, 'string');
  for (const q of out.queries) {
    assert.equal(typeof q.query, 'string', `${what}: query text`);
    assert.ok(q.query.trim().length > 0, `${what}: query not empty`);
    assert.equal(typeof q.format, 'string', `${what}: per-query format`);
    const n = q.results.length;
    for (const r of q.results) {
      for (const k of RESULT_KEYS) assert.ok(k in r, `${what}: result has ${k}`);
      assert.equal(typeof r.text, 'string');
      assert.ok(Number.isFinite(r.score) && r.probability >= 0 && r.probability <= 1, `${what}: score and probability`);
      assert.ok(Number.isInteger(r.originalRank) && r.originalRank >= 1, `${what}: originalRank 1-based`);
      assert.equal('retrieverScore' in r, 'scoreKind' in r, `${what}: retrieverScore comes with scoreKind`);
      if (r.scoreKind !== undefined) assert.ok(['similarity', 'distance', 'unknown'].includes(r.scoreKind));
    }
    assert.deepEqual(q.results.map((r) => r.rank), Array.from({ length: n }, (_, i) => i + 1), `${what}: ranks 1..n`);
    for (let i = 1; i < n; i++) assert.ok(q.results[i - 1].score >= q.results[i].score, `${what}: sorted by score`);
    assert.deepEqual([...q.results.map((r) => r.index)].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), `${what}: each input index once`);
  }
}
