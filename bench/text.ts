// Deterministic English-like text built from words of the real bert-base-uncased vocabulary, so token
// counts behave like prose (mostly one token per word, some words split into word pieces).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../scripts/testModel/rng';

export interface BenchPairs {
  query: string;
  chunks: string[];
  /** Words per chunk, as generated (20..400). */
  words: number[];
}

function vocabWords(modelDir: string): string[] {
  // vocab.txt is roughly frequency-ordered after the unused/special entries: early words are common.
  return readFileSync(join(modelDir, 'vocab.txt'), 'utf8')
    .split('\n')
    .filter((w) => /^[a-z]{2,12}$/.test(w) || w === 'a');
}

function makeWriter(words: string[], next: () => number) {
  // u*u skews picks toward the frequent words (Zipf-ish). Every vocabulary word is one token, so some
  // words are two glued together: they split into word pieces, giving ~1.3 tokens per word like prose.
  const pick = () => words[Math.floor(next() * next() * words.length)];
  const word = () => (next() < 0.1 ? pick() + pick() : pick());
  const sentence = (n: number, end: string): string => {
    const ws: string[] = [];
    for (let i = 0; i < n; i++) ws.push(word() + (i > 0 && i < n - 1 && next() < 0.08 ? ',' : ''));
    ws[0] = ws[0][0].toUpperCase() + ws[0].slice(1);
    return ws.join(' ') + end;
  };
  return {
    paragraph(total: number): string {
      const out: string[] = [];
      let left = total;
      while (left > 0) {
        const n = Math.min(left, 6 + Math.floor(next() * 15));
        out.push(sentence(n, '.'));
        left -= n;
      }
      return out.join(' ');
    },
    question: (n: number) => sentence(n, '?'),
  };
}

/** One query and `count` chunks of `minWords`..`maxWords` words, the same for a given seed. */
export function benchPairs(modelDir: string, count = 100, seed = 2024, minWords = 20, maxWords = 400): BenchPairs {
  const next = mulberry32(seed);
  const w = makeWriter(vocabWords(modelDir), next);
  const query = w.question(8);
  const words: number[] = [];
  const chunks: string[] = [];
  for (let i = 0; i < count; i++) {
    // Spread evenly over the range (shuffled order), so short and long chunks are both well represented.
    const n = Math.round(minWords + ((maxWords - minWords) * ((i * 37) % count)) / (count - 1));
    words.push(n);
    chunks.push(w.paragraph(n));
  }
  return { query, chunks, words };
}
