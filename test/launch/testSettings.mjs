// User settings for the windows the integration and end-to-end tests open: the extension is pointed
// at the committed tiny test model (random weights, real tokenizer) and never downloads anything.
// Setting names are the extension's own (package.json contributes.configuration, src/settings.ts).
import { join } from 'node:path';
import { REPO_ROOT } from './codeServer.mjs';

export const TINY_MODEL_DIR = join(REPO_ROOT, 'test', 'fixtures', 'models', 'tiny-bert');

/** @param {Record<string, unknown>} [extra] */
export function testSettings(extra = {}) {
  return {
    'rerankLens.localModelPath': TINY_MODEL_DIR,
    'rerankLens.allowDownloads': false,
    'rerankLens.threads': 1,
    ...extra,
  };
}
