// Paths shared by the engine tests.
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** The real bert-base-uncased tokenizer (copied from ../shared with its PROVENANCE.md). */
export const TOKENIZER_DIR = join(REPO_ROOT, 'test/fixtures/tokenizer-tmp');
