// Builds the PairTokenizer that encode.ts needs from a model's tokenizer.json: ids and offsets from our
// own implementation of the Rust tokenizers pipeline (hfTokenizer/, exact against the Rust library on
// WordPiece, SentencePiece Unigram and byte-level BPE tokenizers), and the pair template read from the
// tokenizer's own post-processor, so BERT (`[CLS] q [SEP] d [SEP]`, types 0/1) and XLM-RoBERTa
// (`<s> q </s></s> d </s>`, types 0) rerankers are both built the way Python builds them. A tokenizer.json
// with a component hfTokenizer does not reproduce falls back to transformers.js' tokenizer, with
// offsets aligned by offsets.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { HfTokenizer, Unsupported } from './hfTokenizer/tokenizer';
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

/** Which implementation encodes: our Rust-exact one, or transformers.js' (a component we lack). */
export type TokenizerEngine = 'exact' | 'transformers.js';

export interface LoadedPairTokenizer extends PairTokenizer {
  engine: TokenizerEngine;
  /** Why transformers.js' tokenizer is used (the unsupported component); undefined when exact. */
  fallbackReason?: string;
  /** True when the pair template gives the two texts different token type ids (BERT, DeBERTa). */
  hasTokenTypes: boolean;
}

function configuredToken(config: Json, name: string): string | undefined {
  const v = config[name];
  const text = typeof v === 'string' ? v : asObj(v)?.content;
  return typeof text === 'string' ? text : undefined;
}

function layoutAndSpecials(json: Json, config: Json, tokenToId: (t: string) => number | undefined, ids: { bos?: number | null; eos?: number | null; pad?: number | null }) {
  const configured = (name: string): number | undefined => {
    const t = configuredToken(config, name);
    return t === undefined ? undefined : tokenToId(t);
  };
  const clsId = configured('cls_token') ?? ids.bos ?? configured('bos_token') ?? tokenToId('[CLS]') ?? -1;
  const sepId = configured('sep_token') ?? ids.eos ?? configured('eos_token') ?? tokenToId('[SEP]') ?? -1;
  const layout = layoutFromPostProcessor(json.post_processor, tokenToId) ?? (clsId >= 0 && sepId >= 0 ? bertLayout(clsId, sepId) : undefined);
  if (!layout) throw new Error('The tokenizer defines no way to join a query and a passage (no post_processor and no [CLS]/[SEP] tokens).');
  const padId = ids.pad ?? configured('pad_token') ?? 0;
  const types = [...layout.start, ...layout.middle, ...layout.end].map((t) => t.typeId).concat(layout.queryTypeId, layout.chunkTypeId);
  return { clsId, sepId, layout, padId, hasTokenTypes: types.some((t) => t !== 0) };
}

/**
 * Builds the pair tokenizer from tokenizer.json and tokenizer_config.json alone (no transformers.js, no
 * model weights). Throws `Unsupported` when tokenizer.json has a component we do not reproduce.
 */
export function exactPairTokenizer(json: Json, config: Json): LoadedPairTokenizer {
  const hf = new HfTokenizer(json);
  const tokenToId = (t: string): number | undefined => hf.tokenToId(t);
  const specials = layoutAndSpecials(json, config, tokenToId, {});
  return {
    ...specials,
    engine: 'exact',
    idToToken: (id) => hf.idToToken(id),
    encodeNoSpecial(text: string): TokenizedText {
      const enc = hf.encode(text);
      return { ids: enc.ids, offsets: enc.offsets, tokens: enc.tokens, wordEnds: enc.wordEnds };
    },
  };
}

/** Wraps a loaded transformers.js tokenizer: our exact encoder on its files, else the library itself. */
export function pairTokenizerFrom(hf: PreTrainedTokenizer): LoadedPairTokenizer {
  const json = (asObj(hf._tokenizerJSON) ?? {}) as Json;
  const config = (asObj(hf._tokenizerConfig) ?? {}) as Json;
  try {
    return exactPairTokenizer(json, config);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    return { ...transformersPairTokenizer(hf), fallbackReason: e.message };
  }
}

/** transformers.js' own tokenizer, with offsets aligned by offsets.ts (tokenizers we cannot reproduce). */
export function transformersPairTokenizer(hf: PreTrainedTokenizer): LoadedPairTokenizer {
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

  const specials = layoutAndSpecials(json, (asObj(hf._tokenizerConfig) ?? {}) as Json, tokenToId, {
    bos: hf.bos_token_id,
    eos: hf.eos_token_id,
    pad: hf.pad_token_id,
  });
  return {
    ...specials,
    engine: 'transformers.js',
    idToToken: (id) => core.id_to_token?.(id) ?? undefined,
    encodeNoSpecial(text: string): TokenizedText {
      const enc = core.encode(text, { add_special_tokens: false });
      return { ids: enc.ids, offsets: alignTokens(text, enc.tokens, align), tokens: enc.tokens };
    },
  };
}

/** Reads tokenizer.json and tokenizer_config.json of a folder (no transformers.js, no weights). */
export function readTokenizerFiles(dir: string): { json: Json; config: Json } {
  const json = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8')) as Json;
  let config: Json = {};
  try {
    config = (asObj(JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8'))) ?? {}) as Json;
  } catch {
    // tokenizer_config.json is optional here: the special tokens are also in tokenizer.json.
  }
  return { json, config };
}

/** Loads the tokenizer of a local folder in hub layout, without the engine (tests, benchmark). */
export async function loadPairTokenizer(modelDir: string): Promise<{ tokenizer: LoadedPairTokenizer; hf: PreTrainedTokenizer }> {
  configureLocalOnly();
  const hf = await AutoTokenizer.from_pretrained(modelDir, { local_files_only: true });
  return { tokenizer: pairTokenizerFrom(hf), hf };
}
