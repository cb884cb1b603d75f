// The encoded pairs of one score request, in the order asked: from the model's tokenizer worker when
// it has one (so tokenizing overlaps onnxruntime), else encoded here in slices that yield to the event
// loop every 20 ms (so a cancel and the liveness heartbeats get through).
import { encodeChunkForPair, encodePairText, type EncodedPair } from './encode';
import type { LoadedModel } from './model';

const yieldToEvents = (): Promise<void> => new Promise((r) => setImmediate(r));

export async function* encodedPairs(m: LoadedModel, query: string, texts: string[], maxLength: number, isCancelled: () => boolean): AsyncGenerator<EncodedPair> {
  if (m.tokenizeWorker) {
    yield* m.tokenizeWorker.encode(query, texts, maxLength, isCancelled);
    return;
  }
  const qTok = encodeChunkForPair(m.tokenizer, query, maxLength);
  let slice = Date.now();
  for (const text of texts) {
    if (Date.now() - slice > 20) {
      await yieldToEvents();
      if (isCancelled()) return;
      slice = Date.now();
    }
    yield encodePairText(m.tokenizer, qTok, text, maxLength); // only what can matter of long texts (textPrefix.ts)
  }
}
