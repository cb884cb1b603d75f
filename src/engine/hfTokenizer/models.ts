// tokenizer.json models: WordPiece, BPE and Unigram, each turning one pre-token word into tokens with
// [start, end) code point offsets inside the word. Algorithms and tie-breaking follow
// tokenizers/src/models/{wordpiece,bpe,unigram} of the Rust library (one file each here).
import { Unsupported, asObj } from './json';
import { WordPiece } from './wordPiece';
import { Bpe } from './bpe';
import { Unigram } from './unigram';

export type { Model, ModelToken } from './modelTypes';
import type { Model } from './modelTypes';

export function createModel(config: unknown): Model {
  const cfg = asObj(config);
  if (!cfg) throw new Unsupported('model', String(config));
  const type = cfg.type ?? (Array.isArray(cfg.merges) ? 'BPE' : cfg.unk_id !== undefined ? 'Unigram' : 'WordPiece');
  switch (type) {
    case 'WordPiece':
      return new WordPiece(cfg);
    case 'BPE':
      return new Bpe(cfg);
    case 'Unigram':
      return new Unigram(cfg);
    default:
      throw new Unsupported('model', String(type));
  }
}
