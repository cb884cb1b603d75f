// The reference: Hugging Face's Rust tokenizers library through its Node bindings (the `tokenizers`
// dev dependency), called the way sentence-transformers' CrossEncoder calls the fast tokenizer:
// encode(query, passage) with LongestFirst truncation at max_length.
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';

export interface ReferencePair {
  ids: number[];
  typeIds: number[];
  attentionMask: number[];
  /** Tokens of the query / passage the truncated pair kept. */
  keptQuery: number;
  keptPassage: number;
  /** Full token counts without truncation. */
  queryTokens: number;
  passageTokens: number;
  /** UTF-16 offset in the passage of the first token truncation dropped; null when none was. */
  truncatedAtChar: number | null;
  tokens: string[];
}

/** Rust reports char offsets in code points; the engine's are UTF-16. */
function utf16At(text: string): number[] {
  const at: number[] = [];
  let u = 0;
  for (const ch of text) {
    at.push(u);
    u += ch.length;
  }
  at.push(u);
  return at;
}

export class RustReference {
  private constructor(private readonly tok: Tokenizer) {}

  static load(dir: string): RustReference {
    return new RustReference(Tokenizer.fromFile(join(dir, 'tokenizer.json')));
  }

  async pair(query: string, passage: string, maxLength: number): Promise<ReferencePair> {
    this.tok.setTruncation(maxLength, { strategy: 'LongestFirst' } as never);
    const e = await this.tok.encode(query, passage);
    this.tok.disableTruncation();
    const q = await this.tok.encode(query, null, { addSpecialTokens: false });
    const d = await this.tok.encode(passage, null, { addSpecialTokens: false });
    const seq = e.getSequenceIds();
    const keptQuery = seq.filter((s) => s === 0).length;
    const keptPassage = seq.filter((s) => s === 1).length;
    const truncatedAtChar = keptPassage < d.getLength() ? utf16At(passage)[d.getOffsets()[keptPassage][0]] : null;
    return {
      ids: e.getIds(),
      typeIds: e.getTypeIds(),
      attentionMask: e.getAttentionMask(),
      keptQuery,
      keptPassage,
      queryTokens: q.getLength(),
      passageTokens: d.getLength(),
      truncatedAtChar,
      tokens: e.getTokens(),
    };
  }

  /** One text without special tokens: ids and UTF-16 offsets. */
  async single(text: string): Promise<{ ids: number[]; offsets: Array<[number, number]> }> {
    this.tok.disableTruncation();
    const e = await this.tok.encode(text, null, { addSpecialTokens: false });
    const at = utf16At(text);
    return { ids: e.getIds(), offsets: e.getOffsets().map(([a, b]) => [at[a], at[b]] as [number, number]) };
  }
}
