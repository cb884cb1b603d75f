// The stack readers' kit, one import away: the shared vocabulary (fields.ts), score reading and score
// kinds (scores.ts), chunk drafts and sets (chunkDraft.ts, drafts.ts). Documents with user-named fields
// (docs.ts) are imported on their own by the search-engine readers. Imports run one way:
// fields <- chunkDraft <- scores <- drafts <- docs.
export * from './fields';
export * from './scores';
export * from './drafts';
export * from './reranked';
