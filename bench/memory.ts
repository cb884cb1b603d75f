// Engine peak RSS for long pairs at default settings (fp32, batch size 16, memory-sized batches): a
// fresh engine process per line, so each peak is its own. 16 pairs of 512 tokens on the MiniLM-L6
// shape; 4 pairs of 2,048 tokens on the same shape with 2,048 positions (bench/models/minilm-l6-2k).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTestModel } from '../scripts/make-test-model';
import { engineSpec, newEngineClient } from './engineRun';

export interface MemoryLine { name: string; pairs: number; tokensPerPair: number; peakRssMb: number; ms: number }

/** A MiniLM-L6-shaped model whose positions and tokenizer limit allow 2,048 tokens. */
export async function ensureLongModel(dir: string): Promise<void> {
  if (existsSync(join(dir, 'onnx/model.onnx'))) return;
  await makeTestModel({ shape: 'minilm-l6-2k', outDir: dir, int8: [] });
  const cfgPath = join(dir, 'tokenizer_config.json');
  const cfg = JSON.parse(readFileSync(cfgPath, 'utf8'));
  cfg.model_max_length = 2048;
  writeFileSync(cfgPath, JSON.stringify(cfg, null, 2));
}

export async function memoryLine(name: string, modelDir: string, tokensPerPair: number, pairs: number, cacheDir: string): Promise<MemoryLine> {
  const client = await newEngineClient();
  try {
    const spec = { ...engineSpec(modelDir, 'fp32', cacheDir), maxLength: tokensPerPair };
    const run = { batchSize: 16, threads: 0 };
    await client.load(spec, run);
    // Words the tokenizer splits into one piece each, distinct per chunk so nothing is cached.
    const words = ['river', 'bank', 'money', 'museum', 'ticket', 'opening', 'flood', 'deposit'];
    const chunks = Array.from({ length: pairs }, (_, c) => Array.from({ length: tokensPerPair + 50 }, (_, i) => words[(i * 3 + c) % words.length]).join(' '));
    const t0 = Date.now();
    await client.score({ spec, run, query: 'when does the museum open', chunks });
    const ms = Date.now() - t0;
    const stats = await client.stats();
    return { name, pairs, tokensPerPair, peakRssMb: stats.peakRssBytes / 2 ** 20, ms };
  } finally {
    client.dispose();
  }
}
