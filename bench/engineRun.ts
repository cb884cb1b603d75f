// Drives the real engine (dist/engine.js, a child process) through EngineClient, the way the
// extension host and the CLI do. Loaded dynamically so the bench still runs (and says so) while the
// engine is not built yet.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Dtype, ModelInfo, ModelSpec, PairScore, RunOptions } from '../src/engine/protocol';

/** The part of EngineClient (CONTRACTS.md) the bench uses. */
export interface BenchEngineClient {
  load(spec: ModelSpec, run: RunOptions): Promise<ModelInfo>;
  score(req: { spec: ModelSpec; run: RunOptions; query: string; chunks: string[]; onBatch?: (scores: PairScore[], done: number, total: number) => void }): Promise<{ scores: PairScore[]; info: ModelInfo; elapsedMs: number; cacheHits: number }>;
  stats(): Promise<{ rssBytes: number; peakRssBytes: number; cacheEntries: number }>;
  clearCache(): Promise<void>;
  dispose(): void;
}

const REPO = resolve(__dirname, '..');
export const ENGINE_JS = resolve(REPO, 'dist/engine.js');
const CLIENT_TS = resolve(REPO, 'src/engine/client.ts');

/** Why the engine lines cannot run, or null when they can. */
export function engineMissing(): string | null {
  if (!existsSync(CLIENT_TS)) return 'src/engine/client.ts does not exist yet';
  if (!existsSync(ENGINE_JS)) return 'dist/engine.js is missing (run `npm run build`)';
  return null;
}

export async function newEngineClient(): Promise<BenchEngineClient> {
  const mod = (await import(CLIENT_TS)) as { EngineClient: new (opts: { enginePath?: string; log?: (level: string, msg: string) => void }) => BenchEngineClient };
  return new mod.EngineClient({
    enginePath: ENGINE_JS,
    log: (level, msg) => {
      // First line only: the table stays readable; warnings still show.
      if (level !== 'info') console.error(`  engine ${level}: ${msg.split('\n')[0]}`);
    },
  });
}

export function engineSpec(modelDir: string, dtype: Dtype, cacheDir: string): ModelSpec {
  return { model: modelDir, dtype, maxLength: 512, cacheDir, offline: true };
}
