// The shape of a tokenizer.json model (WordPiece, BPE, Unigram) and of one token it returns for a word
// (id, string, [start, end) code point offsets in the word). Apart so the models and their registry
// (models.ts) do not import each other.
export interface ModelToken {
  id: number;
  value: string;
  start: number;
  end: number;
}

export interface Model {
  tokenize(word: readonly string[]): ModelToken[];
  tokenToId(token: string): number | undefined;
  idToToken(id: number): string | undefined;
  /** The unknown token's text, if any. */
  unkToken: string | null;
  /** Entries in the vocabulary (Rust `get_vocab_size`): where ids of new added tokens start. */
  readonly vocabSize: number;
}
