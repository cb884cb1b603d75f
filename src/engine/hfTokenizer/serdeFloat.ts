// The Rust library reads tokenizer.json with serde_json, whose default float parser is not correctly
// rounded: it reads the decimal digits as an integer (up to u64), converts that to f64 and divides by
// a power of ten, two roundings where JSON.parse makes one. Unigram scores parsed that way can be one
// ulp away from JSON.parse's, which is enough to flip a Viterbi tie (bge-reranker-v2-m3: "river999..."
// segmented 99|999|99 by Rust, 99|99|999 with JSON.parse's values). tokenizer.json files are written
// with the shortest round-trip digits (serde's ryu, Python's repr), which Number#toString reproduces,
// so the digits serde saw can be recovered from the parsed number.

const POW10: number[] = Array.from({ length: 309 }, (_, k) => Number(`1e${k}`));
const U64_MAX = 18446744073709551615n;

/** serde_json's (non float_roundtrip) f64 for the decimal text of `x`. */
export function serdeF64(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) return x;
  const [, sign, int, frac = '', exp = '0'] = m;
  let significand = 0n;
  let exponent = Number(exp);
  for (const d of int) {
    const next = significand * 10n + BigInt(d);
    if (next > U64_MAX) return x; // serde's long-integer path; never the case for scores
    significand = next;
  }
  for (const d of frac) {
    const next = significand * 10n + BigInt(d);
    if (next > U64_MAX) break; // further digits are ignored
    significand = next;
    exponent--;
  }
  let f = Number(significand);
  for (;;) {
    const k = Math.abs(exponent);
    if (k < POW10.length) {
      f = exponent >= 0 ? f * POW10[k] : f / POW10[k];
      break;
    }
    if (f === 0 || exponent >= 0) break;
    f /= 1e308;
    exponent += 308;
  }
  return sign ? -f : f;
}
