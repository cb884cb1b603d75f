// The engine's own answer for a set of pairs, through the CLI (dist/cli.js), to compare the panel with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  index: number;
  text: string;
  score: number;
  probability: number;
  rank: number;
  originalRank: number;
}

export function cliRerank(repoRoot: string, modelDir: string, query: string, texts: string[]): CliResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'rl-e2e-cli-'));
  try {
    const input = join(dir, 'pairs.json');
    writeFileSync(input, JSON.stringify(texts));
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'rerank', input, '--query', query, '--model', modelDir,
      '--offline', '--cache-dir', join(dir, 'cache'), '--format', 'json'], { encoding: 'utf8', timeout: 180_000 });
    if (r.status !== 0) throw new Error(`rerank-lens CLI exited ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { queries: { results: CliResult[] }[] };
    return out.queries[0].results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
