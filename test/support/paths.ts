// Absolute paths of committed test fixtures, so tests do not depend on the working directory.
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
export const FIXTURES_DIR = resolve(REPO_ROOT, 'test/fixtures');
export const MODELS_FIXTURES_DIR = resolve(FIXTURES_DIR, 'models');
/** Random-weight BertForSequenceClassification (hidden 32, 2 layers, 1 label) with the real bert-base-uncased tokenizer. */
export const TINY_MODEL_DIR = resolve(MODELS_FIXTURES_DIR, 'tiny-bert');
/** Same weights as TINY_MODEL_DIR except the classifier, which has 2 outputs (LABEL_0, LABEL_1). */
export const TINY_MODEL_2LABELS_DIR = resolve(MODELS_FIXTURES_DIR, 'tiny-bert-2labels');
