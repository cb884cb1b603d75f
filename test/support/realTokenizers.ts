// The real tokenizers too large to commit as they are (XLM-R 9 MB, bge-reranker-v2-m3 17 MB, ModernBERT
// 3.5 MB): stored in test/fixtures/tokenizers/<name>/ with tokenizer.json brotli-compressed (see each
// folder's PROVENANCE.md). Unpacked once per process into a temp folder, length and hash checked, so
// every test that needs one runs in a plain clone.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { REPO_ROOT } from './paths';

export const TOKENIZER_FIXTURES = join(REPO_ROOT, 'test/fixtures/tokenizers');

/** tokenizer.json of each packed fixture: its length and sha256 prefix, as PROVENANCE.md states them. */
const PACKED = {
  'xlm-roberta': { bytes: 9_081_351, sha: '2a0d7366' },
  'bge-reranker-v2-m3': { bytes: 17_098_273, sha: '69564b69' },
  modernbert: { bytes: 3_583_228, sha: '6c8aaa9a' },
} as const;

export type PackedTokenizer = keyof typeof PACKED;

const unpacked = new Map<PackedTokenizer, string>();

/** A folder with the real tokenizer files (tokenizer.json unpacked, the rest copied). */
export function realTokenizerDir(name: PackedTokenizer): string {
  const done = unpacked.get(name);
  if (done && existsSync(join(done, 'tokenizer.json'))) return done;
  const src = join(TOKENIZER_FIXTURES, name);
  const json = brotliDecompressSync(readFileSync(join(src, 'tokenizer.json.br')));
  const sha = createHash('sha256').update(json).digest('hex');
  const want = PACKED[name];
  if (json.length !== want.bytes || !sha.startsWith(want.sha)) {
    throw new Error(`${name}/tokenizer.json.br unpacks to ${json.length} bytes, sha256 ${sha.slice(0, 8)}: not the file PROVENANCE.md names`);
  }
  const dir = mkdtempSync(join(tmpdir(), `rl-tok-${name}-`));
  writeFileSync(join(dir, 'tokenizer.json'), json);
  for (const f of readdirSync(src)) if (f !== 'tokenizer.json.br') copyFileSync(join(src, f), join(dir, f));
  unpacked.set(name, dir);
  return dir;
}
