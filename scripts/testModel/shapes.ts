// The model shapes the generator knows. `tiny` is the committed test fixture; `minilm-l6` has exactly
// the shape of cross-encoder/ms-marco-MiniLM-L-6-v2 (for benchmarks; weights are random).

export interface BertShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocab: number;
  layerNormEps: number;
  /** 'roberta': an XLMRobertaForSequenceClassification (see bertGraph.ts). Default 'bert'. */
  family?: 'bert' | 'roberta' | 'modernbert' | 'deberta';
}

export type ShapeName = 'tiny' | 'minilm-l6' | 'minilm-l6-2k' | 'tiny-xlmr' | 'tiny-modernbert' | 'tiny-deberta';

export const SHAPES: Record<ShapeName, BertShape> = {
  // vocab 30522 so the real bert-base-uncased tokenizer works with it unchanged.
  tiny: { vocabSize: 30522, hidden: 32, layers: 2, heads: 2, intermediate: 64, maxPositions: 512, typeVocab: 2, layerNormEps: 1e-12 },
  // XLM-RoBERTa-shaped (bge-reranker / jina-reranker-v2 family): the real XLM-R SentencePiece vocabulary
  // (250,002 ids), 514 positions (2 before the first token), one token type. Generated on demand.
  'tiny-xlmr': { vocabSize: 250002, hidden: 32, layers: 2, heads: 2, intermediate: 64, maxPositions: 514, typeVocab: 1, layerNormEps: 1e-5, family: 'roberta' },
  // ModernBERT-shaped for the input plumbing only (gte-reranker-modernbert): the real ModernBERT vocabulary
  // and an 8,192-token limit; inputs input_ids + attention_mask. No rotary positions: not a ModernBERT
  // forward pass, only what the engine feeds it.
  'tiny-modernbert': { vocabSize: 50368, hidden: 32, layers: 2, heads: 2, intermediate: 64, maxPositions: 8192, typeVocab: 1, layerNormEps: 1e-5, family: 'modernbert' },
  // DeBERTa-v3-shaped for the input plumbing (mixedbread-ai/mxbai-rerank-*-v1): the synthetic DeBERTa-v3
  // tokenizer fixture (12,005 ids), 512 positions, type_vocab_size 0, so the graph declares input_ids +
  // attention_mask only (optimum's DebertaV2OnnxConfig). A BERT-like encoder, not DeBERTa's disentangled
  // relative attention: absolute positions stand in for it (see bertGraph.ts, family 'deberta').
  'tiny-deberta': { vocabSize: 12005, hidden: 32, layers: 2, heads: 2, intermediate: 64, maxPositions: 512, typeVocab: 0, layerNormEps: 1e-7, family: 'deberta' },
  // MiniLM-L6 with 2,048 positions: the bench's long-pair memory line (no real model has this shape).
  'minilm-l6-2k': { vocabSize: 30522, hidden: 384, layers: 6, heads: 12, intermediate: 1536, maxPositions: 2048, typeVocab: 2, layerNormEps: 1e-12 },
  'minilm-l6': { vocabSize: 30522, hidden: 384, layers: 6, heads: 12, intermediate: 1536, maxPositions: 512, typeVocab: 2, layerNormEps: 1e-12 },
};

export function isShapeName(s: string): s is ShapeName {
  return Object.prototype.hasOwnProperty.call(SHAPES, s);
}
