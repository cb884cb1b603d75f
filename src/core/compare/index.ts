// Comparing scorers on the same chunks (the compare view and `rerank-lens compare`): agreement
// (Kendall's tau-b, top-k overlap, most-disagreeing chunks), per-scorer metrics with a paired bootstrap
// interval of their difference, and threshold translation by share of chunks kept or by recall. Pure.
export * from './agreement';
export * from './metrics';
export * from './report';
export * from './thresholds';
