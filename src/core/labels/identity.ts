// Stable identities for labels: what a qrels line calls a query and a chunk, so a judgment made today
// finds its chunk again tomorrow, in the panel, in the saved file and in `rerank-lens eval --qrels`.
// Pure.
//
// - Query: the input's query id when it has one, else `text:` + textHash(query text).
// - Chunk: the input's id when it has one (Chunk.id from the reader), else `text:` + textHash(chunk
//   text). Positional ids the readers invent (`#3`) are not identities: the same chunk is #3 in one run
//   and #5 in the next. Ids with whitespace cannot sit in a qrels line and also fall back to the hash.
// - textHash: the text with CRLF/CR turned into LF and surrounding whitespace trimmed, hashed with
//   cyrb53 (a public-domain 53-bit string hash) under seeds 1 and 2, the two values in hex: 106 bits,
//   identical on every platform and stable across versions (changing it would orphan saved labels).

/** cyrb53 over UTF-16 code units. */
function cyrb53(str: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** 28 hex characters identifying a text (see the header). */
export function textHash(text: string): string {
  const t = normalizeText(text);
  return cyrb53(t, 1).toString(16).padStart(14, '0') + cyrb53(t, 2).toString(16).padStart(14, '0');
}

export const TEXT_ID_PREFIX = 'text:';

/** Readers name chunks without an id of their own `#<rank>`. */
export const isPositionalId = (id: string): boolean => /^#\d+$/.test(id);

const usableId = (id: string | undefined): id is string => id !== undefined && id !== '' && !/\s/.test(id) && !isPositionalId(id);

export function chunkIdentity(chunk: { id: string; text: string }): string {
  return usableId(chunk.id) ? chunk.id : TEXT_ID_PREFIX + textHash(chunk.text);
}

export function queryIdentity(set: { queryId?: string; query?: string }): string {
  if (usableId(set.queryId)) return set.queryId;
  return TEXT_ID_PREFIX + textHash(set.query ?? '');
}

/** An id as a single whitespace-free field of a TREC line (whitespace becomes `_`). */
export function trecSafeId(id: string): string {
  return id.replace(/\s+/g, '_');
}

/** The scheme, as written into saved label files' header comment. */
export const IDENTITY_NOTE =
  "ids: the input's own query and chunk ids; chunks or queries without one are `text:` + cyrb53 (seeds 1 and 2, hex) of the text with line ends as LF, trimmed";
