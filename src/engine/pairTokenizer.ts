// What pair encoding needs from a tokenizer (ours in hfTokenizer/, or transformers.js as a fallback):
// the ids and offsets of one text without special tokens, and the pair template. Apart from encode.ts
// so encode.ts and textPrefix.ts (which cuts long texts before tokenizing) both use it without a circle.
import type { Offset } from './offsets';

export interface TokenizedText {
  ids: number[];
  /** [start, end) UTF-16 offsets of each token in the original text. */
  offsets: Offset[];
  /** Token strings, as the tokenizer's vocabulary writes them (for display). */
  tokens?: string[];
  /** Token counts at the end of each word the model tokenized (pre-tokenizer split), ascending; see effectiveLength. */
  wordEnds?: number[];
  /**
   * False when only a prefix of the text was tokenized (encodeChunkForPair): `ids` are then the text's
   * first tokens, exactly, and the text has more.
   */
  complete?: boolean;
}

/** One special token of the pair template, with the token type id it carries. */
export interface TemplateToken {
  id: number;
  typeId: number;
}

/** Where special tokens go around the two texts, from the tokenizer's post-processor. */
export interface PairLayout {
  start: TemplateToken[];
  middle: TemplateToken[];
  end: TemplateToken[];
  queryTypeId: number;
  chunkTypeId: number;
}

export interface PairTokenizer {
  encodeNoSpecial(text: string): TokenizedText;
  clsId: number;
  sepId: number;
  /** Defaults to BERT's `[CLS] A [SEP] B [SEP]` with types 0/1 built from clsId/sepId. */
  layout?: PairLayout;
  /** Padding id for batches (0 for BERT). */
  padId?: number;
  /** The token string of an id (for display); undefined when unknown. */
  idToToken?(id: number): string | undefined;
}
