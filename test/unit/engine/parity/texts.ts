// Random texts for tokenizer parity: the inputs where tokenizer implementations tend to disagree.
// Each text is a sequence of pieces drawn from families (words, CJK, emoji sequences, accents and
// combining marks, whitespace runs, control characters, very long words, literal special tokens,
// compatibility characters that NFKC rewrites), joined with or without separators.
import fc from 'fast-check';

const WORDS = [
  'the', 'river', 'bank', 'Berlin', 'museum', 'unbelievable', 'tokenization', "don't", 'U.S.A.', 'e-mail',
  'naïve', 'café', 'Zürich', 'straße', 'ΣΟΦΙΑ', 'ὀδυσσεύς', 'Москва', 'İstanbul', 'ǅemal', 'x86_64',
  '3.14159', '1,000,000', '$42', '50%', 'C++', '#hashtag', '@user', 'http://a.b/c?d=e', 'A', 'I', 'a',
];
const CJK = ['東京', '你好世界', '分词器测试', '日本語のテキスト', 'カタカナ', '한국어 문장', '漢', '𠀋', '〇', '々'];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇩🇪', '❤️', '🏳️‍🌈', '1️⃣', '🤖', '☕'];
const ACCENTS = ['é', 'e\u0301', 'ñ', 'n\u0303', 'Å', 'A\u030a', 'ǖ', 'u\u0308\u0304', 'ế', 'a\u0300\u0301\u0302', '\u0301', 'ä̈'];
const SCRIPTS = ['مرحبا', 'שלום', 'नमस्ते', 'ภาษาไทย', 'ქართული', 'Ελληνικά', 'հայերեն', 'ᚠᛇᚻ'];
const COMPAT = ['ﬁ', 'ﬀ', 'Ⅻ', '①', 'ｆｕｌｌｗｉｄｔｈ', '１２３', '㎏', '…', '™', '½', 'ｶﾀｶﾅ', 'Å', 'ﾞ', '\u2126'];
const SPACES = [' ', '  ', '   ', '\t', '\n', '\r\n', '\n\n', '\u00a0', '\u3000', '\u2003', '\u2028', '\u200b', ' \t \n ', '\u202f'];
const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\ufeff', '\ufffd', '\u200d', '\u200e', '\u00ad', '\u0009\u000b\u000c'];
const PUNCT = ['.', ',', '!', '?', '...', '—', '–', '"', "'", '(', ')', '[', ']', '{}', '«»', '、', '。', '！', '¿', '¡', '::', '->', '//', '***'];
/** Texts some tokenizers treat as their own special tokens when they appear in user text. */
const SPECIAL_LITERALS = ['[SEP]', '[CLS]', '[MASK]', '[UNK]', '<s>', '</s>', '<mask>', '<unk>', '<pad>', '<|endoftext|>', '[PAD]', ' <mask>', '▁'];

const pick = (xs: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...xs);

const longWord = fc
  .tuple(fc.constantFrom('a', 'ab', 'xyz', 'é', '東', '😀', '9', 'supercalifragilistic'), fc.integer({ min: 20, max: 300 }))
  .map(([u, n]) => Array.from(u.repeat(n)).slice(0, n).join('')); // by code points: no lone surrogates

const randomWord = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
const anyCodePoints = fc.string({ unit: 'binary', minLength: 1, maxLength: 6 });

const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: pick(WORDS) },
  { weight: 3, arbitrary: pick(CJK) },
  { weight: 2, arbitrary: pick(EMOJI) },
  { weight: 3, arbitrary: pick(ACCENTS) },
  { weight: 2, arbitrary: pick(SCRIPTS) },
  { weight: 2, arbitrary: pick(COMPAT) },
  { weight: 3, arbitrary: pick(SPACES) },
  { weight: 2, arbitrary: pick(CONTROLS) },
  { weight: 3, arbitrary: pick(PUNCT) },
  { weight: 1, arbitrary: pick(SPECIAL_LITERALS) },
  { weight: 1, arbitrary: longWord },
  { weight: 2, arbitrary: randomWord },
  { weight: 1, arbitrary: anyCodePoints },
);

const joiner = fc.constantFrom(' ', ' ', ' ', ' ', '', '  ', '\n', '\t');

/** One text of up to `maxPieces` pieces; about one in twelve is empty. */
export function text(maxPieces = 40): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: pick(SPACES) },
    {
      weight: 10,
      arbitrary: fc.array(fc.tuple(piece, joiner), { minLength: 1, maxLength: maxPieces }).map((parts) => parts.map(([p, j]) => p + j).join('')),
    },
  );
}

/** Max lengths from 8 to 512, biased towards the small ones where truncation always happens. */
export const maxLength: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 8, max: 32 }) },
  { weight: 2, arbitrary: fc.integer({ min: 33, max: 128 }) },
  { weight: 1, arbitrary: fc.integer({ min: 129, max: 512 }) },
  { weight: 1, arbitrary: fc.constantFrom(8, 512) },
);

export const pair = fc.record({ query: text(12), passage: text(60), maxLength });
