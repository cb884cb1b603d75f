// What the model folder says about itself that a user must know before reading scores: a generated
// test model with random weights (the examples' tiny-bert) ranks nothing. Its PROVENANCE.md says so
// in words, and the generator marks config.json; either is enough.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TEST_MODEL_NOTE = 'test model, scores are meaningless';

/** The note for a model folder's files (PROVENANCE.md text, config.json text), or undefined. */
export function modelNoteFromFiles(provenance: string | undefined, config: string | undefined): string | undefined {
  if (config) {
    try {
      const c = JSON.parse(config) as Record<string, unknown>;
      if (c && typeof c === 'object' && ('rerank_lens_test_model' in c || c.random_weights === true)) return TEST_MODEL_NOTE;
    } catch {
      // A broken config.json is the engine's error to report, not ours.
    }
  }
  if (provenance && /\brandom[\s,]+(deterministic\s+)?weights\b|scores are meaningless|knows nothing/i.test(provenance)) return TEST_MODEL_NOTE;
  return undefined;
}

/** The note for a local model folder ('' or a hub id: none; hub models are not inspected). */
export function modelNoteFor(localModelPath: string): string | undefined {
  if (!localModelPath || !path.isAbsolute(localModelPath)) return undefined;
  const read = (name: string) => {
    try {
      const file = path.join(localModelPath, name);
      // Small files only: a note is not worth reading a huge file.
      return fs.statSync(file).size < 256 * 1024 ? fs.readFileSync(file, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  return modelNoteFromFiles(read('PROVENANCE.md'), read('config.json'));
}
