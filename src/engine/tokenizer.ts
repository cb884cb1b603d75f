// Adapts a transformers.js tokenizer to the PairTokenizer that encode.ts needs: ids without special
// tokens (from the library, authoritative), character offsets (aligned by offsets.ts), and the pair
// template read from the tokenizer's own post-processor, so BERT (`[CLS] q [SEP] d [SEP]`, types 0/1)
// and XLM-RoBERTa (`<s> q </s></s> d </s>`, types 0) rerankers are both built the way Python builds them.

import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { alignTokens, type AlignOptions } from './offsets';
import { bertLayout, type PairLayout, type PairTokenizer, type TemplateToken, type TokenizedText } from './encode';
import { configureLocalOnly } from './hfEnv';

type Json = Record<string, unknown>;

function asObj(x: unknown): Json | null {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : null;
}

/** Reads the pair layout from tokenizer.json's post_processor; null when it has none we understand. */
export function layoutFromPostProcessor(pp: unknown, tokenToId: (t: string) => number | undefined): PairLayout | null {
  const p = asObj(pp);
  if (!p) return null;
  const idOf = (entry: unknown): number | undefined => {
    // RobertaProcessing/BertProcessing store [token, id].
    if (Array.isArray(entry) && typeof entry[1] === 'number') return entry[1];
    return undefined;
  };
  switch (p.type) {
    case 'Sequence': {
      for (const inner of (p.processors as unknown[]) ?? []) {
        const l = layoutFromPostProcessor(inner, tokenToId);
        if (l) return l;
      }
      return null;
    }
    case 'BertProcessing': {
      const cls = idOf(p.cls);
      const sep = idOf(p.sep);
      return cls !== undefined && sep !== undefined ? bertLayout(cls, sep) : null;
    }
    case 'RobertaProcessing': {
      const cls = idOf(p.cls);
      const sep = idOf(p.sep);
      if (cls === undefined || sep === undefined) return null;
      return {
        start: [{ id: cls, typeId: 0 }],
        middle: [{ id: sep, typeId: 0 }, { id: sep, typeId: 0 }],
        end: [{ id: sep, typeId: 0 }],
        queryTypeId: 0,
        chunkTypeId: 0,
      };
    }
    case 'TemplateProcessing': {
      const pair = p.pair as unknown[] | undefined;
      const specials = asObj(p.special_tokens) ?? {};
      if (!Array.isArray(pair)) return null;
      const layout: PairLayout = { start: [], middle: [], end: [], queryTypeId: 0, chunkTypeId: 1 };
      let section: 'start' | 'middle' | 'end' = 'start';
      let sawA = false;
      let sawB = false;
      for (const piece of pair) {
        const o = asObj(piece) ?? {};
        const seq = asObj(o.Sequence);
        const sp = asObj(o.SpecialToken);
        if (seq) {
          const typeId = typeof seq.type_id === 'number' ? seq.type_id : 0;
          if (seq.id === 'A' && !sawA) {
            sawA = true;
            layout.queryTypeId = typeId;
            section = 'middle';
          } else if (seq.id === 'B' && sawA && !sawB) {
            sawB = true;
            layout.chunkTypeId = typeId;
            section = 'end';
          } else return null;
        } else if (sp && typeof sp.id === 'string') {
          const typeId = typeof sp.type_id === 'number' ? sp.type_id : 0;
          const def = asObj(specials[sp.id]);
          const ids = Array.isArray(def?.ids) ? (def!.ids as number[]) : [tokenToId(sp.id)].filter((x): x is number => x !== undefined);
          if (ids.length === 0) return null;
          for (const id of ids) (layout[section] as TemplateToken[]).push({ id, typeId });
        } else return null;
      }
      return sawA && sawB ? layout : null;
    }
    default:
      return null;
  }
}

/** Wraps a loaded transformers.js tokenizer. */
export function pairTokenizerFrom(hf: PreTrainedTokenizer): PairTokenizer {
  const core = hf._tokenizer;
  const json = (asObj(hf._tokenizerJSON) ?? {}) as Json;
  const model = asObj(json.model) ?? {};
  const preTok = JSON.stringify(json.pre_tokenizer ?? null);
  const tokenToId = (t: string): number | undefined => core.token_to_id(t);

  const normalizer = core.normalizer;
  const charCache = new Map<string, string>();
  const normalizeChar = (ch: string): string => {
    let n = charCache.get(ch);
    if (n === undefined) {
      n = normalizer ? normalizer.normalize(ch) : ch;
      charCache.set(ch, n);
    }
    return n;
  };

  const added = new Set<string>();
  for (const a of (json.added_tokens as unknown[]) ?? []) {
    const c = asObj(a)?.content;
    if (typeof c === 'string') added.add(c);
  }
  let unkToken: string | null = typeof model.unk_token === 'string' ? model.unk_token : null;
  if (model.type === 'Unigram' && typeof model.unk_id === 'number' && Array.isArray(model.vocab)) {
    const entry = (model.vocab as unknown[])[model.unk_id];
    if (Array.isArray(entry) && typeof entry[0] === 'string') unkToken = entry[0];
  }
  const align: AlignOptions = {
    normalizeChar,
    continuationPrefix:
      model.type === 'WordPiece'
        ? typeof model.continuing_subword_prefix === 'string'
          ? model.continuing_subword_prefix
          : '##'
        : typeof model.continuing_subword_prefix === 'string' && model.continuing_subword_prefix
          ? model.continuing_subword_prefix
          : null,
    spaceMarker: preTok.includes('Metaspace') || model.type === 'Unigram' ? '\u2581' : null,
    unkToken,
    unkIsWord: model.type === 'WordPiece',
    addedTokens: added,
    byteLevel: preTok.includes('ByteLevel') || JSON.stringify(json.decoder ?? null).includes('ByteLevel'),
  };

  const configured = (name: string): number | undefined => {
    const v = asObj(hf._tokenizerConfig)?.[name];
    const text = typeof v === 'string' ? v : asObj(v)?.content;
    return typeof text === 'string' ? tokenToId(text) : undefined;
  };
  const clsId = configured('cls_token') ?? hf.bos_token_id ?? tokenToId('[CLS]') ?? -1;
  const sepId = configured('sep_token') ?? hf.eos_token_id ?? tokenToId('[SEP]') ?? -1;
  const layout = layoutFromPostProcessor(json.post_processor, tokenToId) ?? (clsId >= 0 && sepId >= 0 ? bertLayout(clsId, sepId) : undefined);
  if (!layout) throw new Error('The tokenizer defines no way to join a query and a passage (no post_processor and no [CLS]/[SEP] tokens).');

  return {
    clsId,
    sepId,
    layout,
    padId: hf.pad_token_id ?? 0,
    encodeNoSpecial(text: string): TokenizedText {
      const enc = core.encode(text, { add_special_tokens: false });
      return { ids: enc.ids, offsets: alignTokens(text, enc.tokens, align) };
    },
  };
}

/** Loads the tokenizer of a local folder in hub layout, without the engine (tests, benchmark). */
export async function loadPairTokenizer(modelDir: string): Promise<{ tokenizer: PairTokenizer; hf: PreTrainedTokenizer }> {
  configureLocalOnly();
  const hf = await AutoTokenizer.from_pretrained(modelDir, { local_files_only: true });
  return { tokenizer: pairTokenizerFrom(hf), hf };
}
