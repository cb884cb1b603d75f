// Paths and helpers shared by the engine tests.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineFailure } from '../../../src/engine/client';
import { TINY_MODEL_DIR, TINY_MODEL_2LABELS_DIR } from '../../support/paths';

export { TINY_MODEL_DIR, TINY_MODEL_2LABELS_DIR };
export const REPO_ROOT = resolve(__dirname, '../../..');
/** The real bert-base-uncased tokenizer ships with the tiny test model (see its TOKENIZER-PROVENANCE.md). */
export const TOKENIZER_DIR = TINY_MODEL_DIR;
export const ENGINE_JS = join(REPO_ROOT, 'dist/engine.js');
export const CLI_JS = join(REPO_ROOT, 'dist/cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * NEEDS BUILD: tests that fork dist/engine.js or run dist/cli.js call this in a `before` hook. It runs
 * `npm run build` when the bundles are missing or older than src/engine, src/cli or src/core.
 */
export function ensureBuilt(): void {
  const outputs = [ENGINE_JS, CLI_JS];
  const sources = Math.max(...['src/engine', 'src/cli', 'src/core'].map((d) => newestMtime(join(REPO_ROOT, d))));
  if (outputs.every((o) => existsSync(o) && statSync(o).mtimeMs >= sources)) return;
  execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** Awaits a promise that must reject with an EngineFailure (the client's only failure type) and returns it. */
export async function rejection(p: Promise<unknown>): Promise<EngineFailure> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof EngineFailure, `expected an EngineFailure, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the promise to reject');
}
