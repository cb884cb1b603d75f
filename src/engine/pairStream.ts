// The encoded pairs of one score request, in the order asked: from the model's tokenizer worker when
// it has one (so tokenizing overlaps onnxruntime), else encoded here in slices that yield to the event
// loop every 20 ms (so a cancel and the liveness heartbeats get through).
import { pairEncoder, type EncodedPair } from './encode';
import type { LoadedModel } from './model';

const yieldToEvents = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Encoded pairs for `texts` in order; text k pairs with queries[queryOf(k)] (one query: always 0). */
export async function* encodedPairs(
  m: LoadedModel,
  queries: readonly string[],
  queryOf: (k: number) => number,
  texts: string[],
  maxLength: number,
  isCancelled: () => boolean,
): AsyncGenerator<EncodedPair> {
  if (m.tokenizeWorker) {
    yield* m.tokenizeWorker.encode(queries, texts.map((_, k) => queryOf(k)), texts, maxLength, isCancelled);
    return;
  }
  const encode = pairEncoder(m.tokenizer, queries, maxLength);
  let slice = Date.now();
  for (let k = 0; k < texts.length; k++) {
    if (Date.now() - slice > 20) {
      await yieldToEvents();
      if (isCancelled()) return;
      slice = Date.now();
    }
    yield encode(queryOf(k), texts[k]);
  }
}
