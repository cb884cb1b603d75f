// WordPiece (tokenizers/src/models/wordpiece): greedy longest match, `##` continuations, one unknown
// token for a word that cannot be covered or is longer than max_input_chars_per_word.
import { asObj, type Json } from './json';
import type { Model, ModelToken } from './modelTypes';

export class WordPiece implements Model {
  private readonly vocab = new Map<string, number>();
  private readonly byId = new Map<number, string>();
  readonly unkToken: string;
  private readonly prefix: string;
  private readonly maxChars: number;

  constructor(cfg: Json) {
    for (const [k, v] of Object.entries(asObj(cfg.vocab) ?? {})) {
      if (typeof v !== 'number') continue;
      this.vocab.set(k, v);
      this.byId.set(v, k);
    }
    this.unkToken = typeof cfg.unk_token === 'string' ? cfg.unk_token : '[UNK]';
    this.prefix = typeof cfg.continuing_subword_prefix === 'string' ? cfg.continuing_subword_prefix : '##';
    this.maxChars = typeof cfg.max_input_chars_per_word === 'number' ? cfg.max_input_chars_per_word : 100;
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  tokenToId(t: string): number | undefined {
    return this.vocab.get(t);
  }
  idToToken(id: number): string | undefined {
    return this.byId.get(id);
  }

  tokenize(word: readonly string[]): ModelToken[] {
    const unk = (): ModelToken[] => {
      const id = this.vocab.get(this.unkToken);
      if (id === undefined) throw new Error(`WordPiece: the unknown token ${this.unkToken} is not in the vocabulary`);
      return [{ id, value: this.unkToken, start: 0, end: word.length }];
    };
    if (word.length > this.maxChars) return unk();
    const out: ModelToken[] = [];
    let start = 0;
    while (start < word.length) {
      let end = word.length;
      let found: ModelToken | null = null;
      while (start < end) {
        let sub = word.slice(start, end).join('');
        if (start > 0) sub = this.prefix + sub;
        const id = this.vocab.get(sub);
        if (id !== undefined) {
          found = { id, value: sub, start, end };
          break;
        }
        end--;
      }
      if (!found) return unk();
      out.push(found);
      start = end;
    }
    return out;
  }
}
