// The documents every generator indexes, the query, and a deterministic toy embedding (hashed bag of
// words, 16 dimensions, unit length): the libraries run for real, only the vectors are made up here.
export const QUERY = 'why is the connection pool exhausted';

export const DOCS = [
  { id: 'pool-1', title: 'Pool sizing', content: 'The connection pool is exhausted when every connection is checked out and callers wait for one to return.' },
  { id: 'pool-2', title: 'Leaks', content: 'A connection that is never released leaks from the pool; after enough leaks the pool is exhausted.' },
  { id: 'retry-1', title: 'Retries', content: 'Retries with exponential backoff spread load when a downstream service is slow to answer.' },
  { id: 'timeout-1', title: 'Timeouts', content: 'Set an acquire timeout so a request fails fast instead of waiting forever for a pooled connection.' },
  { id: 'cache-1', title: 'Caching', content: 'A read-through cache keeps hot rows in memory and takes pressure off the database.' },
  { id: 'index-1', title: 'Indexes', content: 'A missing index turns a lookup into a full scan, and slow queries hold their connections longer.' },
];

const DIM = 16;

function hash(word) {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function embed(text) {
  const v = new Array(DIM).fill(0);
  for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (w.length < 3) continue;
    const h = hash(w.replace(/(ed|s)$/, ''));
    v[h % DIM] += (h & 1) === 0 ? 1 : 0.5;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
}
